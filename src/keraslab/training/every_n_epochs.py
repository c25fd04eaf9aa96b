"""Keras's ModelCheckpoint, saving every `every` epochs instead of every epoch.

ModelCheckpoint's own `save_freq` counts batches (and its count restarts with each `fit` call, which
keraslab makes once per epoch), so "every N epochs" is decided here from the epoch number Keras passes,
which a resumed run passes the same.
"""

import keras


class EveryNEpochsCheckpoint(keras.callbacks.ModelCheckpoint):
    def __init__(self, filepath, every, **kwargs):
        super().__init__(filepath, **kwargs)
        self.every = every

    def on_epoch_end(self, epoch, logs=None):
        if (epoch + 1) % self.every == 0:
            super().on_epoch_end(epoch, logs)
