"""Benchmark every dataset side by side in one run: browser payload, preparation, first map and slider steps.

For each dataset (every one under geodata/, the default first, or each --data DIR in the order given):
  payload       the browser's data (`payload_json(build_payload(days))`): bytes, and gzip -6 bytes
  prep          `build_partition` + `Days` + building that payload (every keyframe's territory): what a
                server does once per dataset version; median of --prep-runs, from scratch each time
  first map     Chromium, fresh browser context (empty cache) on a warm server: navigation start -> the
                map's places drawn and its container's data-date set to the link's day (median of --rounds)
  step          Chromium: focus the date slider, press the right arrow key; keydown -> the map's data-date
                is the next day (in-page timing, see devkit/browser.py); the server settles between steps
Each dataset gets its own app server (CONFLICT_MAP_GEODATA = its folder), all started and warmed up first
(one page load and --warmup steps each); then --rounds rounds, each visiting every dataset in turn (so a
slow moment of the machine touches all of them), each visit a fresh page load at a different day of the
period followed by --steps steps. The issue's targets are printed with whether each is met.

Usage: python scripts/bench_datasets.py [--data DIR ...] [--steps 25] [--rounds 3] [--warmup 5] [--prep-runs 3]
"""

from __future__ import annotations

import argparse
import gzip
import sys
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from devkit.browser import CHROMIUM, CHROMIUM_ARGS, first_map_ms, scrub, settle
from devkit.server import ROOT, StreamlitServer, process_cpu_seconds
from devkit.stats import percentile, summary
from playwright.sync_api import sync_playwright

from dashboard.core import Dataset, Days, build_partition, load_dataset
from dashboard.core.io.catalog import find_datasets
from dashboard.render.payload import build_payload, payload_json

VIEWPORT = {"width": 1440, "height": 900}
#: The issue's targets: Sudan's step p50 within 1.5x Syria's and under 60 ms; Sudan's payload under 2 MB.
SUDAN, SYRIA = "sudan-2025", "syria-2024"
MAX_STEP_RATIO, MAX_STEP_MS, MAX_PAYLOAD_BYTES = 1.5, 60.0, 2_000_000


@dataclass
class Result:
    """One dataset's figures (times in ms)."""

    dataset: Dataset
    keyframes: set[str] = field(default_factory=set)
    payload_bytes: int = 0
    payload_gzip: int = 0
    prep_ms: float = 0.0
    partition_ms: float = 0.0
    first_maps: list[float] = field(default_factory=list)
    steps: list[float] = field(default_factory=list)
    frame_steps: list[float] = field(default_factory=list)  # the steps onto a keyframe: the map's layers change
    step_cpu: list[float] = field(default_factory=list)  # the server's CPU time per step, one figure per visit

    @property
    def dates(self) -> list[str]:
        """Every day of the period, as the map's data-date writes them."""
        return [d.isoformat() for d in self.dataset.period()]


def dataset_folders(given: list[Path] | None) -> list[Path]:
    """The --data folders, else every dataset under geodata/ with the default one first."""
    if given:
        return given
    catalog = find_datasets(ROOT / "geodata")
    return sorted(catalog.folders.values(), key=lambda folder: (folder.name != catalog.default, folder.name))


def measure_preparation(result: Result, runs: int) -> None:
    """Payload size, and the median time of partition + Days + payload from scratch."""
    totals, partitions, payload = [], [], b""
    for _ in range(runs):
        start = time.perf_counter()
        partition = build_partition(result.dataset)
        middle = time.perf_counter()
        days = Days(result.dataset, partition)
        payload = payload_json(build_payload(days))
        result.keyframes = {d.isoformat() for d in days.keyframes}
        end = time.perf_counter()
        totals.append((end - start) * 1000)
        partitions.append((middle - start) * 1000)
    result.prep_ms, result.partition_ms = percentile(totals, 0.5), percentile(partitions, 0.5)
    result.payload_bytes, result.payload_gzip = len(payload), len(gzip.compress(payload, compresslevel=6))


def visit(browser, server: StreamlitServer, result: Result, start: int, steps: int) -> None:
    """A fresh context (empty cache): time the first map at `dates[start]`, then `steps` slider steps, with
    the server's CPU time over the steps (its utime + stime, every thread)."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        day = result.dates[start]
        result.first_maps.append(first_map_ms(page, f"{server.url}/?date={day}", day))
        settle(page)
        before = process_cpu_seconds(server.pid)
        times = scrub(page, result.dates, start, steps)
        result.step_cpu.append((process_cpu_seconds(server.pid) - before) * 1000 / steps)
        for day, ms in times:
            result.steps.append(ms)
            if day in result.keyframes:
                result.frame_steps.append(ms)
    finally:
        context.close()


@dataclass(frozen=True)
class Rounds:
    """How the app is driven: warm-up steps per server, then rounds of one visit per dataset."""

    warmup: int
    rounds: int
    steps: int


def browse(folders: list[Path], results: list[Result], rounds: Rounds, envs: list[dict] | None = None) -> None:
    """One app server per dataset folder (with its environment), warmed up; then each round visits every
    dataset in turn (so a slow moment of the machine touches all), each visit starting elsewhere in the period."""
    with sync_playwright() as p, ExitStack() as stack:
        servers = [
            stack.enter_context(StreamlitServer(geodata=folder, env=(envs or [{}] * len(folders))[i]))
            for i, folder in enumerate(folders)
        ]
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        stack.callback(browser.close)
        for server, result in zip(servers, results, strict=True):
            warm_up(browser, server, result, rounds.warmup)
        for round_index in range(rounds.rounds):
            for server, result in zip(servers, results, strict=True):
                start = (round_index + 1) * len(result.dates) // (rounds.rounds + 1)
                visit(browser, server, result, start, rounds.steps)


def warm_up(browser, server: StreamlitServer, result: Result, steps: int) -> None:
    """The server's first page load (it prepares the dataset) and a few steps, none counted."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        day = result.dates[0]
        first_map_ms(page, f"{server.url}/?date={day}", day, timeout=180_000)
        settle(page)
        scrub(page, result.dates, 0, steps)
    finally:
        context.close()


