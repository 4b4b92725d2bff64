"""A single self-contained HTML file of the interactive map: opens offline, makes no request.

Same map code as the app (`timeline_map.js`), with the day's data embedded instead of fetched, popups
showing each place's history, excerpts and citations, and Leaflet/jQuery inlined.
"""

from __future__ import annotations

from datetime import date

from ..core.loader import Dataset
from ..core.territory import Cells
from .assets import inline_assets, use_local_assets
from .folium_map import build_map, map_payload
from .text import long_date


def render_html(dataset: Dataset, day: date, cells: Cells, *, bbox: tuple[float, float, float, float]) -> bytes:
    """The map of `day` as one HTML document (the other days stay reachable from the page's data)."""
    use_local_assets()
    payload = map_payload(dataset, cells)
    m = build_map(bbox, initial_date=day, payload=payload, popups=True, legend=True)
    title = f"Territorial control in Syria, {long_date(day)}"
    m.get_root().title = title
    html = m.get_root().render()
    html = inline_assets(html)
    if "/app/static/" in html:
        raise RuntimeError("an asset was left linked in the HTML export")
    return html.encode("utf-8")
