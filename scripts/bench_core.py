"""Benchmark the core: load, partition, and every day's states and territory, on a dataset and on a larger copy.

Measured in the same run (not a test: timings depend on the machine):
  load + validate     `load_dataset`
  partition           `build_partition`: the date-independent pieces of land (once per dataset)
  one day, alone      a fresh `Days(dataset, partition)[day]`: states, assignment and territory for a day with
                      nothing shared (median over the keyframes)
  every day, `Days`   one `Days` for the whole period: each keyframe computed once and shared by the days after
                      it, against the baseline of computing every day alone
  synthetic xN        the same on a copy with N times the places (scattered up to ~20 km around each, kept
                      inside the outline): per-day cost against the dataset's, for N times the places

Usage: python scripts/bench_core.py [--data DIR] [--repeat N] [--scale 10]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from devkit.server import ROOT
from devkit.stats import percentile

from dashboard.core import Dataset, Days, build_partition, load_dataset

DEFAULT_DATA = ROOT / "geodata" / "syria-2024"


def timed(func: Callable[[], Any]) -> tuple[float, Any]:
    """(seconds, result) of one call."""
    start = time.perf_counter()
    result = func()
    return time.perf_counter() - start, result


def median_of(func: Callable[[], Any], repeat: int) -> float:
    """Median seconds of `repeat` calls."""
    return percentile([timed(func)[0] for _ in range(repeat)], 0.5)


def scaled(dataset: Dataset, factor: int, seed: int = 7) -> Dataset:
    """`factor` copies of every drawn place (the first in place), scattered ~20 km around it inside the outline."""
    rng = np.random.default_rng(seed)
    places = list(dataset.places)
    for copy in range(1, factor):
        for place in dataset.shown_places:
            lon, lat = place.lon, place.lat
            for _attempt in range(20):
                x, y = place.lon + rng.normal(0, 0.15), place.lat + rng.normal(0, 0.15)
                if shapely.contains_xy(dataset.outline, x, y):
                    lon, lat = x, y
                    break
            places.append(replace(place, id=f"{place.id}-{copy}", lon=lon, lat=lat))
    return replace(dataset, places=tuple(places))


@dataclass
class CoreTimes:
    """One dataset's figures, in seconds."""

    places: int
    pieces: int
    days: int
    keyframes: int
    partition: float  # median
    one_day: float  # median over the keyframes, each computed alone
    every_day: float  # the whole period through one Days


def measure(dataset: Dataset, repeat: int) -> CoreTimes:
    """Partition once, then each keyframe alone, then the whole period through one `Days`."""
    partition = build_partition(dataset)  # also the warm-up
    partition_s = median_of(lambda: build_partition(dataset), repeat)
    keyframes = Days(dataset, partition).keyframes
    alone = []
    for _ in range(repeat):
        alone += [timed(lambda d=day: Days(dataset, partition)[d])[0] for day in keyframes]
    every_day = median_of(lambda: list(Days(dataset, partition)), repeat)
    return CoreTimes(
        places=len(dataset.shown_places),
        pieces=len(partition.pieces),
        days=len(dataset.period()),
        keyframes=len(keyframes),
        partition=partition_s,
        one_day=percentile(alone, 0.5),
        every_day=every_day,
    )


def report(name: str, t: CoreTimes) -> None:
    """Print one dataset's figures and the `Days` sharing against computing every day alone."""
    alone_total = t.one_day * t.days
    print(
        f"{name}: {t.places} drawn places, {t.pieces} pieces, {t.days} days, {t.keyframes} keyframes\n"
        f"  partition (once):                 {t.partition * 1000:8.0f} ms\n"
        f"  one day alone (median):           {t.one_day * 1000:8.1f} ms\n"
        f"  every day, each alone (baseline): {alone_total * 1000:8.0f} ms  ({t.days} x one day)\n"
        f"  every day through one Days:       {t.every_day * 1000:8.0f} ms  "
        f"({t.every_day / t.days * 1000:.1f} ms per day; {alone_total / t.every_day:.1f}x faster than the baseline)"
    )


def main() -> None:
    """Measure the dataset and its synthetic copy; print both and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="dataset folder (default: syria-2024)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per median")
    parser.add_argument("--scale", type=int, default=10, help="places multiplier of the synthetic copy")
    args = parser.parse_args()
    load_s = median_of(lambda: load_dataset(args.data), args.repeat)
    dataset = load_dataset(args.data)
    print(f"{dataset.id}: load + validate {load_s * 1000:.0f} ms (median of {args.repeat})")
    base = measure(dataset, args.repeat)
    report(dataset.id, base)
    big = measure(scaled(dataset, args.scale), max(1, args.repeat // 2))
    report(f"synthetic x{args.scale}", big)
    places_ratio = big.places / base.places
    ratio = big.one_day / base.one_day
    print(
        f"ratio synthetic/{dataset.id}: one day {ratio:.1f}x and partition {big.partition / base.partition:.1f}x "
        f"for {places_ratio:.0f}x the places ({'sub-linear' if ratio <= places_ratio else 'super-linear'} per day); "
        f"per place per day: {base.one_day / base.places * 1e6:.0f} us vs {big.one_day / big.places * 1e6:.0f} us"
    )


if __name__ == "__main__":
    main()
