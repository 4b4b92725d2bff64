"""Text from the data that looks like code (`<script>`, `<img onerror>`, backticks, `${...}`) is shown as
text in the app's panel, the map's tooltips and the exported HTML's popups, and never runs or breaks the map."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from dashboard.core import build_cells, load_dataset
from dashboard.render.exports import export_bytes
from tests.conftest import MINI
from tests.e2e.conftest import StreamlitServer, map_frame, wait_for_app

pytestmark = pytest.mark.e2e

HOSTILE_NAME = "Delta <script>alert(1)</script>"
HOSTILE_EXCERPT = "The army’s retreat was <b>confirmed</b> `soon` ${later}."


@pytest.fixture(scope="module")
def mini_url() -> Iterator[str]:
    server = StreamlitServer(geodata=MINI)
    yield server.url
    server.stop()


def watch_for_code(page: Page) -> list[str]:
    """Anything that would show code ran or broke: dialogs (alert) and uncaught errors."""
    events: list[str] = []
    page.on("dialog", lambda dialog: (events.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.on("pageerror", lambda error: events.append(f"error: {error}"))
    return events


def test_app_shows_hostile_text_as_text(page: Page, mini_url: str):
    events = watch_for_code(page)
    page.goto(f"{mini_url}/?date=2024-12-06&place=delta")
    wait_for_app(page)
    frame = map_frame(page)
    frame.locator("path.place-delta").wait_for(timeout=60_000)
    expect(page.get_by_role("heading", name=HOSTILE_NAME)).to_be_visible()
    expect(page.get_by_text("Note with `backtick` and ${x} and <img src=x onerror=alert(1)>.")).to_be_visible()
    page.locator('iframe[title="streamlit_folium.st_folium"]').scroll_into_view_if_needed()
    frame.locator("path.place-delta").hover()
    expect(frame.locator(".place-tooltip")).to_contain_text(HOSTILE_NAME)
    assert frame.locator("path.zone").count() >= 2, "the map still draws"

    page.goto(f"{mini_url}/?date=2024-12-06&place=alpha")
    wait_for_app(page)
    expect(page.get_by_text(HOSTILE_EXCERPT)).to_be_visible()
    assert page.locator("b", has_text="confirmed").count() == 0, "the excerpt's <b> is not rendered as HTML"
    assert events == []


def test_exported_html_shows_hostile_text_as_text(page: Page, tmp_path):
    events = watch_for_code(page)
    dataset = load_dataset(MINI)
    path = tmp_path / "mini.html"
    path.write_bytes(export_bytes(dataset, build_cells(dataset), "html", date(2024, 12, 6)))
    page.goto(path.as_uri())
    page.locator("path.place-alpha").click()
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_contain_text(HOSTILE_EXCERPT)
    assert popup.locator("b").count() == 0
    page.locator(".leaflet-popup-close-button").click()  # close Alpha's popup
    expect(popup).to_have_count(0)
    page.locator("path.place-delta").click()
    expect(popup).to_contain_text(HOSTILE_NAME)
    expect(popup).to_contain_text("<img src=x onerror=alert(1)>")
    assert popup.locator("img").count() == 0
    assert events == []
