"""GanProgress: after every epoch, the fixed-noise sample grid (frames of the GIF) and a quick FID.

The same 100 latent codes every epoch make the frames comparable: the GIF shows those digits form.
The quick FID (on up to 1,000 samples) goes into the epoch's logs as `fid`, which the training loop
monitors to keep the best epoch, since a GAN's losses say little about its samples.
"""

import keras
import numpy as np

from keraslab.generative.images import save_grid


class GanProgress(keras.callbacks.Callback):
    def __init__(self, gan, codes, judge, reference, to_unit, folder, fid_samples=1000):
        super().__init__()
        self.gan = gan
        self.codes = codes
        self.judge = judge
        self.reference = reference
        self.to_unit = to_unit
        self.folder = folder
        self.fid_samples = fid_samples

    def frames(self):
        """Every epoch's grid so far, read back from disk: a resumed run has the epochs before it too."""
        from PIL import Image

        return [np.asarray(Image.open(path).convert("L")) for path in sorted(self.folder.glob("epoch-*.png"))]

    def on_epoch_end(self, epoch, logs=None):
        images = self.to_unit(self.gan.generate(self.codes))
        save_grid(images, self.folder / f"epoch-{epoch + 1:03d}.png")
        if logs is None:
            return
        if self.fid_samples:
            codes = np.random.default_rng(epoch).standard_normal((self.fid_samples, self.codes.shape[1]))
            generated = self.to_unit(self.gan.generate(codes.astype("float32")))
            logs["fid"] = self.judge.fid(generated, self.reference[:self.fid_samples])[0]
        else:
            logs["fid"] = -float(epoch)  # nothing to judge by: the lowest "fid" is the last epoch
