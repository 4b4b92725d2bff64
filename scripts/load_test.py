"""Many people at once: N concurrent Chromium sessions scrub the whole period and click places.

Everything stays on loopback (one local Streamlit server this script starts and stops) and is bounded:
a fixed number of sessions and steps, and a time limit per level. For each level it reports two step
latencies, p50/p95: "page" (slider key press -> the server has rerun and the page's date heading shows
the new date: what load slows down) and "map" (key press -> the map shows the new date, which the map
does in the browser), plus the server's memory and every error.

Usage: python scripts/load_test.py [--levels 1,5,20] [--quick] [--time-limit 300]
Exit status 1 if any session hit an error.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from _bootstrap import ROOT

sys.path.insert(0, str(ROOT))
from playwright.async_api import async_playwright  # noqa: E402

from dashboard.render.text import long_date  # noqa: E402
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, StreamlitServer  # noqa: E402

MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
ARM_TIMER = """() => {
  // Timed from the key press itself (a capturing listener), not from when the waiting script started.
  window.__t0 = null;
  document.addEventListener('keydown', () => { window.__t0 = performance.now(); }, {capture: true, once: true});
}"""
WAIT_FOR_DATE = """([mapText, pageText]) => new Promise((resolve) => {
  let map = null;
  const check = () => {
    const t0 = window.__t0;
    if (t0 !== null) {
      const frame = document.querySelector('MAP_IFRAME');
      const badge = frame && frame.contentDocument && frame.contentDocument.querySelector('.map-date-day');
      if (map === null && badge && badge.textContent.includes(mapText)) { map = performance.now() - t0; }
      const heading = [...document.querySelectorAll('h2')].some((h) => h.textContent.trim() === pageText);
      if (map !== null && heading) { resolve([map, performance.now() - t0]); return; }
    }
    requestAnimationFrame(check);
  };
  check();
})""".replace("MAP_IFRAME", MAP_IFRAME)
PLACES_TO_CLICK = ["hama", "aleppo", "homs"]


def rss_mb(pid: int) -> tuple[float, float]:
    """Current and peak resident memory of a process, in MB (Linux /proc)."""
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def cpu_seconds(match: str | int) -> float:
    """CPU time (user + system) used so far by one process (a pid) or by every process whose command line
    contains `match`: tells whether the server or the browsers were the ones using the machine."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or (isinstance(match, int) and int(proc.name) != match):
            continue
        try:
            if isinstance(match, str) and match not in (proc / "cmdline").read_bytes().decode(errors="replace"):
                continue
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


async def session(browser, url: str, steps: int, latencies: dict[str, list[float]], errors: list[str],
                  delay: float = 0.0) -> None:
    await asyncio.sleep(delay)  # people arrive over a few seconds, not in the same millisecond
    context = await browser.new_context(viewport={"width": 1300, "height": 1000})
    page = await context.new_page()
    page.on("pageerror", lambda exc: errors.append(f"page error: {exc}"))
    try:
        await page.goto(f"{url}/?date=2024-11-26", timeout=90_000)
        frame = page.frame_locator(MAP_IFRAME)
        await frame.locator(".map-date-day").wait_for(timeout=90_000)
        slider = page.locator('[data-testid="stSlider"]').first.get_by_role("slider")
        await slider.focus()
        day = date(2024, 11, 26)
        for _ in range(steps):
            day += timedelta(days=1)
            await page.evaluate(ARM_TIMER)
            waiting = asyncio.ensure_future(page.evaluate(WAIT_FOR_DATE, [long_date(day).split(" ", 1)[1], long_date(day)]))
            await page.keyboard.press("ArrowRight")
            map_ms, page_ms = await asyncio.wait_for(waiting, timeout=60)
            latencies["map"].append(map_ms)
            latencies["page"].append(page_ms)
        for place in PLACES_TO_CLICK:
            await page.locator(MAP_IFRAME).scroll_into_view_if_needed()
            await frame.locator(f"path.place-{place}").dispatch_event("click")
            await page.get_by_role("heading", name=place.capitalize()).wait_for(timeout=60_000)
        if await page.locator('[data-testid="stException"]').count():
            errors.append("an exception was shown on the page")
    except Exception as exc:  # noqa: BLE001 - every failure is counted and reported, not raised
        first_line = (str(exc).splitlines() or ["(no message)"])[0]
        errors.append(f"{type(exc).__name__}: {first_line[:160]}")
    finally:
        await context.close()


