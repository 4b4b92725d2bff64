"""Benchmark slider steps in a real browser: the app vs a naive rebuild-the-map baseline, same run.

For each app, Chromium focuses the date slider and presses the right arrow key N times; each step is
timed from the key press to the map showing the new date. Also measures play (frames per second).
Prints p50 and p95 per app and the ratio. Not a test: timings depend on the machine.

Usage: python scripts/bench_scrub.py [--steps 20]
"""

from __future__ import annotations

import argparse
import statistics
import sys

from _bootstrap import ROOT

sys.path.insert(0, str(ROOT))
from playwright.sync_api import sync_playwright  # noqa: E402

from dashboard.render.style import PLAY_SPEEDS  # noqa: E402
from dashboard.render.text import long_date  # noqa: E402
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, StreamlitServer, wait_for_app  # noqa: E402

MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
START_WAIT = """(expected) => {
  window.__elapsed = null;
  const t0 = performance.now();
  const check = () => {
    const frame = document.querySelector('%s');
    const badge = frame && frame.contentDocument && frame.contentDocument.querySelector('.map-date-day');
    if (badge && badge.textContent.includes(expected)) { window.__elapsed = performance.now() - t0; }
    else { requestAnimationFrame(check); }
  };
  check();
}""".replace("%s", MAP_IFRAME)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure_steps(page, url: str, steps: int) -> list[float]:
    from datetime import date, timedelta

    page.goto(f"{url}/?date=2024-11-26")
    wait_for_app(page)
    page.frame_locator(MAP_IFRAME).locator(".map-date-day").wait_for(timeout=60_000)
    slider = page.locator('[data-testid="stSlider"]').first.get_by_role("slider")
    slider.focus()
    day, times = date(2024, 11, 26), []
    for step in range(steps):
        if day == date(2024, 12, 12):  # bounce back to keep stepping
            page.keyboard.press("Home")
            day = date(2024, 11, 26)
            page.wait_for_timeout(1500)
        day += timedelta(days=1)
        expected = long_date(day).split(" ", 1)[1]  # "6 December 2024"
        page.evaluate(START_WAIT, expected)
        page.keyboard.press("ArrowRight")
        page.wait_for_function("window.__elapsed !== null", timeout=30_000)
        if step:  # the first step warms caches
            times.append(page.evaluate("window.__elapsed"))
        page.wait_for_timeout(150)
    return times


def measure_play(page, url: str) -> float:
    page.goto(f"{url}/?date=2024-11-26")
    wait_for_app(page)
    frame = page.frame_locator(MAP_IFRAME)
    frame.locator(".map-date-day").wait_for(timeout=60_000)
    page.evaluate(
        """() => {
      window.__changes = []; let last = null;
      const poll = () => { const f = document.querySelector('%s');
        const b = f && f.contentDocument && f.contentDocument.querySelector('.map-date-day');
        const t = b && b.textContent; if (t && t !== last) { last = t; window.__changes.push(performance.now()); }
        requestAnimationFrame(poll); }; poll(); }""".replace("%s", MAP_IFRAME)
    )
    page.locator(".st-key-speed").get_by_text(f"{max(PLAY_SPEEDS)} d/s").click()  # the fastest speed offered
    wait_for_app(page)
    page.get_by_role("button", name="▶ Play").click()
    page.wait_for_function("window.__changes.length >= 12", timeout=60_000)
    changes = page.evaluate("window.__changes")[2:]
    return (len(changes) - 1) / ((changes[-1] - changes[0]) / 1000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=21)
    args = parser.parse_args()
    results = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, script in [("app", "dashboard/app.py"), ("naive baseline", "dashboard/bench_naive.py")]:
            server = StreamlitServer(script=script)
            try:
                page = browser.new_page(viewport={"width": 1400, "height": 1100})
                results[name] = measure_steps(page, server.url, args.steps)
                if name == "app":
                    results["play fps"] = measure_play(page, server.url)
                page.close()
            finally:
                server.stop()
        browser.close()
    for name in ("app", "naive baseline"):
        times = results[name]
        print(
            f"{name:15s} slider step -> map shows new date: p50 {statistics.median(times):6.0f} ms, "
            f"p95 {percentile(times, 0.95):6.0f} ms over {len(times)} steps"
        )
    ratio = statistics.median(results["naive baseline"]) / statistics.median(results["app"])
    print(f"speed-up (naive p50 / app p50): {ratio:.1f}x")
    print(f"play at the fastest speed offered ({max(PLAY_SPEEDS)} days/s): {results['play fps']:.1f} frames per second")


if __name__ == "__main__":
    main()
