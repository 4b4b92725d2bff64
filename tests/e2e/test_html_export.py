"""The exported HTML as a recipient meets it: a file opened offline in Chromium, with no server at all."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, expect

from dashboard.render.exports import export_bytes
from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def exported_html(bundled, bundled_cells, tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("html") / "syria-control-2024-12-06.html"
    path.write_bytes(export_bytes(bundled, bundled_cells, "html", date(2024, 12, 6)))
    return path.as_uri()


def test_exported_html_works_offline_and_cites_hama(page: Page, exported_html: str):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(exported_html)
    expect(page.locator(".map-date-day")).to_have_text(re.compile("6 December 2024"))
    hama = page.locator("path.place-hama")
    expect(hama).to_have_attribute("data-controller", "HTS")
    assert page.locator("path.zone").count() >= 4 and page.locator("path.front-line").count() >= 1
    hama.click()
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_contain_text("completely liberated")
    expect(popup).to_contain_text("The Associated Press")
    link = popup.get_by_role("link", name=re.compile("Syrian rebels capture strategic city")).first
    assert link.get_attribute("href").startswith("https://")
    screenshot(page, "export-html-hama-popup")
    assert errors == []
    outside = [u for u in requests if urlparse(u).scheme not in ("file", "data", "about", "blob")]
    assert outside == [], f"the exported file made requests: {outside}"