def print_table(results: list[Result]) -> None:
    """One row per dataset: size and preparation, then the slider steps against the first dataset's."""
    first = results[0].dataset.id
    base = summary(results[0].steps)["p50"]
    print(
        f"{'dataset':14}{'days':>6}{'keyframes':>10}{'payload B':>12}{'gzip B':>10}{'prep ms':>9}{'partition':>10}"
        f"{'first map ms':>14}"
    )
    for r in results:
        print(
            f"{r.dataset.id:14}{len(r.dates):>6}{len(r.keyframes):>10}{r.payload_bytes:>12,}{r.payload_gzip:>10,}"
            f"{r.prep_ms:>9.0f}{r.partition_ms:>10.0f}{percentile(r.first_maps, 0.5):>14.0f}"
        )
    print(
        f"{'slider step':14}{'p50 ms':>8}{'p95':>7}{'max':>7}{'n':>5}{'p50 vs ' + first:>20}"
        f"{'onto a keyframe: p50':>22}{'p95':>7}{'n':>5}"
    )
    for r in results:
        s, k = summary(r.steps), summary(r.frame_steps)
        print(
            f"{r.dataset.id:14}{s['p50']:>8.1f}{s['p95']:>7.1f}{s['max']:>7.1f}{s['n']:>5}{s['p50'] / base:>19.2f}x"
            f"{k['p50']:>22.1f}{k['p95']:>7.1f}{k['n']:>5}"
        )
    print(
        "(a step onto a keyframe redraws the zones and front lines; on other days only the markers' styles and "
        "the date change)"
    )


def check_targets(results: list[Result]) -> bool:
    """Print the issue's targets and whether each is met; True when all measured ones are."""
    by_id = {r.dataset.id: r for r in results}
    sudan, syria = by_id.get(SUDAN), by_id.get(SYRIA)
    checks = []
    if sudan and syria:
        ratio = summary(sudan.steps)["p50"] / summary(syria.steps)["p50"]
        checks.append(
            (f"{SUDAN} step p50 within {MAX_STEP_RATIO}x {SYRIA}'s", f"{ratio:.2f}x", ratio <= MAX_STEP_RATIO)
        )
    if sudan:
        p50 = summary(sudan.steps)["p50"]
        checks.append((f"{SUDAN} step p50 under {MAX_STEP_MS:.0f} ms", f"{p50:.1f} ms", p50 < MAX_STEP_MS))
        size = sudan.payload_bytes
        checks.append(
            (f"{SUDAN} payload under 2 MB ({MAX_PAYLOAD_BYTES:,} B)", f"{size:,} B", size < MAX_PAYLOAD_BYTES)
        )
    if not checks:
        print(f"targets: not measured (they need {SUDAN}, and {SYRIA} for the ratio)")
        return True
    print("targets:")
    for name, value, met in checks:
        print(f"  {name:48} {value:>14}  {'met' if met else 'NOT MET'}")
    return all(met for _, _, met in checks)


def main() -> int:
    """Measure every dataset, print the table and the targets; exit 1 when a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, action="append", help="a dataset folder (repeat for several)")
    parser.add_argument("--steps", type=int, default=25, help="timed slider steps per visit")
    parser.add_argument("--rounds", type=int, default=3, help="visits per dataset (fresh page load each)")
    parser.add_argument("--warmup", type=int, default=5, help="untimed steps per dataset before the rounds")
    parser.add_argument("--prep-runs", type=int, default=3, help="runs for the preparation median")
    args = parser.parse_args()
    if args.steps < 1 or args.rounds < 1 or args.warmup < 0 or args.prep_runs < 1:
        parser.error("--steps, --rounds and --prep-runs at least 1, --warmup not negative")
    folders = dataset_folders(args.data)
    results = [Result(load_dataset(folder)) for folder in folders]
    for result in results:
        measure_preparation(result, args.prep_runs)
    browse(folders, results, Rounds(args.warmup, args.rounds, args.steps))
    print(
        f"{len(results)} datasets; {args.rounds} rounds x {args.steps} steps each after {args.warmup} warm-up steps; "
        f"first map: median of {args.rounds} fresh loads; prep: median of {args.prep_runs}"
    )
    print_table(results)
    return 0 if check_targets(results) else 1


if __name__ == "__main__":
    sys.exit(main())
