"""Benchmark baseline only (scripts/bench_scrub.py): the naive way, rebuilding the whole Folium map
with every layer embedded on each slider step. Not part of the product; lives here only because
Streamlit serves the offline Leaflet files from the main script's folder."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import folium  # noqa: E402
import streamlit as st  # noqa: E402
from streamlit_folium import st_folium  # noqa: E402

from dashboard.core import build_cells, load_dataset, state_at, territory_from_states  # noqa: E402
from dashboard.render.assets import install_static_assets, use_local_assets  # noqa: E402
from dashboard.render.style import DEFAULT_FOCUS, FOCUS_PRESETS  # noqa: E402
from dashboard.render.text import long_date  # noqa: E402

use_local_assets()


@st.cache_resource
def data():
    install_static_assets()
    dataset = load_dataset(Path(__file__).resolve().parent.parent / "geodata")
    return dataset, build_cells(dataset)


dataset, cells = data()
day = st.select_slider("Date", options=dataset.period(), key="day")
states = state_at(dataset, day)
territory = territory_from_states(states, cells, day)
colours = {f.id: f.colour for f in dataset.factions.values()}
west, south, east, north = FOCUS_PRESETS[DEFAULT_FOCUS]
m = folium.Map(location=[(south + north) / 2, (west + east) / 2], zoom_start=7, tiles=None)
folium.GeoJson(
    {"type": "FeatureCollection", "features": dataset.neighbours},
    style_function=lambda f: {"color": "#b5b1a6", "weight": 1, "fillColor": "#f1efe9", "fillOpacity": 1},
).add_to(m)
folium.GeoJson(
    {"type": "FeatureCollection", "features": dataset.governorates},
    style_function=lambda f: {"color": "#8a8a8a", "weight": 0.8, "fill": False},
).add_to(m)
folium.GeoJson(
    territory.zones[["controller", "geometry"]].to_json(),
    style_function=lambda f: {
        "fillColor": colours[f["properties"]["controller"]],
        "weight": 0.8,
        "color": colours[f["properties"]["controller"]],
        "fillOpacity": 0.35,
    },
).add_to(m)
folium.GeoJson(
    territory.front_lines[["side_a", "geometry"]].to_json(), style_function=lambda f: {"color": "#111", "weight": 3.5}
).add_to(m)
for s in states:
    if s.place.kind != "anchor":
        folium.CircleMarker(
            [s.place.lat, s.place.lon],
            radius=6,
            fill=True,
            fill_opacity=0.95,
            fill_color=colours[s.controller],
            color="#222",
            weight=1.5,
        ).add_to(m)
m.get_root().html.add_child(folium.Element(""))
badge = folium.MacroElement()
badge._template = folium.template.Template(
    "{% macro script(this, kwargs) %}var c = L.control({position: 'topright'}); c.onAdd = function () {"
    "var d = L.DomUtil.create('div', 'map-date'); var t = L.DomUtil.create('div', 'map-date-day', d);"
    "t.textContent = " + repr(long_date(day)) + "; return d; }; c.addTo({{ this._parent.get_name() }});{% endmacro %}"
)
badge.add_to(m)
st_folium(m, key="map", height=640, use_container_width=True, returned_objects=[])
