"""Debian's Chromium under Playwright, and waiting for the Streamlit page: shared by the end-to-end tests,
the benchmarks and the README image script. Never a downloaded browser."""

from __future__ import annotations

import os

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
#: Root needs --no-sandbox; the rest stop Chromium calling home on a machine with no internet.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'

#: The map's current view, for checking that scrubbing keeps the user's zoom and pan.
MAP_VIEW = """() => { const m = window.conflictMap.map, c = m.getCenter();
                       return [m.getZoom(), c.lat.toFixed(4), c.lng.toFixed(4)]; }"""


def wait_for_app(page, timeout: float = 90_000) -> None:
    """Until the page's script has finished running (connected, not running)."""
    page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(
        state="attached", timeout=timeout
    )


def map_frame(page):
    """The map's iframe, for locating its elements."""
    return page.frame_locator(MAP_IFRAME)


def wait_for_map(page, timeout: float = 60_000):
    """The map's frame once its places are drawn."""
    frame = map_frame(page)
    frame.locator("path.place").first.wait_for(timeout=timeout)
    return frame
