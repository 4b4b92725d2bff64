"""What a person sees first: on a phone (390x844) the map is on the first screen with the controls below it
and the badge and legend folded small, in the app and in the exported HTML; compare mode says what its
colours mean and which two dates it compares."""

from __future__ import annotations

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
