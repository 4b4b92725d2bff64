"""Leaflet from a pip package (XStatic), and this project's map script and style: no CDN, ever.

Two uses: the Streamlit app serves them from `dashboard/static/` (Streamlit static serving), and exported
HTML inlines them. `python -m dashboard.render.assets` copies Leaflet into place (run by `make`).
`OfflineMap` is a folium Map whose asset lists point at these files; folium's own class is left alone.
"""

from __future__ import annotations

import base64
import mimetypes
import re
import shutil
from pathlib import Path

import folium
import xstatic.pkg.leaflet as xleaflet

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
VENDOR_DIR = STATIC_DIR / "vendor"
#: URL prefix Streamlit serves `dashboard/static/` under.
STATIC_URL = "/app/static"
LEAFLET_DIR = Path(xleaflet.BASE_DIR)

#: The map's own code, in load order: named parts, then the entry point that wires them.
MAP_SCRIPTS = ("data.js", "layers.js", "panel.js", "controls.js", "bridge.js", "player.js", "standalone.js", "main.js")

#: name -> (file on disk, URL path under STATIC_URL).
JS_FILES = {
    "leaflet": (LEAFLET_DIR / "leaflet.js", "vendor/leaflet/leaflet.js"),
    **{f"map_{name[:-3]}": (STATIC_DIR / "map" / name, f"map/{name}") for name in MAP_SCRIPTS},
}
CSS_FILES = {
    "leaflet_css": (LEAFLET_DIR / "leaflet.css", "vendor/leaflet/leaflet.css"),
    "conflict_map_css": (STATIC_DIR / "conflict_map.css", "conflict_map.css"),
}


class OfflineMap(folium.Map):
    """A folium Map that loads Leaflet and the map code from this app, never from a CDN (no jQuery:
    the map builds its popups and panels itself)."""

    default_js = [(name, f"{STATIC_URL}/{path}") for name, (_, path) in JS_FILES.items()]
    default_css = [(name, f"{STATIC_URL}/{path}") for name, (_, path) in CSS_FILES.items()]


def install_static_assets(target: Path = VENDOR_DIR) -> Path:
    """Copy Leaflet (with its images) under `target`; cheap to repeat."""
    leaflet_target = target / "leaflet"
    if _differs(LEAFLET_DIR / "leaflet.js", leaflet_target / "leaflet.js"):
        shutil.copytree(
            LEAFLET_DIR,
            leaflet_target,
            dirs_exist_ok=True,
            ignore=shutil.ignore_patterns("*.map", "*esm*", "leaflet-src*"),
        )
    return target


def _differs(source: Path, copy: Path) -> bool:
    return not copy.is_file() or copy.stat().st_size != source.stat().st_size


def inline_assets(html: str, prefix: str = STATIC_URL) -> str:
    """Replace links to the local assets by the files' contents, so the page needs no server at all."""
    for path, rel in JS_FILES.values():
        code = path.read_text(encoding="utf-8").replace("</script", "<\\/script")
        html = re.sub(
            rf'<script src="{re.escape(prefix)}/{re.escape(rel)}"></script>',
            lambda _m, c=code: f"<script>{c}</script>",
            html,
        )
    for path, rel in CSS_FILES.values():
        css = _css_with_data_urls(path)
        html = re.sub(
            rf'<link rel="stylesheet" href="{re.escape(prefix)}/{re.escape(rel)}"\s*/>',
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


if __name__ == "__main__":
    print(f"Leaflet installed in {install_static_assets()}")
