"""Every dataset in one app: a deep link opens Sudan on El Fasher's day, the picker switches datasets, and
compare mode draws what changed hands."""

from __future__ import annotations

import re

import pytest
from devkit.browser import MAP_IFRAME, map_frame, wait_for_app
from playwright.sync_api import Page, expect

from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.e2e


def test_a_sudan_link_opens_el_fasher(page: Page, app_url: str):
    page.goto(f"{app_url}/?dataset=sudan-2025&date=2025-10-29&place=el-fasher")
    wait_for_app(page)
    frame = map_frame(page)
    frame.locator("path.place-el-fasher").wait_for(timeout=60_000)
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Sudan"))
    expect(page.get_by_role("heading", name="El Fasher", exact=True)).to_be_visible()
    expect(frame.locator(".map-date-day")).to_have_text(re.compile("29 October 2025"))
    expect(frame.locator("path.place-el-fasher")).to_have_attribute("data-controller", "RSF")
    expect(page.get_by_text(re.compile("holds it on Wednesday 29 October 2025"))).to_be_visible()
    screenshot(page, "sudan-el-fasher")


def test_switching_datasets_in_the_page(page: Page, app_url: str):
    page.goto(f"{app_url}/?date=2024-12-06")
    wait_for_app(page)
    map_frame(page).locator("path.place-hama").wait_for(timeout=60_000)
    page.locator(".st-key-dataset_picker").click()
    page.get_by_role("option", name="sudan-2025").click()
    wait_for_app(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Sudan"))
    expect(page.locator(MAP_IFRAME)).to_have_count(1, timeout=30_000)  # Syria's map is gone, Sudan's is drawn
    frame = map_frame(page)
    frame.locator("path.place-khartoum").wait_for(timeout=60_000)
    expect(page).to_have_url(re.compile(r"dataset=sudan-2025"))
    assert frame.locator("path.place-hama").count() == 0, "the map now shows Sudan's places only"


def test_a_bad_dataset_in_the_link_gets_a_message_and_the_default(page: Page, app_url: str):
    page.goto(f"{app_url}/?dataset=narnia-1950")
    wait_for_app(page)
    expect(page.get_by_text(re.compile("does not exist; showing syria-2024"))).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Syria"))


def test_compare_mode_draws_the_land_that_changed_hands(page: Page, app_url: str):
    page.goto(f"{app_url}/?date=2024-12-08")
    wait_for_app(page)
    frame = map_frame(page)
    frame.locator("path.place").first.wait_for(timeout=60_000)
    page.get_by_text("Compare with an earlier date").click()
    wait_for_app(page)
    container = frame.locator(".leaflet-container")
    expect(container).to_have_attribute("data-compare-from", re.compile(r"2024-1[12]-\d\d"))
    assert frame.locator("path.change").count() >= 3
    assert frame.locator("path.change-to-HTS").count() >= 1, "land gained by the HTS-led command"
    expect(page.get_by_text(re.compile(r"What changed hands from"))).to_be_visible()
    expect(page.get_by_role("cell", name="Homs", exact=True).first).to_be_visible()
    page.locator(MAP_IFRAME).scroll_into_view_if_needed()
    screenshot(page, "compare-mode")
    page.get_by_text("Compare with an earlier date").click()
    wait_for_app(page)
    expect(container).not_to_have_attribute("data-compare-from", re.compile(".+"))
    assert frame.locator("path.change").count() == 0
