"""The app in Chromium on one dataset: first map (cold and warm) and slider steps, for the benchmarks.

Each call starts its own server with an empty cache folder (CONFLICT_MAP_CACHE), so the cold first map
includes preparing the dataset, as the first visitor after importing new data meets it; the warm one is
a second visit to the same server; the restart one is the first visit to a new server on the same data
and cache folder (the published map data and the stored area matrix are reused).
"""

from __future__ import annotations

import statistics
import tempfile
from dataclasses import dataclass
from pathlib import Path

from devkit.browser import CHROMIUM, CHROMIUM_ARGS, first_map_ms, map_frame, scrub, settle, wait_for_app
from devkit.server import Launch, StreamlitServer


@dataclass(frozen=True)
class AppTimes:
    """First map cold, warm and after a restart (ms), and the slider steps (ms, key press -> the map shows
    the day)."""

    cold_ms: float
    warm_ms: float
    restart_ms: float
    steps: list[float]

    @property
    def p50(self) -> float:
        """The median step."""
        return statistics.median(self.steps)

    @property
    def p95(self) -> float:
        """The 95th percentile step (the slowest of fewer than 20)."""
        ordered = sorted(self.steps)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]

    def __str__(self) -> str:
        return (
            f"first map cold {self.cold_ms / 1000:5.1f} s, warm {self.warm_ms / 1000:5.1f} s, after a restart "
            f"{self.restart_ms / 1000:5.1f} s; "
            f"slider step p50 {self.p50:4.0f} ms, p95 {self.p95:4.0f} ms ({len(self.steps)} steps)"
        )


def time_app(folder: Path, day: str, steps: int, timeout_s: float = 300) -> AppTimes:
    """Serve `folder` alone, open it on `day` twice (cold, warm), step the slider `steps` days, then open it
    once more on a new server sharing the cache folder."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as cache, sync_playwright() as p:
        env = {"CONFLICT_MAP_CACHE": cache}
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            with StreamlitServer(folder, env=env, launch=Launch(timeout=120)) as server:
                url = f"{server.url}/?date={day}"
                cold = _first_map(browser, url, day, timeout_s).close()
                page = _first_map(browser, url, day, timeout_s)
                warm = page.ms
                settle(page.page, 500, timeout_s * 1000)
                wait_for_app(page.page, timeout_s * 1000)
                dates = map_frame(page.page).locator("body").evaluate("() => window.conflictMap.dates")
                times = scrub(page.page, dates, dates.index(day), steps)
                page.close()
            with StreamlitServer(folder, env=env, launch=Launch(timeout=120)) as server:
                restart = _first_map(browser, f"{server.url}/?date={day}", day, timeout_s).close()
        finally:
            browser.close()
    return AppTimes(cold, warm, restart, [ms for _, ms in times])


@dataclass
class _Opened:
    page: object
    ms: float

    def close(self) -> float:
        self.page.close()
        return self.ms


def _first_map(browser, url: str, day: str, timeout_s: float) -> _Opened:
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    return _Opened(page, first_map_ms(page, url, day, timeout=timeout_s * 1000))
