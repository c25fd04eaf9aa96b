"""Measuring: the float32 ceiling of this machine, throughput, time to target.

Benchmarks report against a ceiling measured in the same run, because a 2-core CPU's speed
varies with what else runs on it.
"""
