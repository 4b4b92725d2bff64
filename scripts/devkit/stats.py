"""Percentiles for benchmark reports: one definition for every script.

`percentile` interpolates linearly between the two nearest ranks (numpy's default method, and the
same as `statistics.median` for q = 0.5), so p50, p95 and max always come from the same rule.
"""

from __future__ import annotations

import math
from collections.abc import Iterable


def percentile(values: Iterable[float], q: float) -> float:
    """The q-quantile of `values`, q from 0 to 1 (0.95 for p95); NaN if there are no values."""
    if not 0 <= q <= 1:
        raise ValueError(f"q must be between 0 and 1, got {q!r}")
    ordered = sorted(values)
    if not ordered:
        return math.nan
    position = q * (len(ordered) - 1)
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def summary(values: Iterable[float]) -> dict[str, float]:
    """{"p50", "p95", "max", "n"} of `values` (NaN figures and n = 0 when there are none)."""
    ordered = sorted(values)
    return {
        "p50": percentile(ordered, 0.5),
        "p95": percentile(ordered, 0.95),
        "max": ordered[-1] if ordered else math.nan,
        "n": len(ordered),
    }
