"""Benchmark baseline only (scripts/bench_scrub.py): the naive way to put a dated map in Streamlit.

Each slider step rebuilds the whole Folium map (basemap, every zone, front line and marker as GeoJSON
embedded in the page) and hands it to `st_folium`, which re-renders it in the browser. The core's work
is shared with the real app (`Days`, cached once per dataset), so the comparison isolates how the map
reaches the browser: the whole map re-sent and redrawn on every step, against the app's prebuilt
layers switched by the day's tiny script.

Not part of the product. `devkit.naive.NaiveApp` runs it from a temporary folder beside a `static`
link to dashboard/static (Streamlit serves static files only from the main script's folder, and the
map must load Leaflet offline), with the repository's .streamlit/config.toml.

Like the app, it sets `data-date` on the map's container once a day is drawn, and reads
`?date=YYYY-MM-DD`, so both are timed the same way. Data: $CONFLICT_MAP_GEODATA (one dataset folder
or a folder of datasets: the default one), else the checkout's geodata/.
"""

from __future__ import annotations

import json
from datetime import date

import folium
import streamlit as st
from branca.element import MacroElement
from folium.template import Template
from streamlit_folium import st_folium

from dashboard.core import Days, load_dataset
from dashboard.core.io.catalog import find_datasets
from dashboard.paths import data_root
from dashboard.render.assets import OfflineMap

NEIGHBOUR = {"color": "#b5b1a6", "weight": 1, "fillColor": "#f1efe9", "fillOpacity": 1}
DIVISION = {"color": "#8a8a8a", "weight": 0.8, "fill": False}
FRONT = {"color": "#111", "weight": 3.5}


class DateMark(MacroElement):
    """Marks the map's container with the day it shows (`data-date`), as the app's map does."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "{{ this._parent.get_name() }}.getContainer().setAttribute('data-date', {{ this.day | tojson }});"
        "{% endmacro %}"
    )

    def __init__(self, day: date):
        super().__init__()
        self.day = day.isoformat()


@st.cache_resource
def days_of_default_dataset() -> Days:
    """The default dataset's days, computed once per server (as the app does)."""
    catalog = find_datasets(data_root())
    return Days(load_dataset(catalog.folder(catalog.default)))


def naive_map(days: Days, day: date) -> folium.Map:
    """The whole map for one day, built from scratch: basemap, zones, front lines, markers, date mark."""
    dataset = days.dataset
    colours = {f.id: f.colour for f in dataset.factions.values()}
    west, south, east, north = dataset.manifest.framing(dataset.manifest.default_view.framing).bbox
    prefixes = {"leaflet": "/app/static/leaflet", "map": "/app/static"}
    m = OfflineMap(location=[(south + north) / 2, (west + east) / 2], zoom_start=6, tiles=None, prefixes=prefixes)
    m.fit_bounds([[south, west], [north, east]])
    folium.GeoJson(
        {"type": "FeatureCollection", "features": list(dataset.neighbours)}, style_function=lambda f: NEIGHBOUR
    ).add_to(m)
    folium.GeoJson(
        {"type": "FeatureCollection", "features": list(dataset.divisions)}, style_function=lambda f: DIVISION
    ).add_to(m)
    territory = days[day].territory
    zones = json.loads(territory.zones[["controller", "geometry"]].to_json())
    folium.GeoJson(
        zones,
        style_function=lambda f: {
            "fillColor": colours[f["properties"]["controller"]],
            "color": colours[f["properties"]["controller"]],
            "weight": 0.8,
            "fillOpacity": 0.35,
        },
    ).add_to(m)
    if len(territory.front_lines):
        folium.GeoJson(territory.front_lines[["geometry"]].to_json(), style_function=lambda f: FRONT).add_to(m)
    for state in days[day].states:
        if state.place.is_shown:
            folium.CircleMarker(
                [state.place.lat, state.place.lon],
                radius=6,
                fill=True,
                fill_opacity=0.95,
                fill_color=colours[state.controller],
                color="#222",
                weight=1.5,
                className=f"place place-{state.place.id}",
            ).add_to(m)
    DateMark(day).add_to(m)
    return m


def initial_day(days: Days) -> date:
    """The day from `?date=` when it is in the period, else the first day."""
    asked = st.query_params.get("date")
    period = days.dataset.period()
    try:
        wanted = date.fromisoformat(asked) if asked else period[0]
    except ValueError:
        wanted = period[0]
    return wanted if wanted in period else period[0]


def main() -> None:
    """The page: a date slider and the map rebuilt for the chosen day."""
    st.set_page_config(page_title="Naive map (benchmark baseline)", layout="wide")
    days = days_of_default_dataset()
    if "day" not in st.session_state:
        st.session_state.day = initial_day(days)
    day = st.select_slider("Date", options=days.dataset.period(), key="day")
    st_folium(naive_map(days, day), key="map", height=560, use_container_width=True, returned_objects=[])


main()
