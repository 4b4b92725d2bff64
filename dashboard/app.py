"""The dashboard page: reads widgets and the link, asks the core and renderers, places the results.

Run with `make run` (or `streamlit run dashboard/app.py`). No geometry and no file parsing here.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `streamlit run dashboard/app.py` puts only dashboard/ on the path
    sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402
import streamlit as st  # noqa: E402
from streamlit_folium import st_folium  # noqa: E402

from dashboard import panels  # noqa: E402
from dashboard.core import Cells, Dataset, build_cells, change_dates  # noqa: E402
from dashboard.core.files import write_atomic  # noqa: E402
from dashboard.core.stats import area_change, area_timeseries  # noqa: E402
from dashboard.core.store import DataStore  # noqa: E402
from dashboard.links import resolve_date, resolve_place  # noqa: E402
from dashboard.render.assets import STATIC_DIR, STATIC_URL, install_static_assets, use_local_assets  # noqa: E402
from dashboard.render.charts import area_chart_spec, for_day  # noqa: E402
from dashboard.render.exports import FORMATS, ExportOptions, export_bytes, export_filename  # noqa: E402
from dashboard.render.folium_map import build_map, date_layer, map_payload, payload_json  # noqa: E402
from dashboard.render.style import (  # noqa: E402
    DEFAULT_FOCUS,
    DEFAULT_PLAY_SPEED,
    FOCUS_LABELS,
    FOCUS_PRESETS,
    PLAY_SPEEDS,
)
from dashboard.render.text import long_date, md_escape, short_date  # noqa: E402

GEODATA = Path(os.environ.get("CONFLICT_MAP_GEODATA", ROOT / "geodata"))
#: The date slider's input in the page, which the map follows without a server round trip.
DATE_SLIDER = ".st-key-day input[type=range]"

st.set_page_config(page_title="Syria: who held what, Nov–Dec 2024", page_icon="🗺️", layout="wide",
                   menu_items={"Get help": None, "Report a bug": None, "About": "Conflict map dashboard (open source)."})
use_local_assets()


@dataclass(frozen=True)
class Prepared:
    """Per-dataset results shared by all sessions: computed once when the data changes, so that a slider
    step only looks things up (with many viewers, every millisecond of a run is paid per step per viewer)."""

    cells: Cells
    data_url: str
    areas: pd.DataFrame
    change_days: list[date]
    area_changes: dict[date, pd.DataFrame]
    chart_spec: dict


@st.cache_resource
def data_store(directory: str) -> DataStore:
    return DataStore(directory)


@st.cache_resource(max_entries=3, show_spinner="Preparing the map for every day…")
def prepare(fingerprint: str, _dataset: Dataset) -> Prepared:
    """Cells, the browser's per-day map data (published as a static file) and the area series."""
    install_static_assets()
    cells = build_cells(_dataset)
    name = f"data/map-{fingerprint[:16]}.json"
    (STATIC_DIR / "data").mkdir(parents=True, exist_ok=True)
    write_atomic(STATIC_DIR / name, payload_json(map_payload(_dataset, cells)))
    areas = area_timeseries(_dataset, cells)
    period = _dataset.period()
    return Prepared(
        cells=cells,
        data_url=f"{STATIC_URL}/{name}",
        areas=areas,
        change_days=change_dates(_dataset),
        area_changes={day: area_change(areas, day) for day in period},
        chart_spec=area_chart_spec(areas, _dataset),  # Altair takes ~30 ms to build it: once, here
    )


def load() -> Dataset:
    """The dataset to show; stops the page with the validator's problems if there is none."""
    snapshot = data_store(str(GEODATA)).current()
    if snapshot.dataset is None:
        st.error(f"The data in {GEODATA} cannot be shown until these problems are fixed:\n\n"
                 + panels.problems_list(snapshot.problems))
        st.stop()
    if snapshot.stale:
        st.warning("The data files were edited and are now invalid; still showing the last valid version. "
                   "Problems:\n\n" + panels.problems_list(snapshot.problems))
    return snapshot.dataset


