"""Running configs: the run directory, seeding, the epoch loop around `fit`, checkpoints, results."""
