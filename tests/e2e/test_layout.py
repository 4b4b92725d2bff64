"""What a person sees first: on a phone (390x844) the map is on the first screen with the controls below it
and the badge and legend folded small, in the app and in the exported HTML; compare mode says what its
colours mean and which two dates it compares."""

from __future__ import annotations

import re
from datetime import date

import pytest
from devkit.browser import MAP_IFRAME, map_frame, wait_for_app, wait_for_map
from playwright.sync_api import expect

from dashboard.render.exports import ExportRequest, export_bytes
from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.e2e

PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}
#: In a map document: the share of the map's area that the date badge and the legend cover.
COVERED = """() => {
  const map = document.querySelector('.leaflet-container').getBoundingClientRect();
  const area = (sel) => { const el = document.querySelector(sel); if (!el) return 0;
                          const b = el.getBoundingClientRect(); return b.width * b.height; };
  return (area('.map-date') + area('.map-legend-box')) / (map.width * map.height);
}"""


@pytest.fixture
def phone(browser):
    context = browser.new_context(**PHONE)
    yield context.new_page()
    context.close()


def test_on_a_phone_the_app_shows_the_map_first_and_folds_the_controls_below(phone, app_url):
    phone.goto(f"{app_url}/?date=2024-12-08")
    wait_for_app(phone)
    wait_for_map(phone)
    phone.wait_for_timeout(800)
    frame_box = phone.locator(MAP_IFRAME).bounding_box()
    assert frame_box["y"] < 844 * 0.45, f"the map starts {frame_box['y']:.0f} px down"
    assert frame_box["y"] + frame_box["height"] <= 844, "the whole map is on the first screen"
    slider = phone.locator(".st-key-day").bounding_box()
    assert slider["y"] > frame_box["y"] + frame_box["height"], "the date controls come below the map"
    covered = map_frame(phone).locator("body").evaluate(COVERED)
    assert covered <= 0.2, f"badge and legend cover {covered:.0%} of the map"
    legend = map_frame(phone).locator(".map-legend-fold")
    assert legend.get_attribute("open") is None, "the legend starts folded on a phone"
    legend.locator("summary").click()
    expect(map_frame(phone).locator(".map-legend")).to_be_visible()
    screenshot(phone, "phone-app")


def test_on_a_phone_the_exported_html_shows_the_map_first(phone, bundled_days, tmp_path):
    path = tmp_path / "syria.html"
    path.write_bytes(export_bytes(bundled_days, ExportRequest("html", date(2024, 12, 6))))
    phone.goto(path.as_uri())
    expect(phone.locator(".map-date-day")).to_contain_text("6 December 2024")
    phone.wait_for_timeout(500)
    map_box = phone.locator(".leaflet-container").bounding_box()
    assert map_box["y"] < 844 * 0.45 and map_box["y"] + map_box["height"] * 0.6 <= 844
    covered = phone.evaluate(COVERED)
    assert covered <= 0.2, f"badge and legend cover {covered:.0%} of the map"
    screenshot(phone, "phone-html")


def test_compare_mode_explains_its_colours_and_dates(page, app_url):
    page.goto(f"{app_url}/?date=2024-12-08")
    wait_for_app(page)
    frame = wait_for_map(page)
    page.get_by_text("Compare with an earlier date").click()
    wait_for_app(page)
    expect(frame.locator(".map-date-day")).to_contain_text("Changes from")
    expect(frame.locator(".map-date-day")).to_contain_text("8 Dec 2024")
    legend = frame.locator(".map-legend")
    expect(legend).to_contain_text("Changed hands from")
    expect(legend).to_contain_text("gained by HTS / MOC")
    expect(legend).to_contain_text("lost by Government")
    page.get_by_text("Compare with an earlier date").click()
    wait_for_app(page)
    expect(frame.locator(".map-date-day")).to_have_text("Sunday, 8 December 2024")
    expect(legend).not_to_contain_text("gained by")


#: In the page: every 50 ms, the slider's day and the map's day, as [slider aria-valuetext, map data-date].
SAMPLE_PACE = """(frameSelector) => {
  window.__pace = [];
  const tick = () => {
    const slider = document.querySelector('.st-key-day input[type=range]');
    const frame = document.querySelector(frameSelector);
    const map = frame && frame.contentDocument && frame.contentDocument.querySelector('[data-date]');
    window.__pace.push([slider && slider.getAttribute('aria-valuetext'), map && map.getAttribute('data-date')]);
  };
  window.__paceTimer = setInterval(tick, 50);
}"""


def test_during_play_the_slider_keeps_pace_with_the_map(page, app_url):
    page.goto(f"{app_url}/?date=2024-11-26")
    wait_for_app(page)
    frame = wait_for_map(page)
    page.evaluate(SAMPLE_PACE, MAP_IFRAME)
    page.get_by_role("button", name="Play").click()
    expect(frame.locator(".map-date-day")).to_have_text(re.compile("3 December 2024"), timeout=30_000)
    page.get_by_role("button", name="Pause").click()
    samples = page.evaluate("() => { clearInterval(window.__paceTimer); return window.__pace; }")
    gaps = []
    for slider, shown in samples:
        if not slider or not shown:
            continue
        slider_day = int(re.search(r"\d+", slider).group())
        map_day = date.fromisoformat(shown).day
        gaps.append(abs(map_day - slider_day) if map_day >= slider_day or slider_day - map_day < 20 else 0)
    assert gaps and max(gaps) <= 1, f"the slider fell {max(gaps)} days behind the map"


def test_mid_drag_the_heading_never_shows_another_date_than_the_slider(page, app_url):
    page.goto(f"{app_url}/?date=2024-12-01")
    wait_for_app(page)
    wait_for_map(page)
    thumb = page.locator(".st-key-day input[type=range]")
    box = page.locator(".st-key-day [data-testid='stSliderThumbValue']").locator("..").bounding_box()
    track = page.locator(".st-key-day").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(track["x"] + track["width"] * 0.9, box["y"] + box["height"] / 2, steps=8)
    heading = page.locator(".st-key-date_heading")
    assert heading.evaluate("h => getComputedStyle(h).visibility") == "hidden", "mid-drag the heading steps aside"
    page.mouse.up()
    wait_for_app(page)
    expect(heading).to_be_visible()
    slider_text = thumb.get_attribute("aria-valuetext")
    expect(heading).to_contain_text(re.search(r"\d+ \w+", slider_text).group().replace("Dec", "December"))
