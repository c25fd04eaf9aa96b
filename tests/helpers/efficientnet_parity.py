"""Print the largest |Keras logit - reference PyTorch logit| on the well-known photos, on this process's backend.

Run by tests/pretrained/test_efficientnet_lite0.py in a subprocess per backend.
"""

import numpy as np


def reference_logits(x):
    """The reference model (package efficientnet-lite-pytorch) on (pixels - 127) / 128, NCHW."""
    import torch
    from efficientnet_lite_pytorch import EfficientNet

    from keraslab.pretrained.efficientnet_lite0 import package_pth

    model = EfficientNet.from_pretrained("efficientnet-lite0", weights_path=str(package_pth())).eval()
    scaled = ((x.astype("float32") - 127.0) / 128.0).transpose(0, 3, 1, 2)
    with torch.no_grad():
        return model(torch.from_numpy(np.ascontiguousarray(scaled))).numpy()


def keras_logits(x):
    from keraslab.pretrained.efficientnet_lite0 import efficientnet_lite0

    # One compiled call: called eagerly, JAX compiles every operation on its own (10 s against 2 s).
    return efficientnet_lite0().predict_on_batch(x.astype("float32"))


def main():
    import keras

    from tests.pretrained.photos import batch

    _, x = batch()
    difference = np.abs(keras_logits(x) - reference_logits(x)).max()
    print(f"backend {keras.backend.backend()} max logit difference {difference:.3e}")


if __name__ == "__main__":
    main()
