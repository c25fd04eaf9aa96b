"""One seed drives Python, NumPy and the backend."""


def seed_everything(seed, jit_compile=False):
    import keras

    keras.utils.set_random_seed(seed)
    if keras.backend.backend() == "tensorflow" and not jit_compile:
        import tensorflow as tf

        # Same seed, same numbers: deterministic kernels cost little on a CPU. Not under XLA: Keras refuses
        # jit_compile while TensorFlow's op determinism is on (some XLA GPU kernels are not deterministic), and
        # XLA's CPU code is deterministic as compiled (the smoke resume check holds it to the same numbers).
        tf.config.experimental.enable_op_determinism()
