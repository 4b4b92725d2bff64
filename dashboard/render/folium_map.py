"""The interactive map: a Folium map whose data for every day is computed once and shipped once.

Why this shape: streamlit-folium re-mounts the map (losing pan, zoom and the last click, and
flashing) whenever the map's script changes. So the base map is identical on every run, and the
date travels in a tiny `feature_group_to_add` whose script only calls `conflictMap.fromServer(...)`
(day, place, play request). The browser then swaps prebuilt layers: a slider step costs a layer
swap, not a map rebuild. The map code itself is `static/map/*.js`; its data is `payload.py`'s.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

import folium
from branca.element import Element, MacroElement
from folium.template import Template

from .assets import OfflineMap


class _RawScript(Element):
    """Script text added to the page as is. branca would wrap it in an Element, which compiles its text
    as a Jinja template: this map's script on every run, or the embedded data in an export."""

    def __init__(self, code: str):
        super().__init__()
        self.code = code

    def render(self, **kwargs) -> str:
        """The script text itself."""
        return self.code


@dataclass(frozen=True)
class MapOptions:
    """How the browser map behaves: where its data is, what it shows first, which page parts it drives."""

    initial_date: str | None = None  # None: wait for the page's first fromServer() call
    data_url: str | None = None
    initial_place: str | None = None
    #: CSS selector of the page's date slider, which the map follows directly (the app only).
    slider: str | None = None
    #: A standalone page (the HTML export): its own date controls, place panel, legend and link hash.
    standalone: bool = False


class TimelineLayer(MacroElement):
    """All days' layers plus the `conflictMap` API (static/map/*.js), from a URL or embedded data."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "conflictMapInit({{ this._parent.get_name() }}, {{ this.options | tojson }}, {{ this.payload_json }});"
        "{% endmacro %}"
    )

    def __init__(self, options: MapOptions, payload_json: str = "null"):
        super().__init__()
        self._name = "TimelineLayer"
        self.options = asdict(options)
        self.payload_json = payload_json

    def render(self, **kwargs) -> None:
        """Add the init call as raw script (streamlit-folium reads the script macro directly)."""
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


#: folium's viewport meta forbids zooming (an accessibility failure); our pages allow it.
_VIEWPORT = re.compile(r'<meta\s+name="viewport"[^>]*>', re.IGNORECASE | re.DOTALL)
_ZOOMABLE_VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1" />'


def zoomable(html: str) -> str:
    """The page or header with folium's zoom-forbidding viewport replaced by one that allows zooming."""
    return _VIEWPORT.sub(_ZOOMABLE_VIEWPORT, html)


def build_map(bbox: tuple[float, float, float, float], options: MapOptions, payload_json: str = "null") -> folium.Map:
    """The base map: identical for identical arguments, so streamlit-folium never re-mounts it."""
    west, south, east, north = bbox
    # folium applies min_zoom/max_zoom to the tile layer only; with tiles=None they must be map options.
    m = OfflineMap(
        location=[(south + north) / 2, (west + east) / 2],
        zoom_start=6,
        tiles=None,
        control_scale=True,
        minZoom=3,
        maxZoom=13,
        zoom_snap=0.5,
        prefer_canvas=False,
    )
    TimelineLayer(options, payload_json).add_to(m)
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


def payload_script_json(payload_bytes: bytes) -> str:
    """Payload JSON made safe to sit inside a <script> element (no `</script`, no `<!--`)."""
    text = payload_bytes.decode("utf-8")
    return (
        text.replace("<", "\\u003c").replace(">", "\\u003e").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    )


def map_options(**kwargs: Any) -> MapOptions:
    """MapOptions from keyword arguments (a readable call site for the page and the export)."""
    return MapOptions(**kwargs)
