"""Waiting in a test for the simulator to reach an arranged state."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any


def wait_for(condition: Callable[[], Any], what: str, timeout: float = 60) -> Any:
    """Poll ``condition()`` every 0.1 s until it is truthy; returns its value. AssertionError after ``timeout`` s."""
    ends = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        assert time.monotonic() < ends, f"{what}: not within {timeout} s"
        time.sleep(0.1)
