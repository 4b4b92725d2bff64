"""The map in the page: streamlit-folium's component, with its fixed arguments computed once per dataset.

streamlit-folium's `st_folium` re-renders the whole Folium map on every run (templates, regular
expressions over the script, a hash). Here the map is built and rendered once per dataset with
streamlit-folium's own helpers, and each run sends only the tiny script that tells the map its day,
place and play state (the component's `feature_group`), in the form `st_folium` itself produces. The
component, its frontend and its click protocol are streamlit-folium's (pinned: 0.27.4; the end-to-end
tests click, scrub and play through it).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

import streamlit as st
import streamlit_folium

from ..render.folium_map import MapOptions, build_map, zoomable

#: The map returns only clicks: panning and zooming never rerun the page.
RETURNED = ["last_active_drawing", "last_object_clicked_count"]
HEIGHT = 560


@dataclass(frozen=True)
class MapComponent:
    """The arguments of one dataset's map that never change between runs."""

    key: str
    args: dict[str, Any]


def map_component(bbox: tuple[float, float, float, float], options: MapOptions) -> MapComponent:
    """Render the base map once, exactly as `st_folium` would, and keep its arguments."""
    folium_map = build_map(bbox, options)
    folium_map.get_root().render()
    folium_map.render()
    html = streamlit_folium._get_html(folium_map)
    header = zoomable(streamlit_folium._get_header(folium_map))
    script = streamlit_folium._get_map_string(folium_map)
    css = list(dict.fromkeys(href for _, href in folium_map.default_css))
    js = list(dict.fromkeys(src for _, src in folium_map.default_js))
    key = streamlit_folium.generate_js_hash(script, "map", False)
    south_west, north_east = folium_map.get_bounds()
    bounds = {
        "_southWest": {"lat": south_west[0], "lng": south_west[1]},
        "_northEast": {"lat": north_east[0], "lng": north_east[1]},
    }
    defaults = {"last_object_clicked_count": None, "last_active_drawing": None}
    args = dict(
        script=script,
        header=header,
        html=html,
        id=streamlit_folium.get_full_id(folium_map),
        height=HEIGHT,
        width=None,
        returned_objects=RETURNED,
        default=defaults,
        zoom=None,
        center=None,
        return_on_hover=False,
        layer_control=None,
        pixelated=False,
        css_links=css,
        js_links=js,
        wrap_longitude=False,
    )
    args["default"]["bounds"] = bounds
    return MapComponent(key, args)


def day_script(
    day: date, place: str | None, play_request: int | None, fps: float, compare_from: date | None = None
) -> str:
    """The per-run part, as streamlit-folium's feature-group script: tell the map what to show (the day, the
    selected place, the play request and speed, and the earlier date in compare mode)."""
    args = [day.isoformat(), place, play_request, fps, compare_from.isoformat() if compare_from else None]
    call = f"if (window.conflictMap) {{ window.conflictMap.fromServer({', '.join(json.dumps(a) for a in args)}); }}"
    return (
        "var feature_group_feature_group_0 = L.featureGroup({});\n" + call + "\n"
        "map_div.addLayer(feature_group_feature_group_0);\n"
        "window.feature_group = window.feature_group || [];\n"
        "window.feature_group.push(feature_group_feature_group_0);\n"
    )


def last_click(component: MapComponent) -> dict[str, Any]:
    """The map's latest click result, as the component left it in the session (read before drawing the
    map, so the place a click selects is already the one this run shows)."""
    return st.session_state.get(component.key) or {}


def show_map(component: MapComponent, script: str) -> None:
    """Draw the map component with this run's day script."""
    streamlit_folium._component_func(key=component.key, feature_group=script, **component.args)
