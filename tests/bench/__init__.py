"""Benchmarks of the waiting-at-scale claims (issue 4).

    make bench                      # all five tables, about 15 minutes; writes docs/performance.md
    make bench BENCH_ARGS=--quick   # fewer samples, faster simulated time
    python -m tests.bench --tables 1,3 --output -

Not pytest tests: speed is shown by tables printed from one run against the
simulator, never asserted by a timed test.
"""
