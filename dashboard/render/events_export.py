"""`export --events`: the window's events added to PNG, GIF, MP4, HTML and GeoJSON, with each provider's
credit wherever its events appear. Kept apart from exports.py, which routes here when events are asked for.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from typing import Any

import pandas as pd

from ..core.days import Days
from ..core.events import ATTRIBUTION, COLUMNS, EventQuery, attribution_lines
from ..core.io.event_store import EventStore
from ..render.assets import STATIC_DIR
from .events_layer import layer_data
from .geojson import COORD_DECIMALS, geojson_bytes

#: Formats that can carry events.
EVENT_FORMATS = ("png", "gif", "mp4", "html", "geojson")
NO_EVENTS = "no events imported for this dataset: run `conflict-map import-events FILE... --data DIR` first"


def check_events(store: EventStore, fmt: str, comparing: bool) -> None:
    """ValueError (one line) when events cannot be added to this export."""
    if fmt not in EVENT_FORMATS:
        raise ValueError(f"--events works with {', '.join(EVENT_FORMATS)}, not {fmt}")
    if comparing:
        raise ValueError("--events cannot be combined with --compare-to")
    if store.empty:
        raise ValueError(NO_EVENTS)


def event_features(events: pd.DataFrame) -> list[dict[str, Any]]:
    """One GeoJSON point feature per event, `properties.layer` = "event", with its provider's credit."""
    features = []
    for row in events.itertuples(index=False):
        props = {c: getattr(row, c) for c in COLUMNS if c not in ("lat", "lon")}
        props["date"] = pd.Timestamp(row.date).date().isoformat()
        props["fatalities"] = int(row.fatalities)
        features.append(
            {
                "type": "Feature",
                "id": f"event-{row.provider}-{row.event_id}",
                "geometry": {
                    "type": "Point",
                    "coordinates": [round(float(row.lon), COORD_DECIMALS), round(float(row.lat), COORD_DECIMALS)],
                },
                "properties": {"layer": "event", **props, "attribution": ATTRIBUTION[row.provider]},
            }
        )
    return features


def geojson_with_events(days: Days, day: date, store: EventStore, query: EventQuery) -> bytes:
    """The snapshot GeoJSON plus the window's events, and the window and credits in the collection's properties."""
    from .snapshot import snapshot_geojson

    doc = snapshot_geojson(days, day)
    events = store.window(query)
    doc["features"] += event_features(events)
    doc["properties"]["events"] = {
        "window_start": query.start.isoformat(),
        "window_end": query.end.isoformat(),
        "count": len(events),
        "attribution": attribution_lines(set(events["provider"])),
    }
    return geojson_bytes(doc)


def html_with_events(page: bytes, store: EventStore, query: EventQuery, zoom: int = 6) -> bytes:
    """The exported HTML with the events layer drawn on its map: the layer code and data inlined, no request.

    The data is JSON inside a script element with every `<` written as a JSON unicode escape, so no text from an event
    can close the element or start markup; the layer code puts text in the page through textContent only.
    """
    data = json.dumps(layer_data(store, query, zoom, details=True), ensure_ascii=False, separators=(",", ":"))
    data = data.replace("<", "\\u003c")
    code = (STATIC_DIR / "map" / "events.js").read_text(encoding="utf-8").replace("</script", "<\\/script")
    hook = (
        "(function () { var data = " + data + ";"
        " L.Map.addInitHook(function () { var map = this;"
        " map.whenReady(function () { var layer = ConflictMap.eventsLayerFor(map); layer.show(data);"
        " window.conflictMapEvents = layer; }); }); })();"
    )
    text = page.decode("utf-8")
    if "CM.makeEventsLayer = " in text:  # the map's own scripts already carry the layer code
        code = ""
    cut = text.index("</head>")
    scripts = (f"<script>{code}</script>" if code else "") + f"<script>{hook}</script>"
    return (text[:cut] + scripts + text[cut:]).encode("utf-8")


def export_with_events(days: Days, request, query: EventQuery) -> bytes:
    """The file of `request` (an ExportRequest, resolved) with the events of `query`'s window ending on each day."""
    from . import static
    from .static.events import EventWindows, events_gif, events_png

    store = EventStore(days.dataset.directory)
    query = replace(query, end=request.day)
    if request.format == "geojson":
        return geojson_with_events(days, request.day, store, query)
    if request.format == "html":
        from .html_export import render_html

        page = render_html(days, request.day, bbox=request.bbox, lang=request.lang, place=request.place)
        return html_with_events(page, store, query)
    from .exports import animation_dates

    label = days.dataset.manifest.framing(request.framing).label if request.framing else None
    frame = static.Frame(request.bbox, request.size.width, request.size.height, request.size.dpi, label=label)
    windows = EventWindows(store, query)
    if request.format == "png":
        return events_png(days, request.day, frame, request.lang, windows)
    dates = animation_dates(days.dataset, request)
    if request.format == "gif":
        return events_gif(days, dates, frame, request.lang, windows)
    from .static.events import events_animation
    from .video import encode_mp4

    images, provenance = events_animation(days, dates, frame, request.lang, windows)
    return encode_mp4(images, provenance, frame)
