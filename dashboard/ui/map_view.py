"""The map in the page: one two-way Streamlit component that hosts the Folium-built map.

The component (Streamlit's components API, `static/index.html` + `static/host.js`) mounts the Folium map's
document once per dataset version; on every run the page sends it only the view the page owns (day, place,
compare date, play), and the map returns what the person did on it as the component's value:
`{date, place, view, playing, seq}` (`seq` counts the values, so a new one is told from the same one
again). Three folders are served through the components API, all read-only: the component and the map
code (package data), Leaflet (straight from its XStatic package) and the prepared map data (run-time
cache, outside the package).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import streamlit as st
import streamlit.components.v1 as components

from ..render.assets import LEAFLET_DIR, STATIC_DIR
from ..render.folium_map import MapOptions, build_map, zoomable
from .prepare import map_data_dir

HEIGHT = 560
#: The component's key: its value is `st.session_state[MAP_KEY]`.
MAP_KEY = "map"


@dataclass(frozen=True)
class Served:
    """The component, and the URL folders (relative to the component's page) of Leaflet and the map data."""

    component: Callable[..., Any]
    leaflet: str
    data: str


@st.cache_resource(show_spinner=False)
def served() -> Served:
    """Declare the component and the two file folders once per server process."""
    component = components.declare_component("conflict_map", path=str(STATIC_DIR))
    leaflet = components.declare_component("leaflet", path=str(LEAFLET_DIR))
    data = components.declare_component("map_data", path=str(map_data_dir()))
    return Served(component, f"../{leaflet.name}", f"../{data.name}")


@dataclass(frozen=True)
class MapDocument:
    """The Folium map of one dataset version, rendered once: its HTML and a version the browser compares."""

    version: str
    html: str

    def arg(self) -> dict[str, str]:
        """What the component receives (it mounts a document only when the version differs)."""
        return {"version": self.version, "html": self.html}


def map_document(version: str, bbox: tuple[float, float, float, float], data_file: str) -> MapDocument:
    """Render the Folium map whose data is `data_file` in the map-data folder."""
    urls = served()
    options = MapOptions(data_url=f"{urls.data}/{data_file}")
    folium_map = build_map(bbox, options, {"leaflet": urls.leaflet, "map": "."})
    return MapDocument(version, zoomable(folium_map.get_root().render()))


def page_view(
    day: date,
    place: str | None,
    *,
    play: tuple[int, float] | None = None,
    compare_from: date | None = None,
    events: bytes | None = None,
) -> dict[str, Any]:
    """The view the page owns, as the map reads it: day, place, compare date, play (request, speed), and the
    events layer's data for the window (JSON text, or None when Events is off)."""
    return {
        "date": day.isoformat(),
        "place": place,
        "compare": compare_from.isoformat() if compare_from else None,
        "play": {"request": play[0], "fps": play[1]} if play else None,
        "events": events.decode("utf-8") if events else None,
    }


def map_value() -> dict[str, Any]:
    """The map's latest value (what the person did on it), or an empty dict before any."""
    value = st.session_state.get(MAP_KEY)
    return value if isinstance(value, dict) else {}


def show_map(document: MapDocument, view: dict[str, Any]) -> None:
    """Draw the map component with this run's view (what the map reports is read with `map_value` at the
    start of the next run, before the widgets that show the view are drawn)."""
    served().component(map=document.arg(), view=view, height=HEIGHT, key=MAP_KEY, default=None)