def percentiles(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values) or [float("nan")]
    return statistics.median(ordered), ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


async def level(browser, server: StreamlitServer, sessions: int, steps: int, time_limit: float,
                ramp: float = 0.0) -> dict:
    latencies: dict[str, list[float]] = {"page": [], "map": []}
    errors: list[str] = []
    start = time.monotonic()
    server_cpu, browser_cpu = cpu_seconds(server.process.pid), cpu_seconds("chromium")
    try:
        await asyncio.wait_for(asyncio.gather(*(session(browser, server.url, steps, latencies, errors, i * ramp)
                                                for i in range(sessions))), timeout=time_limit)
    except TimeoutError:
        errors.append(f"level did not finish within {time_limit:.0f} s")
    rss, peak = rss_mb(server.process.pid)
    return {"sessions": sessions, "steps": len(latencies["page"]), "page": percentiles(latencies["page"]),
            "map": percentiles(latencies["map"]), "errors": errors, "rss": rss, "peak": peak,
            "seconds": time.monotonic() - start, "server_cpu": cpu_seconds(server.process.pid) - server_cpu,
            "browser_cpu": cpu_seconds("chromium") - browser_cpu}


async def main_async(levels: list[int], steps: int, time_limit: float, ramp: float) -> int:
    server = StreamlitServer()
    results = []
    try:
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            await level(browser, server, 1, 2, time_limit)  # warm the server's caches
            for count in levels:
                results.append(await level(browser, server, count, steps, time_limit, ramp))
            await browser.close()
    finally:
        server.stop()
    base = results[0]["page"][1] if results else float("nan")
    print(f"{'sessions':>8} {'steps':>6} {'page p50':>9} {'page p95':>9} {'p95 vs 1':>9} {'map p50':>8} {'map p95':>8} "
          f"{'server RSS MB':>14} {'peak MB':>8} {'errors':>6} {'seconds':>8} {'CPU s server':>13} {'CPU s browsers':>15}")
    for r in results:
        print(f"{r['sessions']:>8} {r['steps']:>6} {r['page'][0]:>9.0f} {r['page'][1]:>9.0f} {r['page'][1] / base:>8.1f}x "
              f"{r['map'][0]:>8.0f} {r['map'][1]:>8.0f} {r['rss']:>14.0f} {r['peak']:>8.0f} {len(r['errors']):>6} "
              f"{r['seconds']:>8.1f} {r['server_cpu']:>13.1f} {r['browser_cpu']:>15.1f}")
    print("latencies in ms; 'p95 vs 1' = page p95 at this level / page p95 with one session")
    failures = [e for r in results for e in r["errors"]]
    for error in failures[:10]:
        print(f"error: {error}")
    print(f"total errors: {len(failures)}")
    return 1 if failures else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--levels", default="1,5,20", help="comma-separated session counts")
    parser.add_argument("--steps", type=int, default=16, help="slider steps per session (16 = the whole period)")
    parser.add_argument("--time-limit", type=float, default=600, help="seconds allowed per level")
    parser.add_argument("--ramp", type=float, default=0.5, help="seconds between session arrivals")
    parser.add_argument("--quick", action="store_true", help="1 and 3 sessions, 4 steps: fits in the test suite")
    args = parser.parse_args()
    if args.quick:
        levels, steps, limit = [1, 3], 4, 180.0
    else:
        levels, steps, limit = [int(x) for x in args.levels.split(",")], args.steps, args.time_limit
    if max(levels) > 50 or steps > 16:
        parser.error("at most 50 sessions and 16 steps: this is a bounded test")
    return asyncio.run(main_async(levels, steps, limit, args.ramp))


if __name__ == "__main__":
    sys.exit(main())
