"""Benchmark the events layer at 10,000, 100,000 and 1,000,000 events (synthetic ACLED-format files).

Measured in this process, in the same run (not a test: timings depend on the machine):
  import          `conflict-map import-events FILE --data COPY` (read, check, GeoParquet), wall time
  window query    a 7-day window ending on a random day, straight on DuckDB (count and grid bins), median
                  and p95 over --repeat days; also the 7-day window of full rows and one day's rows
  per step        the map's events data (points or bins, compact JSON) from the per-day cells index that
                  is built once per filters and zoom (its build time printed too)
  first map       building the page's map data (the whole-period payload as JSON) with the events layer
                  off, and with it on (plus the events JSON of the default day): the ratio on/off
  slider step     what a step adds on the server with events on: the events JSON of the new day (first
                  visit, not cached), p50 of process CPU time; against --step-off-ms, the server CPU of a
                  step with events off measured by bench_server_cpu.py (README: 7.7 ms), the ratio on/off.
                  The browser's share
                  (drawing at most 1,000 points or a few dozen bins) is measured apart, in Chromium
  memory          resident memory the opened event store adds (what the server keeps), and the process's peak
Targets at 1,000,000 events: import <= 60 s, window query <= 50 ms.

Usage: python scripts/bench_events.py [--data geodata/sudan-2025] [--sizes 10000,100000,1000000] [--repeat 30]
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from devkit.acled_gen import generate
from devkit.server import ROOT
from devkit.stats import percentile

from dashboard.cli import main as cli
from dashboard.core import Days, load_dataset
from dashboard.core.events import EventQuery
from dashboard.core.io.event_store import EventStore
from dashboard.render.events_layer import layer_json
from dashboard.render.payload import build_payload, payload_json


def cpu_timed(func) -> float:
    """CPU seconds (all threads of this process) one call takes: what bench_server_cpu.py counts, and
    unlike wall time not inflated by other processes on a shared machine."""
    started = time.process_time()
    func()
    return time.process_time() - started


def timed(func) -> float:
    """Seconds one call takes."""
    started = time.perf_counter()
    func()
    return time.perf_counter() - started


def ms(values: list[float]) -> str:
    """Median and p95 in milliseconds."""
    return f"{percentile(values, 0.5) * 1000:7.1f} ms (p95 {percentile(values, 0.95) * 1000:.1f})"


def bench_size(dataset, days: Days, n: int, repeat: int, work: Path, step_off_ms: float) -> dict[str, str]:
    """Every figure for one size."""
    csv = work / f"acled-{n}.csv"
    made = timed(lambda: generate(dataset, n, seed=n).to_csv(csv, index=False))
    copy = work / f"data-{n}"
    shutil.copytree(dataset.directory, copy, ignore=shutil.ignore_patterns("events"))
    imported = timed(lambda: cli(["import-events", str(csv), "--data", str(copy), "--quiet"]))
    store = EventStore(copy)
    rng = random.Random(n)
    period = [d for d in dataset.period() if d >= dataset.manifest.period.start]
    chosen = [rng.choice(period) for _ in range(repeat)]
    week = EventQuery(end=period[0], days=7)
    raw = [timed(lambda d=d: (store.count(replace(week, end=d)), store.bins(replace(week, end=d), 6))) for d in chosen]
    index_build = timed(lambda: store.daily_cells(week, 6))
    layer = [timed(lambda d=d: layer_json(store, replace(week, end=d), zoom=6)) for d in chosen]
    rows7 = [timed(lambda d=d: store.window(replace(week, end=d))) for d in chosen]
    rows1 = [timed(lambda d=d: store.window(EventQuery(end=d, days=1))) for d in chosen]
    default = dataset.manifest.default_view.date
    first_off = timed(lambda: payload_json(build_payload(days)))
    # First map with events: the day's index built from nothing on the server's store (opened once per
    # server process and import, shared by every session: its opening is printed apart).
    opened: list[EventStore] = []
    open_time = timed(lambda: opened.append(EventStore(copy)))
    first_on = first_off + timed(lambda: layer_json(opened[0], replace(week, end=default), zoom=6))
    added = [cpu_timed(lambda d=d: layer_json(store, replace(week, end=d), zoom=6)) for d in chosen]
    off_ms = step_off_ms / 1000
    per_week = store.count(replace(week, end=default))
    return {
        "events": f"{n:,}",
        "csv": f"{csv.stat().st_size / 1e6:.0f} MB (made in {made:.1f} s)",
        "import": f"{imported:.1f} s",
        "window query, DuckDB (count + bins, 7 days)": ms(raw),
        "per-day cells index (once per filters/zoom)": f"{index_build * 1000:.0f} ms",
        "map events JSON per step (index slice)": ms(layer),
        "7-day rows": ms(rows7) + f", {per_week:,} events in the default week",
        "1-day rows": ms(rows1),
        "first map off / on": f"{first_off * 1000:.0f} / {first_on * 1000:.0f} ms = {first_on / first_off:.2f}x",
        "slider step off / on (server, p50)": (
            f"{step_off_ms:.1f} / {step_off_ms + percentile(added, 0.5) * 1000:.1f} ms = "
            f"{(off_ms + percentile(added, 0.5)) / off_ms:.2f}x"
        ),
        "event store open (once per server/import)": f"{open_time:.2f} s",
        "event store in memory": f"{store.memory_bytes() / 1e6:.0f} MB (DuckDB's slim table; rows stay on disk)",
        "peak RSS (incl. generating the CSV)": f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB",
    }


def main() -> int:
    """Print one block of figures per size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(ROOT / "geodata" / "sudan-2025"))
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--step-off-ms", type=float, default=7.7, help="server CPU of a step, events off")
    args = parser.parse_args()
    dataset = load_dataset(args.data)
    days = Days(dataset)
    with tempfile.TemporaryDirectory() as folder:
        for n in (int(s) for s in args.sizes.split(",")):
            figures = bench_size(dataset, days, n, args.repeat, Path(folder), args.step_off_ms)
            print("\n".join(f"{k:34} {v}" for k, v in figures.items()), end="\n\n", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
