"""Benchmarks: scripts that print figures. Run ``python -m tests.benchmarks [name ...]``."""
