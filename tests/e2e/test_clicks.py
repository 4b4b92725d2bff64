"""Clicks and taps hit what a person aims at: the drawn place nearest to the pointer, a short list where
several sit under it, the chosen place brought into view, and labels that never overlap."""

from __future__ import annotations

import re

import pytest
from devkit.browser import MAP_IFRAME, click_place, map_frame, place_point, wait_for_app, wait_for_map
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.e2e

PANEL_HEADING = "[data-testid='stHeadingWithActionElements'] h3, h3"


def open_map(page, app_url: str, query: str):
    page.goto(f"{app_url}/?{query}")
    wait_for_app(page)
    frame = wait_for_map(page)
    page.wait_for_timeout(800)  # the map settles its framing
    return frame


def selected(page) -> str | None:
    return (
        map_frame(page)
        .locator("body")
        .evaluate("() => window.conflictMap.map.getContainer().getAttribute('data-selected')")
    )


@pytest.mark.parametrize(
    ("query", "place", "name"),
    [
        ("date=2024-12-08&place=aleppo", "damascus", "Damascus"),  # used to open Darayya
        ("dataset=sudan-2025&date=2025-10-29&place=port-sudan", "el-fasher", "El Fasher"),  # used to open Zamzam
        ("dataset=sudan-2025&date=2025-10-29&place=port-sudan", "khartoum", "Khartoum"),  # used to open Omdurman
    ],
)
def test_a_click_on_a_marker_opens_that_place_at_the_default_zoom(page, app_url, query, place, name):
    open_map(page, app_url, query)
    click_place(page, place)
    expect(page.get_by_role("heading", name=name, exact=True)).to_be_visible(timeout=20_000)
    assert selected(page) == place


def test_a_tap_on_a_phone_opens_the_place_tapped(browser, app_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    page = context.new_page()
    try:
        open_map(page, app_url, "dataset=sudan-2025&date=2025-01-13&place=port-sudan")
        click_place(page, "wad-madani", touch=True)  # used to open Rufaa
        expect(page.get_by_role("heading", name="Wad Madani", exact=True)).to_be_visible(timeout=20_000)
        assert selected(page) == "wad-madani"
    finally:
        context.close()


def test_several_places_under_the_pointer_are_offered_in_a_list(page, app_url):
    open_map(page, app_url, "dataset=sudan-2025&date=2025-10-29&place=port-sudan")
    frame = map_frame(page)
    # Halfway between Khartoum and Omdurman, whose markers overlap at the country view.
    (x1, y1), (x2, y2) = place_point(page, "khartoum"), place_point(page, "omdurman")
    page.mouse.click((x1 + x2) / 2, (y1 + y2) / 2)
    menu = frame.get_by_role("menu")
    expect(menu).to_be_visible()
    options = [o.inner_text() for o in menu.get_by_role("menuitem").all()]
    assert "Omdurman" in options and "Khartoum" in options, options
    screenshot(page, "click-list-khartoum")
    menu.get_by_role("menuitem", name="Omdurman").click()
    expect(page.get_by_role("heading", name="Omdurman", exact=True)).to_be_visible(timeout=20_000)
    assert selected(page) == "omdurman"


def test_choosing_a_place_in_the_list_brings_it_into_view(page, app_url):
    open_map(page, app_url, "date=2024-12-08&place=aleppo")
    frame = map_frame(page)
    before = frame.locator("body").evaluate("() => window.conflictMap.map.getZoom()")
    page.get_by_role("combobox", name="Place").fill("Daraa")
    page.get_by_role("option", name=re.compile("^Daraa")).first.click()
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Daraa", exact=True)).to_be_visible(timeout=20_000)
    page.wait_for_timeout(500)
    zoom, distance = frame.locator("body").evaluate(
        """() => { const cm = window.conflictMap, p = cm.data.place('daraa'), m = cm.map;
                   const c = m.latLngToContainerPoint(m.getCenter()), d = m.latLngToContainerPoint([p.lat, p.lon]);
                   return [m.getZoom(), c.distanceTo(d)]; }"""
    )
    assert zoom >= min(before + 2, 8) and zoom > before and distance < 5, (before, zoom, distance)


def test_labels_never_overlap(page, app_url):
    open_map(page, app_url, "dataset=sudan-2025&date=2025-10-29&place=khartoum")
    frame = map_frame(page)
    for zoom in (5.5, 8, 10, 13):
        frame.locator("body").evaluate(f"() => window.conflictMap.map.setZoom({zoom}, {{animate: false}})")
        page.wait_for_timeout(300)
        boxes = frame.locator("body").evaluate(
            """() => Array.from(document.querySelectorAll('.place-label'))
                 .filter(l => l.style.visibility !== 'hidden')
                 .map(l => { const b = l.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; })
                 .filter(b => b[2] > b[0])"""
        )
        clashes = [
            (a, b)
            for i, a in enumerate(boxes)
            for b in boxes[i + 1 :]
            if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
        ]
        assert not clashes, (zoom, clashes[:3])
    assert page.locator(MAP_IFRAME).count() == 1
