"""The interactive map: a Folium map, built once per dataset version, whose days are swapped in the browser.

Why this shape: the map component (ui/map_view.py, static/host.js) mounts this map's document once and
afterwards only passes the page's view (day, place, play, compare) to `conflictMap.fromPage`, so a slider
step costs a layer swap in the browser, never a map rebuild, and pan and zoom survive. The map code itself
is `static/map/*.js`; its data is `payload.py`'s, fetched by URL in the app and embedded in an export.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

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

    initial_date: str | None = None  # None: wait for the page's first fromPage() call
    data_url: str | None = None
    initial_place: str | None = None
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


#: folium's viewport meta forbids zooming (an accessibility failure); our pages allow it.
_VIEWPORT = re.compile(r'<meta\s+name="viewport"[^>]*>', re.IGNORECASE | re.DOTALL)
_ZOOMABLE_VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1" />'


def zoomable(html: str) -> str:
    """The page or header with folium's zoom-forbidding viewport replaced by one that allows zooming."""
    return _VIEWPORT.sub(_ZOOMABLE_VIEWPORT, html)


def build_map(
    bbox: tuple[float, float, float, float],
    options: MapOptions,
    prefixes: dict[str, str],
    payload_json: str = "null",
) -> folium.Map:
    """The map: Leaflet and the map code from `prefixes` (see assets.OfflineMap), the day layers from the
    payload (embedded as `payload_json`, or fetched from `options.data_url`)."""
    west, south, east, north = bbox
    # folium applies min_zoom/max_zoom to the tile layer only; with tiles=None they must be map options.
    m = OfflineMap(
        prefixes=prefixes,
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


def payload_script_json(payload_bytes: bytes) -> str:
    """Payload JSON made safe to sit inside a <script> element (no `</script`, no `<!--`)."""
    text = payload_bytes.decode("utf-8")
    return (
        text.replace("<", "\\u003c").replace(">", "\\u003e").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    )
