"""Reusable, serialisable layers, one per file, registered with `keras.saving`."""
