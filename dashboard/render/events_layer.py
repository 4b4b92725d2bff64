"""The events layer's data for the browser map: individual points when the window holds few events,
DuckDB grid bins when it holds many (so a million events never reach the browser one by one).

The compact JSON shape, read by `static/map/events.js`:
  {"mode": "points" | "bins", "total": n, "zoom": z, "colours": {type: "#rrggbb"}, "attribution": [...],
   "points": {"key": [...], "lat": [...], "lon": [...], "type": [...], "flags": [...], "fatalities": [...],
              "details": [...]?},  column by column; flags: 1 approximate place, 2 approximate date
   "bins": [[cell, lat, lon, events, approximate_events], ...]}
`details` (exported HTML only, which has no server to ask) is [date, sub_type, actors, location, notes,
source, attribution]: plain text that the browser puts in the page through textContent only.
"""

from __future__ import annotations

import pandas as pd

from ..core.events import APPROXIMATE, ATTRIBUTION, EventQuery, attribution_lines
from ..core.io.event_store import EventStore
from .geojson import compact_json

#: Above this many events in the window the map gets bins instead of points.
MAX_POINTS = 1000
#: One colour per event type, shared by the browser map, the PNG and the chart (colour-blind-safe set).
EVENT_COLOURS = {
    "Battles": "#d55e00",
    "Explosions/Remote violence": "#cc79a7",
    "Violence against civilians": "#7a1f1f",
    "Strategic developments": "#0072b2",
    "Protests": "#009e73",
    "Riots": "#e69f00",
    "State-based violence": "#d55e00",
    "Non-state violence": "#e69f00",
    "One-sided violence": "#7a1f1f",
}
OTHER_COLOUR = "#555555"


def type_colour(event_type: str) -> str:
    """The colour of an event type (grey for types we do not know)."""
    return EVENT_COLOURS.get(event_type, OTHER_COLOUR)


def _colours(index, query: EventQuery) -> dict[str, str]:
    """Each event type's colour in the window, and "*" for any other (the map code holds no colour)."""
    return {t: type_colour(t) for t in sorted(index.type_counts(query.start, query.end))} | {"*": OTHER_COLOUR}


def flags_of(frame: pd.DataFrame) -> pd.Series:
    """1 when the place is approximate, 2 when the date is, 3 when both."""
    return (frame["geo_precision"] == APPROXIMATE).astype(int) + 2 * (frame["date_precision"] == APPROXIMATE).astype(
        int
    )


def layer_data(
    store: EventStore, query: EventQuery, zoom: int, details: bool = False, max_points: int = MAX_POINTS
) -> dict:
    """What the browser draws for a window: points (few events) or grid bins (many)."""
    if store.empty:
        return {"mode": "points", "total": 0, "zoom": int(zoom), "points": {"key": []}, "bins": []} | {
            "colours": {},
            "attribution": [],
        }
    # Per-day cells for these filters and zoom, built once: a slider step only slices them.
    index = store.daily_cells(query, zoom)
    total = index.total(query.start, query.end)
    data: dict = {"mode": "points", "total": total, "zoom": int(zoom), "points": {"key": []}, "bins": []}
    if total == 0:
        return data | {"colours": {}, "attribution": []}
    if total > max_points:
        data["mode"] = "bins"
        data["bins"] = index.bins(query.start, query.end)
        return data | {
            "colours": _colours(index, query),
            "attribution": attribution_lines(index.providers_in(query.start, query.end)),
        }
    kept = None if details else index.points_in(query.start, query.end)
    if kept is not None:
        data["points"] = kept
    else:
        frame = store.window(query) if details else store.points(query, max_points)
        if details:
            frame["flags"] = flags_of(frame)
        data["points"] = _columns(frame, details)
    data["colours"] = _colours(index, query)
    data["attribution"] = attribution_lines(index.providers_in(query.start, query.end))
    return data


def _columns(frame: pd.DataFrame, details: bool) -> dict[str, list]:
    """Points column by column: built with vector operations, and smaller than one array per point."""
    points = {
        "key": (frame["provider"] + ":" + frame["event_id"]).tolist(),
        "lat": frame["lat"].astype(float).round(4).tolist(),
        "lon": frame["lon"].astype(float).round(4).tolist(),
        "type": frame["type"].tolist(),
        "flags": frame["flags"].astype(int).tolist(),
        "fatalities": frame["fatalities"].astype(int).tolist(),
    }
    if details:
        points["details"] = [
            [
                pd.Timestamp(r.date).date().isoformat(),
                r.sub_type,
                " vs ".join(a for a in (r.actor1, r.actor2) if a),
                r.location,
                r.notes,
                r.source,
                ATTRIBUTION[r.provider],
            ]
            for r in frame.itertuples(index=False)
        ]
    return points


def layer_json(store: EventStore, query: EventQuery, zoom: int, details: bool = False) -> bytes:
    """`layer_data` as compact UTF-8 JSON, every `<` written as a JSON unicode escape (so it can sit in a
    script element or a per-run script without any text from the data closing it or starting markup)."""
    return compact_json(layer_data(store, query, zoom, details)).replace(b"<", b"\\u003c")


def layer_script(data: bytes | None) -> str:
    """The JavaScript a page run appends to its map script: draw this layer data, or clear the layer (None)."""
    payload = data.decode("utf-8") if data else "null"
    return f"if (window.conflictMapEvents) {{ window.conflictMapEvents.show({payload}); }}\n"
