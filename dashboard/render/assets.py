"""Leaflet from a pip package (XStatic), and this project's map script and style: no CDN, ever.

Both are package data, read where they are installed and never copied: the app serves them through its
map component (Leaflet straight from the XStatic package, the map code from `dashboard/static/`), and
exported HTML inlines them. `OfflineMap` is a folium Map whose asset lists point at these files, under a
URL prefix the caller chooses; folium's own class is left alone.
"""

from __future__ import annotations

import base64
import mimetypes
import re
from pathlib import Path

import folium
import xstatic.pkg.leaflet as xleaflet

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
LEAFLET_DIR = Path(xleaflet.BASE_DIR)

#: The map's own code, in load order: named parts, then the entry point that wires them.
MAP_SCRIPTS = (
    "data.js",
    "layers.js",
    "picking.js",
    "declutter.js",
    "panel.js",
    "controls.js",
    "player.js",
    "standalone.js",
    "events.js",
    "main.js",
)

#: name -> (file on disk, whose folder it is in: "leaflet" or "map", path inside that folder).
JS_FILES = {
    "leaflet": (LEAFLET_DIR / "leaflet.js", "leaflet", "leaflet.js"),
    **{f"map_{name[:-3]}": (STATIC_DIR / "map" / name, "map", f"map/{name}") for name in MAP_SCRIPTS},
}
CSS_FILES = {
    "leaflet_css": (LEAFLET_DIR / "leaflet.css", "leaflet", "leaflet.css"),
    "conflict_map_css": (STATIC_DIR / "conflict_map.css", "map", "conflict_map.css"),
}
#: Placeholder prefixes of the exported HTML, replaced by the files' contents.
INLINE_PREFIXES = {"leaflet": "inline:leaflet", "map": "inline:map"}


class OfflineMap(folium.Map):
    """A folium Map that loads Leaflet and the map code from this app, never from a CDN (no jQuery: the map
    builds its popups and panels itself). `prefixes` maps "leaflet" and "map" to the URL folders the
    files are served from."""

    def __init__(self, *args, prefixes: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.default_js = [(name, f"{prefixes[folder]}/{rel}") for name, (_, folder, rel) in JS_FILES.items()]
        self.default_css = [(name, f"{prefixes[folder]}/{rel}") for name, (_, folder, rel) in CSS_FILES.items()]


def inline_assets(html: str, prefixes: dict[str, str] = INLINE_PREFIXES) -> str:
    """Replace links to the local assets by the files' contents, so the page needs no server at all."""
    for path, folder, rel in JS_FILES.values():
        code = path.read_text(encoding="utf-8").replace("</script", "<\\/script")
        url = f"{prefixes[folder]}/{rel}"
        html = re.sub(
            rf'<script src="{re.escape(url)}"></script>',
            lambda _m, c=code: f"<script>{c}</script>",
            html,
        )
    for path, folder, rel in CSS_FILES.values():
        css = _css_with_data_urls(path)
        url = f"{prefixes[folder]}/{rel}"
        html = re.sub(
            rf'<link rel="stylesheet" href="{re.escape(url)}"\s*/>',
            lambda _m, c=css: f"<style>{c}</style>",
            html,
        )
    return html


def _css_with_data_urls(path: Path) -> str:
    """The CSS with every relative `url(...)` turned into a data: URI (Leaflet's layer icons)."""

    def encode(match: re.Match[str]) -> str:
        ref = match.group(1).strip("'\"")
        if ref.startswith(("data:", "http:", "https:", "#")):
            return match.group(0)
        file = (path.parent / ref).resolve()
        if not file.is_file():
            return match.group(0)
        mime = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        return f"url(data:{mime};base64,{base64.b64encode(file.read_bytes()).decode()})"

    return re.sub(r"url\(([^)]+)\)", encode, path.read_text(encoding="utf-8"))
