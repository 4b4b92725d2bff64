"""The interactive map's page: every script and style comes from the app itself, never a CDN, and the
map code holds no colours of its own (it reads the one style from its data)."""

from __future__ import annotations

import re
from datetime import date

from dashboard.render.assets import JS_FILES, STATIC_DIR
from dashboard.render.folium_map import MapOptions, build_map, payload_script_json
from dashboard.ui.map_view import page_view

BBOX = (35.5, 33.5, 38.5, 35.5)


PREFIXES = {"leaflet": "../pkg.leaflet", "map": "."}


def test_map_page_links_only_local_assets():
    options = MapOptions(initial_date="2024-11-26", data_url="../pkg.map_data/x.json")
    html = build_map(BBOX, options, PREFIXES).get_root().render()
    links = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert links, "the page links Leaflet and the map code"
    assert all(link.startswith(("../pkg.leaflet/", "./map/", "./conflict_map.css")) for link in links), links
    assert "conflictMapInit(" in html and "jquery" not in html.lower()


def test_every_linked_asset_is_a_file_of_the_package():
    for path, _, _ in JS_FILES.values():
        assert path.is_file(), path
    assert (STATIC_DIR / "index.html").is_file() and (STATIC_DIR / "host.js").is_file()


def test_only_remote_url_in_the_map_code_is_the_optional_tile_layer():
    urls = []
    for path in (STATIC_DIR / "map").glob("*.js"):
        urls += re.findall(r"https?://[^\s\"']+", path.read_text(encoding="utf-8"))
    assert sorted(set(urls)) == ["http://www.w3.org/2000/svg", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"]


def test_the_map_code_has_no_colour_literals():
    for name, (path, _, _) in JS_FILES.items():
        if name.startswith("map_"):
            code = path.read_text(encoding="utf-8")
            assert not re.findall(r"#[0-9a-fA-F]{3,8}\b|rgba?\(", code), path.name


def test_the_per_run_view_is_plain_data():
    view = page_view(date(2024, 12, 6), "</script><b>", play=(3, 2.0), compare_from=date(2024, 12, 1))
    assert view == {
        "date": "2024-12-06",
        "place": "</script><b>",
        "compare": "2024-12-01",
        "play": {"request": 3, "fps": 2.0},
        "events": None,
    }, "data sent as JSON args, never as code"


def test_the_host_never_reads_the_pages_document():
    code = (STATIC_DIR / "host.js").read_text(encoding="utf-8")
    code += "".join((STATIC_DIR / "map" / n).read_text(encoding="utf-8") for n in ("main.js", "player.js"))
    assert "parent.document" not in code and "window.parent" not in code and "KeyboardEvent" not in code


def test_embedded_payload_cannot_close_its_script_element():
    text = payload_script_json(b'{"name": "</script><script>alert(1)</script>"}')
    assert "</script" not in text and "<" not in text
