"""Check the GAN's alternating updates on one backend; run as a script for the backends not in-process.

Learning rate 0 for one side isolates the other side's update: with the generator's optimizer
frozen, a step must change the discriminator only; with the discriminator's frozen, the generator's
update (made through the discriminator) must leave every discriminator weight as it was.
"""

import sys

import numpy as np


def weights_changed(before, model):
    return any(np.abs(a - b).max() > 0 for a, b in zip(before, model.get_weights()))


def changes(d_learning_rate, g_learning_rate):
    import keras

    from keraslab.models.dcgan import build_discriminator, build_generator
    from keraslab.models.gan import GAN

    keras.utils.set_random_seed(0)
    gan = GAN(build_generator(8, (8, 8, 1), width=4), build_discriminator((8, 8, 1), width=4), 8, seed=1)
    gan.compile(keras.optimizers.Adam(d_learning_rate), keras.optimizers.Adam(g_learning_rate))
    d_before = [w.copy() for w in gan.discriminator.get_weights()]
    g_before = [w.copy() for w in gan.generator.get_weights()]
    real = np.random.default_rng(0).uniform(-1, 1, size=(64, 8, 8, 1)).astype("float32")
    gan.fit(real, epochs=1, batch_size=32, verbose=0)
    return weights_changed(d_before, gan.discriminator), weights_changed(g_before, gan.generator)


if __name__ == "__main__":
    print("discriminator step", changes(1e-2, 0.0))
    print("generator step", changes(0.0, 1e-2))
    sys.stdout.flush()
