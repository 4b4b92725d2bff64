"""A person in a browser: open a link, scrub the slider, click Hama, read the source; all offline."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from devkit.browser import MAP_IFRAME, MAP_VIEW, map_frame, wait_for_app
from playwright.sync_api import Page, expect

from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.e2e

GOV_COLOUR = "#A1122A"
PLAY = re.compile(r"^(play_arrow )?Play$")
PAUSE = re.compile(r"^(pause )?Pause$")
LOCAL_HOSTS = {"localhost", "127.0.0.1", ""}


@pytest.fixture
def requests_seen(page: Page) -> list[str]:
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    return seen


def outside_requests(urls: list[str]) -> list[str]:
    return [
        u
        for u in urls
        if urlparse(u).scheme in ("http", "https", "ws", "wss") and urlparse(u).hostname not in LOCAL_HOSTS
    ]


def open_view(page: Page, app_url: str, query: str):
    page.goto(f"{app_url}/?{query}")
    wait_for_app(page)
    frame = map_frame(page)
    frame.locator("path.place").first.wait_for(timeout=60_000)
    page.locator(MAP_IFRAME).scroll_into_view_if_needed()
    return frame


def date_slider(page: Page):
    return (
        page.locator('[data-testid="stSlider"]').filter(has=page.get_by_text("Date", exact=True)).get_by_role("slider")
    )


def test_zones_and_markers_render_offline(page: Page, app_url: str, requests_seen: list[str]):
    frame = open_view(page, app_url, "date=2024-12-04")
    expect(frame.locator(".map-date-day")).to_have_text(re.compile("4 December 2024"))
    assert frame.locator("path.zone").count() >= 4
    assert frame.locator("path.zone-unassessed").count() == 1, "land beyond every place's reach is drawn apart"
    assert frame.locator("path.zone-hatch").count() >= 1, "land resting on uncertain records is hatched"
    assert frame.locator("path.place").count() >= 40
    assert frame.locator("path.front-line").count() >= 1
    expect(frame.locator("path.place-hama")).to_have_attribute("fill", GOV_COLOUR)
    screenshot(page, "dashboard-2024-12-04")
    assert outside_requests(requests_seen) == []


def test_slider_step_recolours_hama_without_remounting(page: Page, app_url: str, requests_seen: list[str]):
    frame = open_view(page, app_url, "date=2024-12-04")
    hama = frame.locator("path.place-hama")
    expect(hama).to_have_attribute("fill", GOV_COLOUR)
    frame.locator("body").evaluate("() => { window.__mounted_once = 'yes'; }")
    frame.locator(".leaflet-control-zoom-in").click()  # the user zooms in and pans a little
    frame.locator("body").evaluate("() => window.conflictMap.map.panBy([40, 25], {animate: false})")
    page.wait_for_timeout(400)  # the zoom animation
    before = frame.locator("body").evaluate(MAP_VIEW)
    slider = date_slider(page)
    slider.focus()
    page.keyboard.press("ArrowRight")
    expect(frame.locator(".map-date-day")).to_have_text(re.compile("5 December 2024"))
    page.keyboard.press("ArrowRight")
    expect(frame.locator(".map-date-day")).to_have_text(re.compile("6 December 2024"))
    expect(hama).not_to_have_attribute("fill", GOV_COLOUR)
    assert hama.get_attribute("data-controller") == "HTS"
    wait_for_app(page)
    assert frame.locator("body").evaluate("() => window.__mounted_once") == "yes", "the map was re-mounted"
    assert frame.locator("body").evaluate(MAP_VIEW) == before, "scrubbing changed the user's zoom or pan"
    expect(page).to_have_url(re.compile(r"date=2024-12-06"))
    screenshot(page, "dashboard-2024-12-06")
    assert outside_requests(requests_seen) == []


def test_the_first_view_shows_the_map_and_its_legend(page: Page, app_url: str):
    frame = open_view(page, app_url, "")
    page.evaluate("() => window.scrollTo(0, 0)")
    legend = frame.locator(".map-legend").bounding_box()  # in page coordinates
    assert legend and legend["y"] + legend["height"] <= 900, "the legend is above the fold at 1440x900"
    expect(frame.locator(".map-legend")).to_contain_text("Unassessed")
    expect(frame.locator(".map-legend")).to_contain_text("Hatched")
    screenshot(page, "dashboard-first-view")


def test_the_ring_follows_the_first_click(page: Page, app_url: str):
    frame = open_view(page, app_url, "date=2024-12-06")
    container = frame.locator(".leaflet-container")
    frame.locator("path.place-hama").click()
    expect(container).to_have_attribute("data-selected", "hama")
    expect(page.get_by_role("heading", name="Hama", exact=True)).to_be_visible(timeout=30_000)
    wait_for_app(page)
    expect(container).to_have_attribute("data-selected", "hama")
    page.locator(MAP_IFRAME).scroll_into_view_if_needed()
    frame.locator("path.place-homs").click()
    expect(container).to_have_attribute("data-selected", "homs")
    expect(page.get_by_role("heading", name="Homs", exact=True)).to_be_visible(timeout=30_000)
    wait_for_app(page)
    page.wait_for_timeout(500)
    expect(container).to_have_attribute("data-selected", "homs")  # the ring is on the place the panel shows
    # Both boxes read at once (the map may still pan Homs into view, 0.4 and 1.2 s after the click), until
    # the ring sits on Homs; it fails if the ring stays anywhere else.
    frame.locator("body").evaluate(
        """() => new Promise((resolve, reject) => {
             const centre = (sel) => { const b = document.querySelector(sel).getBoundingClientRect();
                                       return [b.x + b.width / 2, b.y + b.height / 2]; };
             const started = performance.now();
             (function check() {
               const [rx, ry] = centre("path.selected-ring"), [hx, hy] = centre("path.place-homs");
               if (Math.abs(rx - hx) < 2 && Math.abs(ry - hy) < 2) { resolve(); return; }
               if (performance.now() - started > 10000) {
                 reject(new Error(`ring at ${rx},${ry}; Homs at ${hx},${hy}`));
                 return;
               }
               requestAnimationFrame(check);
             })();
           })"""
    )


def test_click_hama_shows_verbatim_excerpt_and_citation(page: Page, app_url: str, requests_seen: list[str]):
    frame = open_view(page, app_url, "date=2024-12-06")
    frame.locator("path.place-hama").click()
    expect(page.get_by_role("heading", name="Hama")).to_be_visible(timeout=30_000)
    excerpt = page.get_by_text(re.compile("completely liberated"))
    expect(excerpt.first).to_be_visible()
    expect(page.get_by_text("The Associated Press").first).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Syrian rebels capture strategic city")).first).to_be_visible()
    expect(page).to_have_url(re.compile(r"place=hama"))
    screenshot(page, "dashboard-hama-panel")
    page.locator(".st-key-place_picker").click()  # pick another place from the searchable list
    page.keyboard.type("Homs")
    page.get_by_role("option", name=re.compile("^Homs")).click()
    expect(page.get_by_role("heading", name="Homs", exact=True)).to_be_visible(timeout=30_000)
    page.locator(MAP_IFRAME).scroll_into_view_if_needed()
    frame.locator("path.place-hama").click()  # and click Hama on the map again
    expect(page.get_by_role("heading", name="Hama", exact=True)).to_be_visible(timeout=30_000)
    assert outside_requests(requests_seen) == []


def test_hover_tooltip_names_controller(page: Page, app_url: str):
    frame = open_view(page, app_url, "date=2024-12-06")
    frame.locator("path.place-homs").hover()
    tooltip = frame.locator(".place-tooltip")
    expect(tooltip).to_contain_text("Homs")
    expect(tooltip).to_contain_text("Government")


RECORD_BADGE = """() => {
  window.__shown = [];
  const badge = document.querySelector('.map-date-day');
  new MutationObserver(() => window.__shown.push(badge.textContent))
    .observe(badge, {childList: true, characterData: true, subtree: true});
}"""


def test_play_shows_every_day_in_order_and_pauses(page: Page, app_url: str):
    frame = open_view(page, app_url, "date=2024-11-26")
    expect(frame.locator(".map-date-day")).to_have_text(re.compile("26 November 2024"))
    frame.locator("body").evaluate(RECORD_BADGE)
    page.get_by_role("button", name=PLAY).click()
    expect(frame.locator(".map-date-day")).to_have_text(re.compile("(29|30) November 2024"), timeout=20_000)
    page.get_by_role("button", name=PAUSE).click()
    expect(frame.locator(".leaflet-container")).to_have_attribute("data-playing", "false")
    wait_for_app(page)
    shown = frame.locator("body").evaluate("() => window.__shown")
    days = [int(re.search(r"(\d+) (November|December)", text).group(1)) for text in shown]
    assert days[:3] == [27, 28, 29], f"play must show each day in turn, showed {shown}"
    assert all(b - a == 1 for a, b in zip(days, days[1:]) if a < 30), shown
    stopped = frame.locator(".map-date-day").inner_text()
    page.wait_for_timeout(1500)
    assert frame.locator(".map-date-day").inner_text() == stopped, "the map kept moving after Pause"
    expect(page).to_have_url(re.compile(r"date=2024-1[12]-"))
    expect(page.get_by_role("button", name=PLAY)).to_be_visible()


def test_play_runs_to_the_end_and_stops(page: Page, app_url: str):
    frame = open_view(page, app_url, "date=2024-12-08")
    page.locator(".st-key-speed").get_by_text("8 d/s").click()
    wait_for_app(page)
    page.get_by_role("button", name=PLAY).click()
    expect(frame.locator(".map-date-day")).to_have_text(re.compile("12 December 2024"), timeout=20_000)
    expect(page.get_by_role("button", name=PLAY)).to_be_visible(timeout=20_000)
    expect(page).to_have_url(re.compile(r"date=2024-12-12"))
    expect(frame.locator(".leaflet-container")).to_have_attribute("data-playing", "false")


@pytest.mark.parametrize(
    "label, name, check",
    [
        ("PNG image", "syria-2024-country-2024-12-06.png", lambda data: data[:8] == b"\x89PNG\r\n\x1a\n"),
        ("SVG (print", "syria-2024-country-2024-12-06.svg", lambda data: b"<svg" in data and b"Hama</text>" in data),
        (
            "GeoJSON",
            "syria-2024-2024-12-06.geojson",
            lambda data: json.loads(data)["properties"]["date"] == "2024-12-06",
        ),
        (
            "CSV table",
            "syria-2024-2024-12-06.csv",
            lambda data: "حماة" in data.decode("utf-8-sig") and data.startswith(b"\xef\xbb\xbfid,name,name_ar"),
        ),
        (
            "Interactive HTML (whole period)",
            "syria-2024-country-2024-12-06.html",
            lambda data: b"completely liberated" in data and b"<script src=" not in data,
        ),
    ],
)
def test_download_buttons_export_the_selected_date(page: Page, app_url: str, label, name, check):
    open_view(page, app_url, "date=2024-12-06")
    page.get_by_text("Show the downloads").click()
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name=label).click()
    download = info.value
    assert download.suggested_filename == name
    data = Path(download.path()).read_bytes()
    assert check(data)
