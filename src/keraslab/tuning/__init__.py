"""Hyperparameter search (`keraslab tune`): Optuna studies whose trials are keraslab runs."""
