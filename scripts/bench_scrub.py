"""Benchmark slider steps in Chromium: the app against the naive rebuild-the-map baseline, in the same run.

For each app (the dashboard, then scripts/devkit/naive_app.py, which rebuilds the whole Folium map on every
step), on one dataset: a warm-up page load and --warmup steps, then --rounds fresh page loads each followed
by --steps presses of the right arrow key on the focused date slider (Home at the last day, untimed). Each
step is timed in the page, from the keydown to the map's container showing the next day (`data-date`,
which both maps set once the day is drawn); the server settles between steps, as when a person steps.
Also the app's Play at its fastest speed: days the map shows per second. Prints p50/p95/max per app and
the ratio of the p50s (not a test: timings depend on the machine).

Usage: python scripts/bench_scrub.py [--data DIR] [--steps 20] [--rounds 2] [--warmup 3]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from devkit.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    first_map_ms,
    record_map_dates,
    recorded_map_dates,
    scrub,
    settle,
)
from devkit.naive import NaiveApp
from devkit.server import ROOT, StreamlitServer
from devkit.stats import summary
from playwright.sync_api import sync_playwright

from dashboard.core import load_dataset
from dashboard.render.style import PLAY_SPEEDS

DEFAULT_DATA = ROOT / "geodata" / "syria-2024"
VIEWPORT = {"width": 1440, "height": 900}


def measure_steps(page, url: str, dates: list[str], args: argparse.Namespace) -> list[float]:
    """Warm up, then --rounds fresh loads of the first day each followed by --steps timed steps (ms)."""
    first = f"{url}/?date={dates[0]}"
    first_map_ms(page, first, dates[0])
    settle(page)
    scrub(page, dates, 0, args.warmup)
    times: list[float] = []
    for _ in range(args.rounds):
        first_map_ms(page, first, dates[0])
        settle(page)
        times += [ms for _day, ms in scrub(page, dates, 0, args.steps)]
    return times


def measure_play(page, url: str, dates: list[str]) -> float:
    """Days per second the app's map shows while playing at the fastest speed offered."""
    first_map_ms(page, f"{url}/?date={dates[0]}", dates[0])
    settle(page)
    page.locator(".st-key-speed").get_by_text(f"{max(PLAY_SPEEDS)} d/s").click()
    settle(page)
    record_map_dates(page)
    page.locator(".st-key-play button").click()
    changes = recorded_map_dates(page, at_least=min(14, len(dates) - 1))[2:]  # skip the start-up
    return (len(changes) - 1) / ((changes[-1][0] - changes[0][0]) / 1000)


def main() -> None:
    """Run both apps in one Chromium and print the comparison."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="dataset folder (default: syria-2024)")
    parser.add_argument("--steps", type=int, default=20, help="timed steps per round")
    parser.add_argument("--rounds", type=int, default=2, help="fresh page loads, each followed by --steps")
    parser.add_argument("--warmup", type=int, default=3, help="untimed steps after the first load")
    args = parser.parse_args()
    dataset = load_dataset(args.data)
    dates = [d.isoformat() for d in dataset.period()]
    results: dict[str, list[float]] = {}
    fps = float("nan")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, start in (("app", StreamlitServer), ("naive baseline", NaiveApp)):
            with start(geodata=args.data) as server:
                page = browser.new_page(viewport=VIEWPORT)
                results[name] = measure_steps(page, server.url, dates, args)
                if name == "app":
                    fps = measure_play(page, server.url, dates)
                page.close()
        browser.close()
    print(
        f"{dataset.id}: {len(dates)} days; {args.rounds} rounds of {args.steps} steps after {args.warmup} warm-up "
        "steps; keydown -> the map shows the next day"
    )
    for name, times in results.items():
        s = summary(times)
        print(
            f"{name:15} slider step: p50 {s['p50']:6.0f} ms, p95 {s['p95']:6.0f} ms, max {s['max']:6.0f} ms "
            f"over {s['n']} steps"
        )
    app, naive = summary(results["app"]), summary(results["naive baseline"])
    print(
        f"speed-up (naive p50 / app p50): {naive['p50'] / app['p50']:.1f}x; "
        f"(naive p95 / app p95): {naive['p95'] / app['p95']:.1f}x"
    )
    print(f"play at the fastest speed offered ({max(PLAY_SPEEDS)} days/s): {fps:.1f} days shown per second")


if __name__ == "__main__":
    main()
