"""One seed drives Python, NumPy and the backend."""


def seed_everything(seed):
    import keras

    keras.utils.set_random_seed(seed)
    if keras.backend.backend() == "tensorflow":
        import tensorflow as tf

        # Same seed, same numbers: deterministic kernels cost little on a CPU.
        tf.config.experimental.enable_op_determinism()
