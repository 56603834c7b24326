"""Summaries of repeated measurements: every figure of the suite is the median of its samples."""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable


def percentile(values, q: float) -> float:
    """The ``q``-th percentile (0–100) by linear interpolation between closest ranks."""
    data = sorted(values)
    if not data:
        return math.nan
    if len(data) == 1:
        return float(data[0])
    rank = (len(data) - 1) * q / 100
    low = math.floor(rank)
    high = min(low + 1, len(data) - 1)
    return float(data[low] + (data[high] - data[low]) * (rank - low))


def summary(values) -> dict:
    """{"median", "p95", "min", "max", "n"} of the samples (NaN for none)."""
    data = list(values)
    if not data:
        return {"median": math.nan, "p95": math.nan, "min": math.nan, "max": math.nan, "n": 0}
    return {"median": float(statistics.median(data)), "p95": percentile(data, 95), "min": float(min(data)),
            "max": float(max(data)), "n": len(data)}


def timed(func: Callable[[], object]) -> tuple[float, object]:
    """Seconds the call took (wall clock, ``perf_counter``) and what it returned."""
    start = time.perf_counter()
    result = func()
    return time.perf_counter() - start, result


def repeat(func: Callable[[], object], n: int, *, warmup: int = 1) -> tuple[list[float], object]:
    """Seconds of ``n`` calls after ``warmup`` unmeasured ones, and the last call's result."""
    result = None
    for _ in range(warmup):
        result = func()
    samples = []
    for _ in range(n):
        seconds, result = timed(func)
        samples.append(seconds)
    return samples, result
