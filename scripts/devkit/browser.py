"""Debian's Chromium under Playwright, waiting for the Streamlit page and its map, and timing the map in the
page: shared by the end-to-end tests, the benchmarks and the README image script. Never a downloaded browser.

The map (the app's, and the naive baseline's) marks its container with `data-date` once a day is drawn;
the timings here watch that attribute inside the map's iframe, from the page itself (no Playwright round
trip inside a measurement): a MutationObserver plus a check on every animation frame.
"""

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
#: The map component's iframe (Streamlit titles it with the component's name).
MAP_IFRAME = 'iframe[title="dashboard.ui.map_view.conflict_map"]'

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


#: The date slider's key (st.select_slider(key="day")); Streamlit puts it in the class `st-key-day`.
DATE_SLIDER = ".st-key-day"

#: In the page: is the map's iframe showing `day` (its container's data-date), with its places drawn?
_MAP_SHOWS = """(frameSelector, day, places) => {
  const frame = document.querySelector(frameSelector);
  const doc = frame && frame.contentDocument;
  if (!doc) { return false; }
  if (places && !doc.querySelector('path.place')) { return false; }
  for (const el of doc.querySelectorAll('[data-date]')) {
    if (day === null ? el.getAttribute('data-date') : el.getAttribute('data-date') === day) { return true; }
  }
  return false;
}"""

#: In the page: arm a timer that starts at the next keydown (capture phase, before any widget sees it) and
#: stops when the map shows `day`. The result lands in window.__cmStep.elapsed (ms).
_ARM_STEP = (
    """({frameSelector, day}) => {
  const shows = """
    + _MAP_SHOWS
    + """;
  const step = window.__cmStep = {t0: null, elapsed: null};
  let observer = null;
  const check = () => {
    if (step.elapsed === null && step.t0 !== null && shows(frameSelector, day, false)) {
      step.elapsed = performance.now() - step.t0;
      if (observer) { observer.disconnect(); }
    }
  };
  window.addEventListener('keydown', () => { if (step.t0 === null) { step.t0 = performance.now(); } },
                          {capture: true, once: true});
  const frame = document.querySelector(frameSelector);
  if (frame && frame.contentDocument) {
    observer = new MutationObserver(check);
    observer.observe(frame.contentDocument.documentElement,
                     {subtree: true, childList: true, attributes: true, attributeFilter: ['data-date']});
  }
  const poll = () => { check(); if (step.elapsed === null) { requestAnimationFrame(poll); } };
  requestAnimationFrame(poll);
}"""
)


def date_slider(page):
    """The date slider's thumb (focus it, then arrow keys step one day)."""
    return page.locator(DATE_SLIDER).get_by_role("slider")


def wait_for_map_date(page, day: str | None = None, timeout: float = 60_000) -> float:
    """Until the map shows `day` (any day when None) with its places drawn; returns the page's clock then
    (performance.now(), ms since the navigation started)."""
    handle = page.wait_for_function(
        f"([s, d]) => ({_MAP_SHOWS})(s, d, true) && performance.now()",
        arg=[MAP_IFRAME, day],
        polling="raf",
        timeout=timeout,
    )
    return float(handle.json_value())


def first_map_ms(page, url: str, day: str | None = None, timeout: float = 90_000) -> float:
    """Load `url` and time it: navigation start -> the map's places drawn and its data-date set (to `day`)."""
    page.goto(url, wait_until="commit", timeout=timeout)
    return wait_for_map_date(page, day, timeout)


def settle(page, pause_ms: float = 250, timeout: float = 60_000) -> None:
    """Let the server's run for the last input start and finish (a person does not step mid-run)."""
    page.wait_for_timeout(pause_ms)
    wait_for_app(page, timeout)


def time_key_to_date(page, key: str, day: str, timeout: float = 30_000) -> float:
    """Press `key` (on whatever has the focus) and time it: keydown -> the map shows `day`, in ms."""
    page.evaluate(_ARM_STEP, {"frameSelector": MAP_IFRAME, "day": day})
    page.keyboard.press(key)
    handle = page.wait_for_function(
        "() => window.__cmStep.elapsed !== null && {ms: window.__cmStep.elapsed}", timeout=timeout
    )
    return float(handle.json_value()["ms"])


def scrub(page, dates: list[str], start: int, steps: int, pause_ms: float = 250) -> list[tuple[str, float]]:
    """Step the focused date slider one day right, `steps` times from `dates[start]` (the day shown), timing
    each step: (day reached, ms). At the last day, Home goes back to the first (untimed). The server settles
    between steps."""
    slider = date_slider(page)
    slider.focus()
    index, times = start, []
    for _ in range(steps):
        if index == len(dates) - 1:
            page.keyboard.press("Home")
            wait_for_map_date(page, dates[0])
            settle(page, pause_ms)
            index = 0
        times.append((dates[index + 1], time_key_to_date(page, "ArrowRight", dates[index + 1])))
        index += 1
        settle(page, pause_ms)
    return times


#: In the page: record every day the map shows, with the page's clock, in window.__cmDates ([ms, day] pairs).
_RECORD_DATES = """(frameSelector) => {
  window.__cmDates = []; let last = null;
  const poll = () => {
    const frame = document.querySelector(frameSelector);
    const doc = frame && frame.contentDocument;
    const el = doc && doc.querySelector('[data-date]');
    const day = el && el.getAttribute('data-date');
    if (day && day !== last) { last = day; window.__cmDates.push([performance.now(), day]); }
    requestAnimationFrame(poll);
  };
  poll();
}"""


def record_map_dates(page) -> None:
    """Start recording each day the map shows (checked every animation frame), e.g. while it plays."""
    page.evaluate(_RECORD_DATES, MAP_IFRAME)


def recorded_map_dates(page, at_least: int = 0, timeout: float = 60_000) -> list[tuple[float, str]]:
    """The (page clock ms, day) changes recorded so far, after waiting for `at_least` of them."""
    if at_least:
        page.wait_for_function(f"() => window.__cmDates.length >= {int(at_least)}", timeout=timeout)
    return [(float(ms), day) for ms, day in page.evaluate("window.__cmDates")]


def place_point(page, place_id: str) -> tuple[float, float]:
    """Where a place's marker centre is on the page (pixels), after scrolling the map into view."""
    page.locator(MAP_IFRAME).scroll_into_view_if_needed()
    box = page.locator(MAP_IFRAME).bounding_box()
    x, y = (
        map_frame(page)
        .locator("body")
        .evaluate(
            """(body, id) => { const cm = window.conflictMap, p = cm.data.place(id);
                     const pt = cm.map.latLngToContainerPoint([p.lat, p.lon]); return [pt.x, pt.y]; }""",
            place_id,
        )
    )
    return box["x"] + x, box["y"] + y


def click_place(page, place_id: str, *, touch: bool = False, offset: tuple[float, float] = (0, 0)) -> None:
    """Click (or tap) the map where a place's marker is, as a person aiming at it would."""
    x, y = place_point(page, place_id)
    if touch:
        page.touchscreen.tap(x + offset[0], y + offset[1])
    else:
        page.mouse.click(x + offset[0], y + offset[1])
