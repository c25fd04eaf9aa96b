"""Datasets: a registry of named, verified datasets, the cache and mirror, and loaders for user data."""
