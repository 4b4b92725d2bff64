"""Events in the app, as a person meets them: switch Events on, see the window's events on the map, filter by
type, click a cluster and read its events (script-bearing notes shown as text, never run)."""

from __future__ import annotations

import re
import shutil

import pytest
from devkit.acled_gen import generate
from devkit.browser import MAP_IFRAME, map_frame, wait_for_app, wait_for_map
from devkit.server import StreamlitServer
from playwright.sync_api import expect

from dashboard.core import load_dataset
from dashboard.core.io.event_import import import_events
from tests.conftest import ROOT
from tests.e2e.conftest import screenshot
from tests.event_files import HOSTILE

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def events_app(tmp_path_factory):
    """A server on a copy of the Sudan dataset with 20,000 synthetic ACLED-format events imported."""
    tmp = tmp_path_factory.mktemp("events-app")
    folder = tmp / "sudan-2025"
    shutil.copytree(ROOT / "geodata" / "sudan-2025", folder, ignore=shutil.ignore_patterns("events"))
    dataset = load_dataset(folder)
    frame = generate(dataset, 20_000, seed=7)
    frame.loc[frame.index[:40], "notes"] = HOSTILE
    csv = tmp / "acled.csv"
    frame.to_csv(csv, index=False)
    import_events(dataset, [csv])
    with StreamlitServer(geodata=folder) as server:
        yield server.url


def events_shown(page) -> int:
    value = map_frame(page).locator(".leaflet-container").get_attribute("data-events")
    return int(value or 0)


def test_events_on_filter_and_read_a_cluster(page, events_app):
    page.goto(f"{events_app}/?date=2025-10-29")
    wait_for_app(page)
    wait_for_map(page)
    page.get_by_text("Events: conflict events").click()
    wait_for_app(page)
    page.wait_for_function(
        f"""() => {{ const f = document.querySelector('{MAP_IFRAME}');
                   const m = f.contentDocument.querySelector('.leaflet-container');
                   return m && Number(m.getAttribute('data-events')) > 0; }}""",
        timeout=30_000,
    )
    expect(page).to_have_url(re.compile(r"events=7"), timeout=20_000)  # the link keeps the events window
    screenshot(page, "events-app-on")

    page.get_by_text("Last 30 days").click()  # enough events in the window to be clustered
    wait_for_app(page)
    page.locator(MAP_IFRAME).scroll_into_view_if_needed()
    cluster = map_frame(page).locator(".cm-event-bin").first
    expect(cluster).to_be_visible(timeout=20_000)
    cluster.click()
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Events in this area", exact=False)).to_be_visible(timeout=20_000)
    body = page.locator("[data-testid='stMain']").inner_text()
    assert "fatalities" in body.lower() or "Fatalities" in body
    assert page.evaluate("() => window.__pwned === undefined"), "no note ran as script"
    screenshot(page, "events-app-cluster")

    everything = events_shown(page)
    page.get_by_role("combobox", name="Event types").click()
    page.get_by_role("option", name="Battles", exact=True).click()
    page.keyboard.press("Escape")
    wait_for_app(page)
    page.wait_for_timeout(1000)
    filtered = events_shown(page)
    assert 0 < filtered < everything, (filtered, everything)
    expect(page).to_have_url(re.compile(r"ev_types=Battles"), timeout=20_000)
