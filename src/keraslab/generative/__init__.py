"""Helpers the generative tasks share: FID-MNIST, image grids and animations."""
