"""Drawn territory in the exported HTML: a generated series of daily control maps, opened from disk in
Chromium; scrubbing from one drawn day to the next moves the drawn land and changes the area table."""

from __future__ import annotations

import json
import re
import shutil
from datetime import timedelta

import pytest
from devkit.drawn_series import SUDAN, Spec, write_series
from playwright.sync_api import Page, expect

from dashboard.authoring.drawn_import import ImportOptions, import_areas
from dashboard.core import Days, load_dataset
from dashboard.render.exports import ExportRequest, export_bytes
from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def drawn_days(tmp_path_factory) -> Days:
    work = tmp_path_factory.mktemp("drawn-html")
    folder = shutil.copytree(SUDAN, work / "sudan-drawn")
    dataset = load_dataset(folder)
    write_series(work / "maps", dataset.outline, Spec(6, dataset.baseline + timedelta(days=1), 300), work / "other")
    source = json.loads((folder / "sources.json").read_text(encoding="utf-8"))["sources"][0]["id"]
    for controller, maps in (("RSF", work / "maps"), ("SAF", work / "other")):
        options = ImportOptions(controller=controller, sources=(source,), date_pattern="control_%Y%m%d.geojson")
        import_areas(folder, [maps], options)
    return Days(load_dataset(folder))


def test_scrubbing_between_drawn_days_moves_the_drawn_front(page: Page, drawn_days: Days, tmp_path):
    first, second = sorted({s.date for s in drawn_days.dataset.drawn.shapes if s.controller == "RSF"})[:2]
    path = tmp_path / "sudan-drawn.html"
    path.write_bytes(export_bytes(drawn_days, ExportRequest("html", first)))
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(path.as_uri() + f"#date={first.isoformat()}")
    expect(page.locator(".leaflet-container")).to_have_attribute("data-date", first.isoformat())
    drawn = page.locator("path.drawn-RSF").first
    expect(drawn).to_be_attached()
    before_shape = drawn.get_attribute("d")
    before_table = page.locator(".cm-area-table").inner_text()
    assert page.locator("path.drawn-front").count() >= 1
    expect(page.locator(".map-date-note")).to_contain_text("dated control maps")
    screenshot(page, "drawn-html-first")
    page.locator("#cm-day").focus()
    for _ in range((second - first).days):
        page.keyboard.press("ArrowRight")
    expect(page.locator(".leaflet-container")).to_have_attribute("data-date", second.isoformat())
    expect(page).to_have_url(re.compile(rf"#date={second.isoformat()}"))
    after = page.locator("path.drawn-RSF").first
    assert after.get_attribute("d") != before_shape, "the drawn land did not move"
    after_table = page.locator(".cm-area-table").inner_text()
    km2 = re.compile(r"\d[\d,]*")
    assert km2.findall(after_table) != km2.findall(before_table), "the area table's km² did not change"
    screenshot(page, "drawn-html-second")
    assert errors == []


def test_the_badge_says_derived_before_the_first_drawn_day(page: Page, drawn_days: Days, tmp_path):
    day = drawn_days.dataset.baseline
    assert day < min(s.date for s in drawn_days.dataset.drawn.shapes)
    path = tmp_path / "sudan-before-drawn.html"
    path.write_bytes(export_bytes(drawn_days, ExportRequest("html", day)))
    page.goto(path.as_uri())
    expect(page.locator(".leaflet-container")).to_have_attribute("data-date", day.isoformat())
    expect(page.locator(".map-date-note")).to_have_text("Territory approximate: derived from the places listed")
    assert page.locator("path.drawn-front").count() == 0
