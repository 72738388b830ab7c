"""Fault soak: create / rename / delete cycles against the simulator with injected faults (``python -m tests.soak``)."""
