"""Running a table's variants side by side, each in its own thread (each against its own simulator)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

Result = TypeVar("Result")


def side_by_side(measures: Sequence[tuple[str, Callable[[], Result]]]) -> list[Result]:
    """Start every ``(name, measure)`` at once; their results in the order given. The first error is raised."""
    results: dict[int, Result] = {}
    errors: list[BaseException] = []

    def run(index: int, measure: Callable[[], Result]) -> None:
        try:
            results[index] = measure()
        except BaseException as exc:  # reported by the caller's thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(index, measure), name=name) for index, (name, measure) in enumerate(measures)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return [results[index] for index in range(len(measures))]
