"""Someone edits geodata/ while the app runs: valid edits show up, invalid ones leave the last valid data
on screen with a visible warning, and fixing the file clears it. A real server, a real browser."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from devkit.browser import map_frame, wait_for_app
from devkit.server import StreamlitServer
from playwright.sync_api import Page, expect

from dashboard.core.io.files import write_atomic
from tests.conftest import MINI
from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def live(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    folder = tmp_path_factory.mktemp("live") / "geodata"
    shutil.copytree(MINI, folder)
    with StreamlitServer(geodata=folder) as server:
        yield server.url, folder


def edit_places(folder: Path, change) -> None:
    path = folder / "places.geojson"
    doc = json.loads(path.read_text(encoding="utf-8"))
    change(doc)
    write_atomic(path, json.dumps(doc, ensure_ascii=False).encode("utf-8"))


def rename_alpha(name: str):
    def change(doc):
        next(f for f in doc["features"] if f["id"] == "alpha")["properties"]["name"] = name

    return change


def open_alpha(page: Page, url: str) -> None:
    page.goto(f"{url}/?date=2024-12-06&place=alpha")
    wait_for_app(page)
    map_frame(page).locator("path.place").first.wait_for(timeout=60_000)


def test_edits_are_picked_up_and_bad_edits_keep_the_last_valid_data(page: Page, live):
    url, folder = live
    open_alpha(page, url)
    expect(page.get_by_role("heading", name="Alpha")).to_be_visible()

    edit_places(folder, rename_alpha("Alpha Springs"))
    open_alpha(page, url)
    expect(page.get_by_role("heading", name="Alpha Springs")).to_be_visible()

    write_atomic(folder / "places.geojson", b'{"type": "FeatureCollection",\n  "features": [,]}')
    open_alpha(page, url)
    warning = page.get_by_text("still showing the last valid version")
    expect(warning).to_be_visible()
    expect(page.get_by_text("line 2, column").first).to_be_visible()
    expect(page.get_by_role("heading", name="Alpha Springs")).to_be_visible()
    expect(map_frame(page).locator("path.place-alpha")).to_have_attribute("data-controller", "REB")
    screenshot(page, "live-data-invalid-edit")

    write_atomic(folder / "places.geojson", (MINI / "places.geojson").read_bytes())
    open_alpha(page, url)
    expect(page.get_by_role("heading", name="Alpha", exact=True)).to_be_visible()
    expect(warning).to_have_count(0)
