"""Model builders and `keras.Model` subclasses, one idea per file."""
