"""The six workloads of issue 7. Each module has ``run(ctx) -> list[Figure]``; ``bench.run`` calls them in
order and prints the figures side by side with their baselines."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field


@dataclass
class Figure:
    """One measured figure next to its baseline. ``ratio`` is always ``figure / baseline`` in the figure's
    unit: above 1 means slower for times and faster for rates; ``goal`` says which way is good."""

    key: str
    label: str
    figure: float
    unit: str
    baseline: float | None = None
    baseline_label: str = ""
    goal: str = ""
    met: bool | None = None
    database: str | None = None
    samples: dict = field(default_factory=dict)
    baseline_samples: dict = field(default_factory=dict)
    notes: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if self.baseline in (None, 0) or self.figure is None or math.isnan(self.figure):
            return None
        return self.figure / self.baseline

    def as_dict(self) -> dict:
        data = asdict(self)
        data["ratio"] = self.ratio
        return data


class Skipped(Exception):
    """A workload that cannot run on this data (e.g. no public item): reported, not a failure."""


def rate(count: int, seconds_samples: list[float]) -> list[float]:
    """Per-sample rates (count / seconds)."""
    return [count / s for s in seconds_samples if s > 0]
