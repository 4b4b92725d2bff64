"""A generated whole war (2,000 places over 3 years) exported as HTML and opened in Chromium: the country
view shows a readable subset of markers with the land and the fronts, zooming in brings any place back so it
can be clicked, and a place's holder follows the date across the years (frames rebuilt from changes)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from dashboard.core import Days, load_dataset
from dashboard.core.state import place_state
from dashboard.render.exports import ExportRequest, export_bytes
from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def war(tmp_path_factory):
    from scripts.devkit.whole_war import generate

    folder = tmp_path_factory.mktemp("war") / "whole-war"
    days = Days(load_dataset(generate(folder, places=2000, years=3, changes=3000)))
    path = folder.parent / "whole-war.html"
    path.write_bytes(export_bytes(days, ExportRequest("html", days.dataset.end)))
    return days, path.as_uri()


def test_country_view_thins_markers_and_zooming_in_finds_any_place(page: Page, war):
    days, url = war
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url)
    page.locator("path.place").first.wait_for(timeout=60_000)
    shown = page.locator("path.place").count()
    majors = [p for p in days.dataset.places if p.rank == 1]
    assert len(majors) <= shown <= 600, f"{shown} of 2,000 markers at the country view"
    assert page.locator("path.zone").count() >= 3 and page.locator("path.front-line").count() >= 1
    screenshot(page, "whole-war-country")
    village = next(p for p in days.dataset.places if p.rank == 3 and page.locator(f"path.place-{p.id}").count() == 0)
    # Zoom in on it; asked again until it holds, as the page may still settle its first view meanwhile.
    page.wait_for_function(
        """([lat, lon, id]) => {
             const map = window.conflictMap.map;
             if (map.getZoom() !== 11) { map.setView([lat, lon], 11, {animate: false}); }
             return document.querySelector("path.place-" + id) !== null;
           }""",
        arg=[village.lat, village.lon, village.id],
        polling=250,
        timeout=20_000,
    )
    marker = page.locator(f"path.place-{village.id}")
    expect(marker).to_have_count(1)
    marker.click()
    expect(page.locator(".cm-panel").get_by_role("heading", name=village.name)).to_be_visible()
    assert errors == []


def test_a_city_follows_the_date_across_the_years(page: Page, war):
    days, url = war
    first, last = days.dataset.baseline, days.dataset.end
    cities = [p for p in days.dataset.places if p.rank == 1]  # shown at every zoom
    changed = [p for p in cities if place_state(p, first).controller != place_state(p, last).controller]
    city = (changed or cities)[0]
    page.goto(url)
    marker = page.locator(f"path.place-{city.id}")
    expect(marker).to_have_attribute("data-controller", place_state(city, last).controller)
    for day in (first, date(first.year + 1, 6, 30), last):
        page.evaluate("d => window.conflictMap.setDate(d)", day.isoformat())
        expect(page.locator(".leaflet-container")).to_have_attribute("data-date", day.isoformat())
        expect(marker).to_have_attribute("data-controller", place_state(city, day).controller)
    expect(page.locator(".cm-area-table")).to_contain_text(re.compile(r"\d"))


def test_the_place_list_is_a_search_at_this_size(page: Page, war):
    """2,000 places: the list holds the biggest ones, and typing part of a name lists the matches."""
    days, url = war
    page.goto(url)
    select = page.locator("#cm-place")
    expect(select.locator("option")).to_have_count(301)  # the first option asks to choose
    village = days.dataset.places[-1]
    assert select.locator(f"option[value='{village.id}']").count() == 0
    page.get_by_label(re.compile(r"Find any of the 2,000 places")).fill(village.name.upper())
    expect(select.locator(f"option[value='{village.id}']")).to_have_count(1)
    assert select.locator("option").count() <= 201
    select.select_option(village.id)
    expect(page.locator(".cm-panel").get_by_role("heading", name=village.name)).to_be_visible()
    page.get_by_label(re.compile(r"Find any of")).fill("no such place anywhere")
    expect(select.locator("option").first).to_have_text("No place matches")
    expect(select.locator(f"option[value='{village.id}']")).to_have_count(1)  # the shown place stays listed
