"""Text from the data that looks like code (`<script>`, `<img onerror>`, backticks, `${...}`) is shown as
text in the app's panel, the map's tooltips and the exported HTML's popups, and never runs or breaks the map."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import pytest
from devkit.browser import MAP_IFRAME, map_frame, wait_for_app
from devkit.server import StreamlitServer
from playwright.sync_api import Page, expect

from dashboard.core import Days, load_dataset
from dashboard.render.exports import ExportRequest, export_bytes
from tests.conftest import MINI

pytestmark = pytest.mark.e2e

HOSTILE_NAME = "Delta <script>alert(1)</script>"
HOSTILE_EXCERPT = "The army’s retreat was <b>confirmed</b> `soon` ${later}."


@pytest.fixture(scope="module")
def mini_url() -> Iterator[str]:
    with StreamlitServer(geodata=MINI) as server:
        yield server.url


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
    page.locator(MAP_IFRAME).scroll_into_view_if_needed()
    frame.locator("path.place-delta").dispatch_event("mouseover")
    expect(frame.locator(".place-tooltip")).to_contain_text(HOSTILE_NAME)
    assert frame.locator("path.zone").count() >= 2, "the map still draws"

    page.goto(f"{mini_url}/?date=2024-12-06&place=alpha")
    wait_for_app(page)
    expect(page.get_by_text(HOSTILE_EXCERPT)).to_be_visible()
    assert page.locator("b", has_text="confirmed").count() == 0, "the excerpt's <b> is not rendered as HTML"
    assert events == []


def test_exported_html_shows_hostile_text_as_text(page: Page, tmp_path):
    events = watch_for_code(page)
    path = tmp_path / "mini.html"
    path.write_bytes(export_bytes(Days(load_dataset(MINI)), ExportRequest("html", date(2024, 12, 6))))
    page.goto(path.as_uri())
    page.locator("path.place-alpha").click()
    panel = page.locator(".cm-panel")
    expect(panel).to_contain_text(HOSTILE_EXCERPT)
    assert panel.locator("b").count() == 0
    page.locator("select.cm-place").select_option("delta")  # Delta is off screen once Alpha is centred
    expect(panel).to_contain_text(HOSTILE_NAME)
    expect(panel).to_contain_text("<img src=x onerror=alert(1)>")
    assert panel.locator("img").count() == 0
    page.goto(path.as_uri() + "#date=2024-12-06&place=%3Cscript%3Ealert(1)%3C/script%3E")
    expect(page.locator(".map-date-day")).to_have_text(re.compile("6 December 2024"))
    assert events == []