def init_state(dataset: Dataset) -> None:
    """First run of a session (or new data): take date and place from the link, explaining any fix-up."""
    if st.session_state.get("fingerprint") == dataset.fingerprint:
        return
    period = dataset.period()
    day, date_message = resolve_date(st.query_params.get("date"), dataset, period[0])
    place, place_message = resolve_place(st.query_params.get("place"), dataset)
    previous_day = st.session_state.get("day")
    previous_place = st.session_state.get("place")
    if previous_place and previous_place not in {p.id for p in dataset.places}:
        previous_place = None  # the edited data no longer has it
    st.session_state.update(
        fingerprint=dataset.fingerprint,
        day=previous_day if previous_day in period else day,
        place=previous_place or place,
        playing=False,
        play_request=st.session_state.get("play_request", 0),
        speed=st.session_state.get("speed", DEFAULT_PLAY_SPEED),
        link_messages=[m for m in (date_message, place_message) if m],
    )


def step_to_change(dataset: Dataset, change_days: list[date], forward: bool) -> None:
    day = st.session_state.day
    candidates = [d for d in change_days if d > day] if forward else [d for d in change_days if d < day]
    if candidates:
        st.session_state.day = candidates[0] if forward else candidates[-1]
    st.session_state.playing = False


def toggle_play(dataset: Dataset) -> None:
    """Play from here (from the start if at the end), or pause. Each Play is a new request to the map."""
    if not st.session_state.playing:
        if st.session_state.day >= dataset.metadata.end_date:
            st.session_state.day = dataset.metadata.baseline_date
        st.session_state.play_request = st.session_state.get("play_request", 0) + 1
    st.session_state.playing = not st.session_state.playing


def stop_at_end(dataset: Dataset) -> None:
    """Play ends on the last day. (The map plays in the browser and keeps the slider up with it.)"""
    if st.session_state.playing and st.session_state.day >= dataset.metadata.end_date:
        st.session_state.playing = False


def time_controls(dataset: Dataset, prepared: Prepared) -> date:
    period = dataset.period()
    # While playing, the map animates in the browser and brings the slider up to its day a few times a
    # second by pressing its arrow key: the link and the panels then follow as if a person were stepping.
    st.select_slider("Date", options=period, key="day", format_func=short_date)
    back, play, forward, speed = st.columns([1.2, 0.9, 1.2, 1.9], vertical_alignment="bottom")
    back.button("◀ Previous change", on_click=step_to_change, args=(dataset, prepared.change_days, False),
                width="stretch", help="Jump to the previous day on which a control record is dated")
    play.button("⏸ Pause" if st.session_state.playing else "▶ Play", on_click=toggle_play, args=(dataset,),
                width="stretch", type="primary")
    forward.button("Next change ▶", on_click=step_to_change, args=(dataset, prepared.change_days, True),
                   width="stretch", help="Jump to the next day on which a control record is dated")
    speed.segmented_control("Speed", PLAY_SPEEDS, key="speed", format_func=lambda v: f"{v} d/s",
                            label_visibility="collapsed", help="Play speed, in days per second")
    return st.session_state.day


def map_view(dataset: Dataset, prepared: Prepared, day: date) -> None:
    """The map; a click on a place selects it (the map itself is never rebuilt between runs)."""
    base = build_map(FOCUS_PRESETS[DEFAULT_FOCUS], initial_date=dataset.metadata.baseline_date,
                     data_url=prepared.data_url, slider_selector=DATE_SLIDER)
    result = st_folium(base, key="map", height=640, use_container_width=True,
                       returned_objects=["last_active_drawing", "last_object_clicked_count"],
                       feature_group_to_add=date_layer(
                           day, st.session_state.place,
                           st.session_state.play_request if st.session_state.playing else None,
                           st.session_state.speed or DEFAULT_PLAY_SPEED))
    clicked = (result or {}).get("last_active_drawing") or {}
    # The click count tells a new click from the same result returned again on the next run, even when
    # the same place is clicked twice (after picking another one from the list in between).
    signature = (clicked.get("id"), (result or {}).get("last_object_clicked_count"))
    if clicked and signature != st.session_state.get("last_click"):
        st.session_state.last_click = signature
        if clicked.get("id") in {p.id for p in dataset.places}:
            st.session_state.place = clicked["id"]
            st.session_state.place_picker = clicked["id"]


def place_picker(dataset: Dataset) -> str | None:
    places = sorted((p for p in dataset.places if p.kind != "anchor"), key=lambda p: (p.rank, p.name))
    labels = {p.id: f"{p.name} · {p.name_ar}" for p in places}
    if st.session_state.get("place_picker") != st.session_state.place:
        st.session_state.place_picker = st.session_state.place
    st.selectbox("Place", options=list(labels), key="place_picker", format_func=labels.get, index=None,
                 placeholder="Search a place, or click one on the map",
                 on_change=lambda: st.session_state.update(place=st.session_state.place_picker))
    return st.session_state.place


