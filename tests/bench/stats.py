"""Small statistics and the plain-text table every benchmark prints."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else math.nan


def p95(values: Sequence[float]) -> float:
    """Nearest-rank 95th percentile: a value that was actually observed."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def ratio(value: float, baseline: float) -> str:
    if not baseline or math.isnan(baseline) or math.isnan(value):
        return "-"
    return f"{value / baseline:.2f}x"


@dataclass(frozen=True)
class Target:
    """A figure the issue asks for, what was measured, and whether it was met."""

    wanted: str
    measured: str
    met: bool
    why_missed: str = ""  # what the figure comes from, shown when the target is not met

    def line(self) -> str:
        text = f"[{'met' if self.met else 'NOT MET'}] {self.wanted}: {self.measured}"
        return f"{text}. Why: {self.why_missed}" if self.why_missed and not self.met else text


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list[str]]
    method: list[str] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)

    def render(self) -> str:
        widths = [max(len(str(cell)) for cell in column) for column in zip(self.headers, *self.rows)]
        lines = [self.title, ""]
        for index, row in enumerate([self.headers, *self.rows]):
            lines.append("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths)).rstrip())
            if index == 0:
                lines.append("  ".join("-" * width for width in widths))
        return "\n".join(lines)

    def markdown(self) -> str:
        lines = ["| " + " | ".join(self.headers) + " |", "|" + "|".join("---" for _header in self.headers) + "|"]
        lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in self.rows]
        return "\n".join(lines)
