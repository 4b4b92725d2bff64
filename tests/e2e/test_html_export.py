"""The exported HTML as a recipient meets it: one file opened from disk in Chromium with the network blocked.
The whole period is in it: a hash link opens a view, the slider and play move the map, previous/next jump
between changes, a click on a place shows its history, excerpts and citations, and the hash follows."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, expect

from dashboard.render.exports import ExportRequest, export_bytes
from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def exported_html(bundled_days, tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("html") / "syria-2024-country-2024-12-06.html"
    path.write_bytes(export_bytes(bundled_days, ExportRequest("html", date(2024, 12, 6))))
    return path.as_uri()


@pytest.fixture
def offline(page: Page) -> dict[str, list[str]]:
    """Block every request that is not the file itself; record requests and script errors."""
    seen: dict[str, list[str]] = {"requests": [], "errors": []}
    page.context.set_offline(True)
    page.route(re.compile(r"^(https?|wss?)://"), lambda route: route.abort())
    page.on("request", lambda request: seen["requests"].append(request.url))
    page.on("pageerror", lambda error: seen["errors"].append(str(error)))
    return seen


def outside(urls: list[str]) -> list[str]:
    return [u for u in urls if urlparse(u).scheme not in ("file", "data", "about", "blob")]


def test_opens_on_the_exported_date_and_cites_hama(page: Page, exported_html: str, offline):
    page.goto(exported_html)
    expect(page.locator(".map-date-day")).to_have_text(re.compile("6 December 2024"))
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Syria"))
    hama = page.locator("path.place-hama")
    expect(hama).to_have_attribute("data-controller", "HTS")
    assert page.locator("path.zone").count() >= 4 and page.locator("path.front-line").count() >= 1
    hama.click()
    panel = page.locator(".cm-panel")
    expect(panel.get_by_role("heading", name="Hama")).to_be_visible()
    expect(panel).to_contain_text("completely liberated")
    expect(panel).to_contain_text("The Associated Press")
    link = panel.get_by_role("link", name=re.compile("Syrian rebels capture strategic city")).first
    assert link.get_attribute("href").startswith("https://")
    expect(page).to_have_url(re.compile(r"#date=2024-12-06&place=hama$"))
    expect(page.locator(".cm-area-table")).to_contain_text("Unassessed")
    screenshot(page, "export-html-hama")
    assert offline["errors"] == [] and outside(offline["requests"]) == []


def test_hash_link_opens_that_view_and_follows_the_slider(page: Page, exported_html: str, offline):
    page.goto(exported_html + "#date=2024-12-08&place=homs")
    expect(page.locator(".map-date-day")).to_have_text(re.compile("8 December 2024"))
    expect(page.locator(".cm-panel").get_by_role("heading", name="Homs")).to_be_visible()
    expect(page.locator("#cm-place")).to_have_value("homs")
    slider = page.locator("#cm-day")
    slider.focus()
    page.keyboard.press("ArrowLeft")
    expect(page.locator(".map-date-day")).to_have_text(re.compile("7 December 2024"))
    expect(page).to_have_url(re.compile(r"#date=2024-12-07&place=homs$"))
    page.get_by_role("button", name="Next change").click()
    expect(page).to_have_url(re.compile(r"#date=2024-12-08"))
    assert offline["errors"] == [] and outside(offline["requests"]) == []


def test_play_runs_through_the_days(page: Page, exported_html: str, offline):
    page.goto(exported_html + "#date=2024-12-09")
    page.locator("#cm-speed").select_option("8")
    page.get_by_role("button", name="Play").click()
    expect(page.locator(".map-date-day")).to_have_text(re.compile("12 December 2024"), timeout=10_000)
    expect(page.get_by_role("button", name="Play")).to_have_attribute("aria-pressed", "false", timeout=10_000)
    expect(page).to_have_url(re.compile(r"#date=2024-12-12"))
    assert offline["errors"] == []


def test_a_keyboard_user_picks_a_place_from_the_list(page: Page, exported_html: str, offline):
    page.goto(exported_html + "#date=2024-12-06")
    page.locator("#cm-place").focus()
    page.locator("#cm-place").select_option("hama")
    expect(page.locator(".cm-panel")).to_contain_text("completely liberated")
    expect(page.locator(".leaflet-container")).to_have_attribute("data-selected", "hama")


def test_a_bad_deep_link_says_what_was_not_found_and_opens_the_nearest_view(page: Page, exported_html: str, offline):
    page.goto(exported_html + "#date=2030-01-01&place=atlantis")
    notice = page.get_by_role("alert")
    expect(notice).to_contain_text("2030-01-01")
    expect(notice).to_contain_text("atlantis")
    expect(page.locator(".map-date-day")).to_have_text(re.compile("12 December 2024")), "the last day there is"
    page.goto(exported_html.replace(".html", ".html?ok") + "#date=2024-12-05")
    expect(page.locator(".map-date-day")).to_have_text(re.compile("5 December 2024"))
    expect(page.locator(".cm-notice")).to_be_hidden()
    assert offline["errors"] == []


def test_a_packed_export_opens_offline_as_the_plain_one_does(page: Page, bundled_days, tmp_path, offline, monkeypatch):
    """A long period's data is embedded gzipped (html_export.PACK_ABOVE): here forced on the small dataset."""
    from dashboard.render import html_export

    monkeypatch.setattr(html_export, "PACK_ABOVE", 0)
    path = tmp_path / "packed.html"
    path.write_bytes(export_bytes(bundled_days, ExportRequest("html", date(2024, 12, 6))))
    assert "completely liberated" not in path.read_text(encoding="utf-8"), "the data was left unpacked"
    page.goto(path.as_uri())
    expect(page.locator(".map-date-day")).to_have_text(re.compile("6 December 2024"))
    expect(page.locator("path.place-hama")).to_have_attribute("data-controller", "HTS")
    page.locator("path.place-hama").click()
    expect(page.locator(".cm-panel")).to_contain_text("completely liberated")
    assert offline["errors"] == [] and outside(offline["requests"]) == []
