"""Pretrained weights that install from the package registry and work offline.

torch_legacy    reads PyTorch's legacy `.pth` pickle without torch, accepting only tensor-rebuilding globals
efficientnet_lite0  ImageNet EfficientNet-Lite0: verified, converted once to a Keras `.weights.h5` in the cache
imagenet        ImageNet's 1,000 class names and top-k decoding
"""
