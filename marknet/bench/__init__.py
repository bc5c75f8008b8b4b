"""Benchmarks behind ``marknet bench …``: figures measured on this machine, not timed tests."""
