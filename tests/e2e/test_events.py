"""Events in Chromium, on the exported HTML (the app's page wiring is the lead's): the layer draws the
window's events, approximate ones hollow (on a canvas), a click reads an event with its script-bearing notes shown as
text and never run, and a cluster click reaches the page's pick hook."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from dashboard.core import Days, load_dataset
from dashboard.core.events import EventQuery
from dashboard.core.io.event_import import import_events
from dashboard.render.exports import ExportRequest, export_bytes
from tests.e2e.conftest import screenshot
from tests.event_files import HOSTILE, acled_row, dataset_copy, write_csv

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> str:
    tmp = tmp_path_factory.mktemp("events")
    folder = dataset_copy(tmp)
    rows = [acled_row(i) for i in range(12)] + [acled_row(99, event_date="2024-12-10", notes=HOSTILE)]
    dataset = load_dataset(folder)
    import_events(dataset, [write_csv(tmp / "acled.csv", rows)])
    request = ExportRequest("html", date(2024, 12, 10), events=EventQuery(end=date(2024, 12, 10), days=30))
    path = tmp / "events.html"
    path.write_bytes(export_bytes(Days(dataset), request))
    return path.as_uri()


def test_events_draw_and_read_without_running_notes(page: Page, exported: str):
    dialogs, errors = [], []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(exported)
    expect(page.locator("[data-events]")).to_have_attribute("data-events", "13")
    layers = "window.conflictMapEvents.group.getLayers()"
    assert page.evaluate(f"() => {layers}.filter(m => m.options.eventKey).length") == 13
    # geo_precision 2 on rows 0, 4 and 8: drawn hollow
    assert page.evaluate(f"() => {layers}.filter(m => m.options.fillOpacity === 0).length") == 3
    expect(page.locator(".leaflet-control-attribution")).to_contain_text("ACLED")
    # A real click on the canvas, where one of the events is drawn (once the canvas has drawn its frame, as
    # it does on the next animation frame after the map settles its framing).
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    # (the event farthest from any place's marker: places are drawn above events, and a click near one
    # picks the place)
    x, y = page.evaluate(
        f"() => {{ const cm = window.conflictMap, map = cm.map, r = map.getContainer().getBoundingClientRect();"
        " const places = cm.data.places.filter(p => p.lat !== null)"
        "   .map(p => map.latLngToContainerPoint([p.lat, p.lon]));"
        f" let best = null, far = -1; for (const m of {layers}) {{ const p = map.latLngToContainerPoint(m.getLatLng());"
        " const near = Math.min(...places.map(q => q.distanceTo(p))); if (near > far) { far = near; best = p; } }"
        " return [r.left + best.x, r.top + best.y]; }"
    )
    page.mouse.move(x, y)  # as a person does: the pointer comes to the event, then clicks
    page.wait_for_timeout(300)
    page.mouse.click(x, y)
    popup = page.locator(".cm-event-popup")
    expect(popup).to_contain_text(re.compile("Fatalities: \\d"))
    screenshot(page, "events-html-clicked")
    # The hostile event: its notes are text on the page, and nothing in them ran.
    page.evaluate(
        "() => window.conflictMapEvents.group.getLayers().find(m => m.options.eventKey === 'acled:TST99').fire('click')"
    )
    popup = page.locator(".cm-event-popup").last  # (the first popup may still be fading out)
    expect(popup).to_contain_text("<script>window.__pwned = 1")
    expect(popup).to_contain_text("Armed Conflict Location & Event Data (ACLED)")
    screenshot(page, "events-html-hostile-popup")
    assert page.evaluate("() => window.__pwned === undefined")
    assert page.locator(".cm-event-popup script, .cm-event-popup img").count() == 0
    assert dialogs == [] and errors == []


def test_a_cluster_click_reaches_the_pick_hook(page: Page, exported: str):
    page.goto(exported)
    expect(page.locator("[data-events]")).to_have_attribute("data-events", "13")
    page.evaluate(
        "() => { window.picks = []; ConflictMap.onEventsPick = p => window.picks.push(p);"
        " window.conflictMapEvents.show({mode: 'bins', total: 120, zoom: 6, colours: {}, attribution: [],"
        " bins: [['6/150/72', 34.5, 36.5, 120, 80]]}); }"
    )
    expect(page.locator(".cm-event-bin")).to_have_text("120")
    assert page.locator(".cm-event-bin.cm-approx").count() == 1  # most of its events are approximate
    page.locator(".cm-event-bin").click()
    assert page.evaluate("() => window.picks") == [{"cell": "6/150/72"}]
    page.evaluate("() => window.conflictMapEvents.clear()")
    expect(page.locator(".cm-event-bin")).to_have_count(0)
    expect(page.locator(".leaflet-control-attribution")).not_to_contain_text("ACLED")
