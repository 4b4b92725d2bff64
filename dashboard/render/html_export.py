"""A single self-contained HTML file of the whole period: opens offline, makes no request.

The same map code as the app (`static/map/*.js`) with the dataset's data embedded instead of fetched,
and a standalone page around it: date slider, play and previous/next change, a place list and panel
with history, excerpts and citations, the legend and the area figures. It opens on the exported date;
`#date=YYYY-MM-DD&place=id` in the address opens another view, and the hash follows the view.
Any static host or CDN can serve it: no server of ours is involved.

A long period's data (over `PACK_ABOVE` bytes of JSON) is embedded gzipped, in base64, and unpacked by the
browser (DecompressionStream): JSON of coordinates and dates packs about five to one, so fifteen years or a
two-year drawn series stay a file a newsroom can publish (a 750-day drawn series: 5.4 MB -> 1.6 MB).
"""

from __future__ import annotations

import base64
import gzip
import html
import json
import re
from datetime import date

from ..core.days import Days
from .assets import INLINE_PREFIXES, inline_assets
from .folium_map import MapOptions, build_map, payload_script_json, zoomable
from .payload import build_payload, payload_json
from .wording import credit_line, dataset_text, long_date

#: JSON larger than this is embedded packed (gzip, base64); smaller data stays readable in the file.
PACK_ABOVE = 1_000_000


def render_html(
    days: Days, day: date, *, bbox: tuple[float, float, float, float], lang: str = "en", place: str | None = None
) -> bytes:
    """The whole period as one HTML document, opening on `day` (and `place`, if given)."""
    dataset = days.dataset
    built = build_payload(days, lang)
    # The file travels on its own: its attribution line carries the data's licence, in the file's language.
    built["dataset"] = {**built["dataset"], "attribution": credit_line(dataset, lang)}
    payload = embedded_payload(payload_json(built))
    options = MapOptions(initial_date=day.isoformat(), initial_place=place, standalone=True)
    root = build_map(bbox, options, INLINE_PREFIXES, payload).get_root()
    root.title = f"{dataset_text(dataset, 'map_title', lang)}, {long_date(day, lang)}"
    page = inline_assets(root.render())
    if any(f"{prefix}/" in page for prefix in INLINE_PREFIXES.values()):
        raise RuntimeError("an asset was left linked in the HTML export")
    page = zoomable(page)
    direction = "rtl" if lang == "ar" else "ltr"
    page = re.sub(r"<html>", f'<html lang="{html.escape(lang)}" dir="{direction}">', page, count=1)
    licence = dataset.manifest.licence
    if licence is not None and licence.url:
        link = f'<link rel="license" href="{html.escape(licence.url)}" title="{html.escape(licence.name)}">'
        page = page.replace("</head>", f"{link}\n</head>", 1)
    return page.encode("utf-8")


def embedded_payload(data: bytes) -> str:
    """The data as a script literal: the JSON itself, or packed (a base64 string of the gzipped JSON)."""
    if len(data) <= PACK_ABOVE:
        return payload_script_json(data)
    return json.dumps(base64.b64encode(gzip.compress(data, compresslevel=9, mtime=0)).decode("ascii"))
