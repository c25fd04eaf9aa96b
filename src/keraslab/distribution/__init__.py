"""Training across devices: `--distribute data-parallel` (keras.distribution.DataParallel, JAX only)."""
