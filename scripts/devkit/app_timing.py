"""The app in Chromium on one dataset: first map (cold and warm) and slider steps, for the benchmarks.

Each call starts its own server with an empty cache folder (CONFLICT_MAP_CACHE), so the cold first map
includes preparing the dataset, as the first visitor after a deploy meets it; the warm one is a second
visit to the same server.
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
    """First map cold and warm (ms), and the slider steps (ms, key press -> the map shows the day)."""

    cold_ms: float
    warm_ms: float
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
            f"first map cold {self.cold_ms / 1000:5.1f} s, warm {self.warm_ms / 1000:5.1f} s; "
            f"slider step p50 {self.p50:4.0f} ms, p95 {self.p95:4.0f} ms ({len(self.steps)} steps)"
        )


def time_app(folder: Path, day: str, steps: int, timeout_s: float = 300) -> AppTimes:
    """Serve `folder` alone, open it on `day` twice (cold, warm), then step the slider `steps` days."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as cache:
        env = {"CONFLICT_MAP_CACHE": cache}
        with StreamlitServer(folder, env=env, launch=Launch(timeout=120)) as server, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                url = f"{server.url}/?date={day}"
                page = browser.new_page(viewport={"width": 1440, "height": 900})
                cold = first_map_ms(page, url, day, timeout=timeout_s * 1000)
                page.close()
                page = browser.new_page(viewport={"width": 1440, "height": 900})
                warm = first_map_ms(page, url, day, timeout=timeout_s * 1000)
                settle(page, 500, timeout_s * 1000)
                wait_for_app(page, timeout_s * 1000)
                dates = map_frame(page).locator("body").evaluate("() => window.conflictMap.dates")
                times = scrub(page, dates, dates.index(day), steps)
            finally:
                browser.close()
    return AppTimes(cold, warm, [ms for _, ms in times])