def export_buttons(dataset: Dataset, prepared: Prepared, day: date) -> None:
    st.markdown("#### Export this view")
    focus = st.selectbox("Framing for images", list(FOCUS_PRESETS), index=list(FOCUS_PRESETS).index(DEFAULT_FOCUS),
                         format_func=FOCUS_LABELS.get, width=360)
    options = ExportOptions(bbox=FOCUS_PRESETS[focus], start=dataset.metadata.baseline_date,
                            end=dataset.metadata.end_date)
    labels = {"png": "PNG image", "html": "Interactive HTML", "geojson": "GeoJSON", "csv": "CSV table",
              "gif": "Animated GIF (whole period)"}
    columns = st.columns(len(FORMATS))
    for column, fmt in zip(columns, FORMATS):
        column.download_button(
            labels[fmt],
            data=lambda fmt=fmt: export_bytes(dataset, prepared.cells, fmt, day, options),
            file_name=export_filename(fmt, day, options), mime=FORMATS[fmt], on_click="ignore",
            key=f"download-{fmt}", width="stretch",
        )


def sync_link(day: date, place: str | None) -> None:
    """Keep the address bar shareable: it always reproduces the current view."""
    if st.query_params.get("date") != day.isoformat():
        st.query_params["date"] = day.isoformat()
    if place and st.query_params.get("place") != place:
        st.query_params["place"] = place
    elif not place and "place" in st.query_params:
        del st.query_params["place"]


def page(dataset: Dataset, prepared: Prepared) -> None:
    stop_at_end(dataset)
    for message in st.session_state.link_messages:
        st.warning(message)
    day = st.session_state.day
    title, controls = st.columns([2, 3], vertical_alignment="bottom")
    title.markdown(f"## {long_date(day)}")
    with controls:
        day = time_controls(dataset, prepared)
    map_column, side = st.columns([3, 2])
    with map_column:
        map_view(dataset, prepared, day)
        territory_today = prepared.areas[prepared.areas["date"] == day]
        panels.legend(dataset, set(territory_today["controller"]))
        st.caption("Zones are approximate: each place's surrounding area (Voronoi cell) takes the colour of "
                   "whoever holds the place. Front lines are where zones of different factions meet.")
    with side:
        place = place_picker(dataset)
        if place:
            panels.place_panel(dataset, place, day)
        else:
            st.info("Click a place on the map, or search one above, to see who held it, since when, and the "
                    "sources behind every change.")
    sync_link(day, place)
    st.divider()
    areas, chart, recent = st.columns([2.6, 3, 3.4])
    with areas:
        st.markdown("#### Area held")
        panels.area_table(dataset, prepared.area_changes[day])
    with chart:
        st.markdown("#### Area over time")
        st.vega_lite_chart(for_day(prepared.chart_spec, day), width="stretch")
    with recent:
        st.markdown("#### Recent changes")
        days = st.slider("Days", 1, len(dataset.period()) - 1, 3, key="recent_days")
        panels.recent_changes(dataset, day, days)
    export_buttons(dataset, prepared, day)


def main() -> None:
    st.title("Syria: who held what, when, and according to whom")
    st.caption("The opposition offensives of 27 November – 12 December 2024, from cited reports. "
               "Scrub the date, press play, click a place for its sources.")
    dataset = load()
    prepared = prepare(dataset.fingerprint, dataset)
    init_state(dataset)
    page(dataset, prepared)
    with st.expander("About the data and the method"):
        st.markdown(md_escape(dataset.metadata.title))
        st.markdown(
            "Every change cites its sources; excerpts are quoted verbatim from stored source texts and checked "
            "by the validator. Certainty: **confirmed** (two independent reports or an admission), **reported** "
            "(one report or one side's claim), **disputed** (inferred, or sources disagree: the other versions "
            "are listed). Territory is derived from settlement control and is approximate.")
        if dataset.metadata.attribution:
            st.caption(md_escape(dataset.metadata.attribution))
    with st.expander(f"All {len(dataset.sources)} sources"):
        panels.sources_table(dataset)


main()
