"""Latency percentiles the same way in every benchmark, so p95 means one thing in RESULTS.md.

Percentiles interpolate linearly between the two nearest ranks (numpy's default, "type 7"):
with few samples (an alert run has 20-50) the nearest-rank method would jump from sample to
sample, and `statistics.quantiles` needs at least two values and excludes the ends by default.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) of ``values``, linearly interpolated; NaN when empty."""
    if not 0 <= q <= 100:
        raise ValueError(f"percentile must be within 0..100, got {q}")
    ordered = sorted(values)
    if not ordered:
        return math.nan
    rank = (len(ordered) - 1) * q / 100
    below = math.floor(rank)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (ordered[above] - ordered[below]) * (rank - below)


def latency_summary(seconds: Iterable[float], scale: float = 1000.0) -> dict[str, float]:
    """count, p50, p95, p99 and max of latencies given in seconds, scaled (ms by default)."""
    values = list(seconds)
    summary: dict[str, float] = {"count": len(values)}
    for q in (50, 95, 99):
        summary[f"p{q}"] = round(percentile(values, q) * scale, 1)
    summary["max"] = round(max(values) * scale, 1) if values else math.nan
    return summary
