"""Accessibility, checked with axe-core (the standard engine, shipped by axe-playwright-python) in Chromium:
no serious or critical violation on the page, inside the map's frame, or in the exported HTML (English and
Arabic); zoom is never disabled; a keyboard user can pick a place and read its sources; the map has a text
version a screen reader can reach."""

from __future__ import annotations

import re
from datetime import date

import pytest
from axe_playwright_python.sync_playwright import Axe
from devkit.browser import MAP_IFRAME, wait_for_app, wait_for_map
from playwright.sync_api import Page, expect

from dashboard.render.exports import ExportRequest, export_bytes

pytestmark = pytest.mark.e2e
BLOCKING = {"serious", "critical"}


def violations(target) -> list[str]:
    """axe's serious and critical violations in a page or frame, as readable lines."""
    found = Axe().run(target).response["violations"]
    return [
        f"{v['impact']} {v['id']}: {v['help']} ({len(v['nodes'])} nodes, e.g. {v['nodes'][0]['target']})"
        for v in found
        if v["impact"] in BLOCKING
    ]


def all_violation_ids(target) -> set[str]:
    return {v["id"] for v in Axe().run(target).response["violations"]}


@pytest.mark.parametrize("query", ["date=2024-12-06&place=hama", "dataset=sudan-2025&date=2025-10-29&place=el-fasher"])
def test_the_page_and_the_map_frame_pass_axe(page: Page, app_url: str, query: str):
    page.goto(f"{app_url}/?{query}")
    wait_for_app(page)
    wait_for_map(page)
    page.wait_for_timeout(1500)  # the page settles (fonts, the map's first frame)
    wait_for_app(page)
    assert violations(page) == []
    frame = page.locator(MAP_IFRAME).element_handle().content_frame()
    assert violations(frame) == []
    ids = all_violation_ids(frame)
    assert not ids & {"meta-viewport", "landmark-one-main", "page-has-heading-one", "region"}, ids


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_exported_html_passes_axe(page: Page, bundled_days, tmp_path, lang: str):
    path = tmp_path / f"map-{lang}.html"
    path.write_bytes(export_bytes(bundled_days, ExportRequest("html", date(2024, 12, 6), lang=lang)))
    page.goto(path.as_uri() + "#date=2024-12-06&place=hama")
    expect(page.locator(".cm-panel")).to_contain_text("Hama" if lang == "en" else "حماة")
    assert violations(page) == []
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
    assert "user-scalable=no" not in path.read_text(encoding="utf-8")
    expect(page.locator(".cm-as-text")).to_contain_text("Hama" if lang == "en" else "حماة")


def test_a_keyboard_user_selects_hama_and_reads_its_sources(page: Page, app_url: str):
    page.goto(f"{app_url}/?date=2024-12-06")
    wait_for_app(page)
    wait_for_map(page)
    slider = page.get_by_role("slider", name=re.compile("Date"))
    slider.focus()
    page.keyboard.press("ArrowRight")
    wait_for_app(page)
    expect(page).to_have_url(re.compile(r"date=2024-12-07"))
    page.keyboard.press("ArrowLeft")
    wait_for_app(page)
    place_list = page.get_by_role("combobox", name=re.compile("Place"))
    place_list.focus()
    page.keyboard.type("Hamah", delay=60)  # an alternate spelling
    expect(page.get_by_role("option", name=re.compile(r"^Hama · "))).to_be_visible()
    page.keyboard.press("Enter")
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Hama", exact=True)).to_be_visible(timeout=20_000)
    expect(page.get_by_text(re.compile("completely liberated")).first).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Syrian rebels capture strategic city")).first).to_be_visible()
    for name in ("Previous change", "Next change"):
        expect(page.get_by_role("button", name=re.compile(name))).to_be_visible()
    expect(page.get_by_role("button", name=re.compile(r"Play$"))).to_be_visible()


def test_the_map_as_text_is_reachable(page: Page, app_url: str):
    page.goto(f"{app_url}/?date=2024-12-08")
    wait_for_app(page)
    page.get_by_text("The map as text").click()
    body = page.get_by_text(re.compile(r"HTS / MOC holds \d+ listed place"))
    expect(body).to_be_visible()
    expect(page.get_by_text(re.compile("Changed hands in the last 3 days"))).to_be_visible()
