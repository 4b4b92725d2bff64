"""The interactive map's page: every script and style comes from the app itself, never a CDN."""

from __future__ import annotations

import re
from datetime import date

import folium

from dashboard.render.assets import STATIC_DIR, use_local_assets
from dashboard.render.folium_map import build_map, date_layer
from dashboard.render.style import FOCUS_PRESETS


def test_map_page_links_only_local_assets():
    use_local_assets()
    html = build_map(FOCUS_PRESETS["corridor"], initial_date=date(2024, 11, 26), data_url="/app/static/x.json",
                     slider_selector=".st-key-day input").get_root().render()
    links = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert links, "the page links Leaflet, jQuery and the map code"
    assert all(link.startswith("/app/static/") for link in links), links
    assert "conflictMapInit(" in html


def test_only_remote_url_in_the_map_code_is_the_optional_tile_layer():
    code = (STATIC_DIR / "timeline_map.js").read_text(encoding="utf-8")
    assert re.findall(r"https?://[^\s\"']+", code) == ["https://tile.openstreetmap.org/{z}/{x}/{y}.png"]


def test_the_per_run_script_is_small_and_escaped():
    group = date_layer(date(2024, 12, 6), "</script><b>", 3, 2)
    m = folium.Map(tiles=None)
    group.add_to(m)
    html = m.get_root().render()
    assert "</script><b>" not in html and "\\u003c/script\\u003e" in html
