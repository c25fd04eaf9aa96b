"""Grids of runs over config values (`keraslab sweep`)."""
