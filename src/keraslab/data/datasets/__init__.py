"""One module per registered dataset, each defining `DATASET`."""
