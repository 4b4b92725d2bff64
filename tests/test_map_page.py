"""The interactive map's page: every script and style comes from the app itself, never a CDN, and the
map code holds no colours of its own (it reads the one style from its data)."""

from __future__ import annotations

import re
from datetime import date

from dashboard.render.assets import JS_FILES, STATIC_DIR
from dashboard.render.folium_map import MapOptions, build_map, payload_script_json
from dashboard.ui.map_view import day_script

BBOX = (35.5, 33.5, 38.5, 35.5)


def test_map_page_links_only_local_assets():
    options = MapOptions(initial_date="2024-11-26", data_url="/app/static/x.json", slider=".st-key-day input")
    html = build_map(BBOX, options).get_root().render()
    links = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert links, "the page links Leaflet and the map code"
    assert all(link.startswith("/app/static/") for link in links), links
    assert "conflictMapInit(" in html and "jquery" not in html.lower()


def test_only_remote_url_in_the_map_code_is_the_optional_tile_layer():
    urls = []
    for path in (STATIC_DIR / "map").glob("*.js"):
        urls += re.findall(r"https?://[^\s\"']+", path.read_text(encoding="utf-8"))
    assert sorted(set(urls)) == ["http://www.w3.org/2000/svg", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"]


def test_the_map_code_has_no_colour_literals():
    for name, (path, _) in JS_FILES.items():
        if name.startswith("map_"):
            code = path.read_text(encoding="utf-8")
            assert not re.findall(r"#[0-9a-fA-F]{3,8}\b|rgba?\(", code), path.name


def test_the_per_run_script_is_small_and_escaped():
    script = day_script(date(2024, 12, 6), "</script><b>", 3, 2)
    assert len(script) < 500
    assert '"</script><b>"' in script, "JSON-quoted: it is evaluated as code, never parsed as HTML"


def test_embedded_payload_cannot_close_its_script_element():
    text = payload_script_json(b'{"name": "</script><script>alert(1)</script>"}')
    assert "</script" not in text and "<" not in text
