"""Benchmark the core: one date's state and territory on the bundled data and on a 50x larger copy.

Prints medians and the ratio between the two sizes, measured in the same run (not a test: timings
depend on the machine). Usage: python scripts/bench_core.py [--repeat N] [--scale 50]
"""

from __future__ import annotations

import argparse
import statistics
import time
from dataclasses import replace

import numpy as np
import shapely
from _bootstrap import DEFAULT_GEODATA

from dashboard.core import build_cells, load_dataset, state_at, territory_from_states
from dashboard.core.loader import Dataset


def timed(func, *args) -> float:
    start = time.perf_counter()
    func(*args)
    return time.perf_counter() - start


def scaled(dataset: Dataset, factor: int, seed: int = 7) -> Dataset:
    """`factor` copies of every place, scattered up to ~20 km around it and kept inside the outline."""
    rng = np.random.default_rng(seed)
    places = []
    for copy in range(factor):
        for place in dataset.places:
            for _attempt in range(20):
                lon, lat = place.lon + rng.normal(0, 0.15), place.lat + rng.normal(0, 0.15)
                if copy == 0 or shapely.contains_xy(dataset.outline, lon, lat):
                    break
            if copy == 0:
                lon, lat = place.lon, place.lat
            places.append(place.model_copy(update={"id": f"{place.id}-{copy}", "lon": lon, "lat": lat}))
    return replace(dataset, places=tuple(places))


def per_date_times(dataset: Dataset, repeat: int) -> tuple[float, float]:
    """Seconds to build the cells once, and the median seconds for one date's state + territory."""
    start = time.perf_counter()
    cells = build_cells(dataset)
    cells_time = time.perf_counter() - start
    days = dataset.period()
    samples = []
    for _ in range(repeat):
        for day in days:
            samples.append(timed(lambda d=day: territory_from_states(state_at(dataset, d), cells, d)))
    return cells_time, statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--scale", type=int, default=50)
    args = parser.parse_args()
    start = time.perf_counter()
    dataset = load_dataset(DEFAULT_GEODATA)
    print(f"load + validate bundled data: {(time.perf_counter() - start) * 1000:.0f} ms")
    base_cells, base = per_date_times(dataset, args.repeat)
    big = scaled(dataset, args.scale)
    big_cells, large = per_date_times(big, max(1, args.repeat // 5))
    n, m = len(dataset.places), len(big.places)
    print(
        f"bundled ({n} places): cells once {base_cells * 1000:.0f} ms; one date's state + territory: "
        f"median {base * 1000:.1f} ms"
    )
    print(
        f"synthetic x{args.scale} ({m} places): cells once {big_cells * 1000:.0f} ms; one date: "
        f"median {large * 1000:.1f} ms"
    )
    print(
        f"ratio large/bundled per date: {large / base:.1f}x for {m / n:.0f}x the places "
        f"({'sub-linear' if large / base <= m / n else 'super-linear'}); per place: "
        f"{base / n * 1e6:.0f} us vs {large / m * 1e6:.0f} us"
    )


if __name__ == "__main__":
    main()
