"""Benchmarks of the waiting-at-scale claims (issue 4): `make bench` or `python -m tests.bench`.

Not pytest tests: speed is shown by tables printed from one run against the
simulator, never asserted by a timed test.
"""
