"""The interactive map: a Folium map whose data for every day is precomputed and shipped once.

Why this shape: streamlit-folium re-mounts the map (losing pan, zoom and the last click, and
flashing) whenever the map's script changes. So the base map is identical on every run, and the
date travels in a tiny `feature_group_to_add` whose script only calls `conflictMap.fromServer(...)`
(day, place, play request). The browser then swaps prebuilt layers: a slider step costs a layer
swap, not a map rebuild; the map code itself is static/timeline_map.js.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import folium
from branca.element import Element, MacroElement
from folium.template import Template
from shapely.geometry import mapping

from ..core.loader import Dataset
from ..core.state import state_at
from ..core.territory import Cells, territory_from_states
from . import style as st_style
from .snapshot import COORD_DECIMALS


class _RawScript(Element):
    """Script text added to the page as is. branca would wrap it in an Element, which compiles its text
    as a Jinja template: this map's script on every run, or 0.6 MB of embedded data in an export."""

    def __init__(self, code: str):
        super().__init__()
        self.code = code

    def render(self, **kwargs) -> str:
        return self.code


class TimelineLayer(MacroElement):
    """All days' layers plus the `conflictMap` API (static/timeline_map.js), from a URL or embedded data."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "conflictMapInit({{ this._parent.get_name() }}, {{ this.options | tojson }}, {{ this.payload | tojson }});"
        "{% endmacro %}"
    )

    def __init__(self, options: dict[str, Any], payload: dict[str, Any] | None = None):
        super().__init__()
        self._name = "TimelineLayer"
        self.options = options
        self.payload = payload

    def render(self, **kwargs) -> None:
        # streamlit-folium reads the script macro directly; this path serves folium's own rendering.
        code = self._template.module.script(self, kwargs)
        self.get_root().script.add_child(_RawScript(code), name=self.get_name())


class SetDate(MacroElement):
    """The per-run part: tell the already-built map which day and place to show, and whether to play."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "if (window.conflictMap) { window.conflictMap.fromServer({{ this.day | tojson }}, {{ this.place | tojson }}, "
        "{{ this.play_request | tojson }}, {{ this.fps | tojson }}); }"
        "{% endmacro %}"
    )

    def __init__(self, day: date, place: str | None, play_request: int | None = None, fps: float = 2):
        super().__init__()
        self._name = "SetDate"
        self.day = day.isoformat()
        self.place = place
        self.play_request = play_request
        self.fps = fps


def _feature_collection(features: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": features}


def _rounded(geom) -> dict[str, Any]:
    import shapely

    return mapping(shapely.set_precision(geom, 10 ** -COORD_DECIMALS))


def _basemap(dataset: Dataset) -> dict[str, Any]:
    outline = _feature_collection([{"type": "Feature", "properties": {}, "geometry": _rounded(dataset.outline)}])
    return {
        "outline": outline,
        "governorates": _feature_collection(dataset.governorates),
        "neighbours": _feature_collection(dataset.neighbours),
    }


def map_payload(dataset: Dataset, cells: Cells) -> dict[str, Any]:
    """Everything the browser needs for every day, as JSON-ready data (computed once per dataset)."""
    states_by_day, zones, fronts = {}, {}, {}
    recent = timedelta(days=st_style.RECENT_CHANGE_DAYS)
    for day in dataset.period():
        states = state_at(dataset, day)
        territory = territory_from_states(states, cells, day)
        key = day.isoformat()
        states_by_day[key] = {
            s.place.id: [s.controller, s.status, bool(s.previous_controller) and day - s.since < recent,
                         s.since.isoformat()]
            for s in states
        }
        zones[key] = _feature_collection([
            {"type": "Feature", "properties": {"controller": r.controller}, "geometry": _rounded(r.geometry)}
            for r in territory.zones.itertuples()
        ])
        fronts[key] = _feature_collection([
            {"type": "Feature", "properties": {"sides": [r.side_a, r.side_b]}, "geometry": _rounded(r.geometry)}
            for r in territory.front_lines.itertuples()
        ])
    places = _feature_collection([
        {"type": "Feature", "id": p.id, "geometry": {"type": "Point", "coordinates": [p.lon, p.lat]},
         "properties": {"name": p.name, "name_ar": p.name_ar, "kind": p.kind, "rank": p.rank}}
        for p in dataset.places
    ])
    history = {p.id: [r.model_dump(mode="json", exclude_defaults=True) for r in p.control] for p in dataset.places}
    return {
        "dates": [d.isoformat() for d in dataset.period()],
        "factions": {f.id: {"short_name": f.short_name, "name": f.name, "colour": f.colour}
                     for f in dataset.factions.values()},
        "faction_order": list(dataset.factions),  # Jinja's tojson sorts object keys; the legend keeps file order
        "sources": {s.id: s.model_dump(mode="json", exclude_none=True) for s in dataset.sources.values()},
        "places": places,
        "history": history,
        "states": states_by_day,
        "zones": zones,
        "fronts": fronts,
        "basemap": _basemap(dataset),
        "style": {
            "sea": st_style.SEA_COLOUR, "land": st_style.LAND_COLOUR, "outline": st_style.OUTLINE_COLOUR,
            "governorate": st_style.GOVERNORATE_COLOUR, "neighbour_fill": st_style.NEIGHBOUR_FILL,
            "neighbour_edge": st_style.NEIGHBOUR_EDGE, "front": st_style.FRONT_LINE_COLOUR,
            "front_weight": st_style.FRONT_LINE_WEIGHT, "zone_opacity": st_style.ZONE_FILL_OPACITY,
            "contested": st_style.CONTESTED_COLOUR,
            "radius": {str(rank): st_style.marker_style(rank, "held", False).radius for rank in (1, 2, 3)},
        },
    }


def payload_json(payload: dict[str, Any]) -> bytes:
    """Compact UTF-8 JSON for serving the payload as a static file."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def build_map(
    bbox: tuple[float, float, float, float],
    *,
    initial_date: date,
    data_url: str | None = None,
    payload: dict[str, Any] | None = None,
    popups: bool = False,
    legend: bool = False,
    initial_place: str | None = None,
    slider_selector: str | None = None,
) -> folium.Map:
    """The base map: identical for identical arguments, so streamlit-folium never re-mounts it.

    `slider_selector` (CSS, in the page around the map's iframe) names the date slider's input that the
    map follows directly, so that a slider step shows without waiting for the server.
    """
    west, south, east, north = bbox
    # folium applies min_zoom/max_zoom to the tile layer only; with tiles=None they must be map options.
    m = folium.Map(location=[(south + north) / 2, (west + east) / 2], zoom_start=7, tiles=None,
                   control_scale=True, minZoom=5, maxZoom=13, zoom_snap=0.5, prefer_canvas=False)
    options = {"data_url": data_url, "popups": popups, "legend": legend, "slider": slider_selector,
               "initial_date": initial_date.isoformat(), "initial_place": initial_place}
    TimelineLayer(options, payload).add_to(m)
    m.fit_bounds([[south, west], [north, east]])
    return m


def date_layer(day: date, place: str | None, play_request: int | None = None, fps: float = 2) -> folium.FeatureGroup:
    """The only part that changes between runs: which day (and place) the map shows, and play.

    `play_request` identifies one press of Play (None when paused): the map plays in the browser and
    starts only on a request it has not seen, so a late rerun never restarts a finished play.
    """
    group = folium.FeatureGroup(name="selected date", control=False)
    SetDate(day, place, play_request, fps).add_to(group)
    return group
