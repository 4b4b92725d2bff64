"""The dashboard page: reads widgets and the link, asks the core and renderers, places the results.

Layout and flow only: no geometry, no file parsing, no data text unescaped. Everything that depends on
the date lives in one fragment (`day_view`), so a slider step reruns that part alone; the rest (title,
dataset picker, chart, about, sources) runs when the page loads or the dataset changes.
"""

from __future__ import annotations

import contextlib
import html
from datetime import date, timedelta
from pathlib import Path

import streamlit as st

from ..core.days import Day
from ..core.io.catalog import Catalog, find_datasets
from ..core.io.store import DataStore
from ..core.model import Dataset
from ..core.search import find_places
from ..core.timeline import shown_change_dates
from ..paths import data_root
from ..render.charts import area_chart_spec, change_strip, change_strip_spec
from ..render.style import DEFAULT_PLAY_SPEED, PLAY_SPEEDS
from ..render.text import md_escape, short_date
from ..render.wording import credit_line, long_date, method_note
from . import panels
from .compare_view import compare_controls, comparison_markdown
from .events_view import (
    events_chart,
    events_controls,
    events_layer_json,
    events_near_place,
    events_panel,
    events_store,
    link_params,
    seed_from_link,
)
from .exports_view import export_section
from .links import resolve_dataset, resolve_date, resolve_place
from .map_view import MapDocument, map_document, map_value, page_view, show_map
from .prepare import Prepared, area_rows, prepare_dataset, publish_payload

PAGE_CSS = (Path(__file__).parent / "page.css").read_text(encoding="utf-8")
#: Datasets with more places than this get a search box before the place list (which then lists matches).
LIST_EVERY_PLACE_UP_TO = 1500
#: What the list offers in a big dataset before anything is searched (the labels are biggest first).
BIGGEST_PLACES = 300
#: Periods longer than this get a date slider, a box to jump to a date (and the change strip).
LONG_PERIOD_DAYS = 400
#: Periods longer than this get the strip showing where changes cluster.
STRIP_FROM_DAYS = 120
#: The link parameters of the events window and filters (ui/events_view.link_params).
EVENT_LINK_KEYS = ("events", "ev_types", "ev_sub", "ev_actor", "ev_min")


# ---------------------------------------------------------------------------------------------- shared, cached


@st.cache_resource
def data_store(folder: str) -> DataStore:
    """One store per dataset folder, shared by every session."""
    return DataStore(folder)


@st.cache_resource(max_entries=6, show_spinner="Preparing the map for every day…")
def prepared(dataset_id: str, fingerprint: str, _dataset: Dataset) -> Prepared:
    """Per-dataset preparation (see prepare.py), once per dataset version."""
    return prepare_dataset(_dataset)


def document(ready: Prepared) -> MapDocument:
    """The Folium map's document, once per dataset version."""

    def build() -> MapDocument:
        dataset = ready.dataset
        framing = dataset.manifest.framing(dataset.manifest.default_view.framing)
        return map_document(f"{dataset.id}-{dataset.fingerprint[:16]}", framing.bbox, ready.data_file)

    return ready.memo(("map",), build)


@st.cache_resource(show_spinner=False)
def chart_spec(dataset_id: str, fingerprint: str, _ready: Prepared) -> dict:
    """The area chart (Altair takes tens of milliseconds to build it): once per dataset version."""
    return area_chart_spec(_ready.areas, _ready.dataset)


# ---------------------------------------------------------------------------------------------- dataset and link


def current_dataset(catalog: Catalog, *, report: bool = True) -> Dataset:
    """The dataset this session shows; stops the page with the validator's problems if it has none.
    `report=False` (inside the day's fragment) leaves the warning about an invalid edit to the page."""
    known = list(catalog.folders)
    if "dataset" not in st.session_state:
        chosen, message = resolve_dataset(st.query_params.get("dataset"), known, catalog.default)
        st.session_state.dataset = chosen
        st.session_state.link_messages = [message] if message else []
    snapshot = data_store(str(catalog.folder(st.session_state.dataset))).current()
    if snapshot.dataset is None:
        st.error(
            f"The data in {catalog.folder(st.session_state.dataset)} cannot be shown until these problems are "
            "fixed:\n\n" + panels.problems_list(snapshot.problems)
        )
        st.stop()
    if snapshot.stale and report:
        st.warning(
            "The data files were edited and are now invalid; still showing the last valid version. "
            "Problems:\n\n" + panels.problems_list(snapshot.problems)
        )
    return snapshot.dataset


def init_view(dataset: Dataset) -> None:
    """First run for this dataset (version): date and place from the link or the dataset's default view."""
    if st.session_state.get("fingerprint") == dataset.fingerprint:
        return
    default = dataset.manifest.default_view
    same_dataset = st.session_state.get("shown_dataset") == dataset.id
    day, date_message = resolve_date(st.query_params.get("date"), dataset, default.date)
    place, place_message = resolve_place(st.query_params.get("place"), dataset)
    if not st.query_params.get("place") and not same_dataset:
        place = default.place
    if same_dataset:  # the data was edited: keep the view, unless the edit removed the place
        day = st.session_state.get("day", day)
        place = st.session_state.get("place") if dataset.has_place(st.session_state.get("place") or "") else None
    st.session_state.update(
        period=(dataset.baseline, dataset.end),
        fingerprint=dataset.fingerprint,
        shown_dataset=dataset.id,
        day=day,
        place=place,
        playing=False,
        play_request=st.session_state.get("play_request", 0),
        speed=st.session_state.get("speed", DEFAULT_PLAY_SPEED),
    )
    events_message = seed_from_link(st.query_params)
    st.session_state.link_messages = st.session_state.get("link_messages", []) + [
        m for m in (date_message, place_message, events_message) if m and not same_dataset
    ]


def switch_dataset() -> None:
    """The dataset picker changed: show the new dataset on its default view."""
    st.session_state.dataset = st.session_state.dataset_picker
    for key in ("fingerprint", "day", "place", "place_picker", "map_seq", "events_pick"):
        st.session_state.pop(key, None)
    st.query_params.clear()
    st.query_params["dataset"] = st.session_state.dataset


def sync_link(dataset: Dataset, catalog: Catalog, day: date, place: str | None, extra: dict[str, str]) -> None:
    """Keep the address bar shareable: it always reproduces the current view (and the events window)."""
    wanted = {"date": day.isoformat(), **extra}
    if place:
        wanted["place"] = place
    if len(catalog.folders) > 1 or dataset.id != catalog.default:
        wanted["dataset"] = dataset.id
    for key in ("dataset", "date", "place", *EVENT_LINK_KEYS):
        if key in wanted and st.query_params.get(key) != wanted[key]:
            st.query_params[key] = wanted[key]
        elif key not in wanted and key in st.query_params:
            del st.query_params[key]


def map_zoom() -> int:
    """The map's zoom as the person last left it (the events layer bins by it), else the opening zoom."""
    view = st.session_state.get("map_view") or {}
    zoom = view.get("zoom") if isinstance(view, dict) else None
    return int(zoom) if isinstance(zoom, int | float) and 0 <= zoom <= 20 else 6


# ---------------------------------------------------------------------------------------------- time controls


def step_to_change(change_days: tuple[date, ...], forward: bool) -> None:
    """Jump to the next (or previous) day on which a record is dated."""
    day = st.session_state.day
    candidates = [d for d in change_days if d > day] if forward else [d for d in change_days if d < day]
    if candidates:
        st.session_state.day = candidates[0] if forward else candidates[-1]
    st.session_state.playing = False


def jump_to_date() -> None:
    """The date box of a long period: go to the day typed (then clear the box)."""
    wanted = st.session_state.get("jump_to")
    if wanted is not None:
        st.session_state.day = wanted
        st.session_state.playing = False
    st.session_state.jump_to = None


def change_help(day: date, what: list[str]) -> str:
    """The change a previous/next button goes to: its date and what changes on the map then."""
    names = ", ".join(what[:6]) + (f" and {len(what) - 6} more" if len(what) > 6 else "")
    return md_escape(f"{short_date(day, True)}: {names}")


def toggle_play(dataset: Dataset) -> None:
    """Play from here (from the start if at the end), or pause. Each Play is a new request to the map."""
    if not st.session_state.playing:
        if st.session_state.day >= dataset.end:
            st.session_state.day = dataset.baseline
        st.session_state.play_request = st.session_state.get("play_request", 0) + 1
    st.session_state.playing = not st.session_state.playing


def strip(shown: dict[date, list[str]], dataset: Dataset) -> tuple[str, dict]:
    """The change strip's bucket ("week" or "month") and its chart, once per dataset version."""
    counts, bucket = change_strip(shown, dataset.baseline, dataset.end)
    return bucket, change_strip_spec(counts, bucket)


def time_controls(dataset: Dataset, ready: Prepared) -> date:
    """Slider, previous/next change, play and speed; returns the selected day."""
    period = ready.memo(("period",), dataset.period)
    with_year = period[0].year != period[-1].year
    if st.session_state.playing and st.session_state.day >= dataset.end:
        st.session_state.playing = False  # play ends on the last day (the map plays in the browser)
    stop_playing = lambda: st.session_state.update(playing=False)  # noqa: E731 - a person moved the date
    if len(period) > LONG_PERIOD_DAYS:
        # Years of days: a date slider (no list of every day sent on each run), a date box to jump, and a
        # strip of where the changes cluster.
        slider, jump = st.columns([4, 1], vertical_alignment="bottom")
        slider.slider(
            "Date",
            dataset.baseline,
            dataset.end,
            key="day",
            format="D MMM YYYY",
            on_change=stop_playing,
            help="Drag, or focus the slider and use the arrow keys",
        )
        jump.date_input(
            "Jump to a date",
            value=None,
            min_value=dataset.baseline,
            max_value=dataset.end,
            key="jump_to",
            on_change=jump_to_date,
            format="YYYY-MM-DD",
        )
    else:
        st.select_slider(
            "Date",
            options=period,
            key="day",
            on_change=stop_playing,
            format_func=lambda d: short_date(d, with_year),
            help="Drag, or focus the slider and use the arrow keys",
        )
    day = st.session_state.day
    shown = ready.memo(("shown-changes",), lambda: shown_change_dates(dataset))
    if len(period) > STRIP_FROM_DAYS:
        bucket, spec = ready.memo(("strip",), lambda: strip(shown, dataset))
        st.caption(f"Changes on the map per {bucket}: find the busy periods, then jump to them")
        st.vega_lite_chart(spec, width="stretch")
    stops = tuple(shown)
    before = [d for d in stops if d < day]
    after = [d for d in stops if d > day]
    back, play, forward, speed = st.columns([1.3, 1, 1.3, 1.8], vertical_alignment="bottom")
    back.button(
        "Previous change",
        icon=":material/skip_previous:",
        on_click=step_to_change,
        key="previous_change",
        args=(stops, False),
        width="stretch",
        disabled=not before,
        help=change_help(before[-1], shown[before[-1]]) if before else "No earlier change on the map",
    )
    playing = st.session_state.playing
    play.button(
        "Pause" if playing else "Play",
        icon=":material/pause:" if playing else ":material/play_arrow:",
        on_click=toggle_play,
        args=(dataset,),
        width="stretch",
        type="primary",
        key="play",
    )
    forward.button(
        "Next change",
        icon=":material/skip_next:",
        on_click=step_to_change,
        key="next_change",
        args=(stops, True),
        width="stretch",
        disabled=not after,
        help=change_help(after[0], shown[after[0]]) if after else "No later change on the map",
    )
    speed.segmented_control(
        "Play speed (days per second)",
        PLAY_SPEEDS,
        key="speed",
        format_func=lambda v: f"{v} d/s",
        label_visibility="collapsed",
        help="Play speed, in days per second",
    )
    return st.session_state.day


# ---------------------------------------------------------------------------------------------- the day's view


def take_map_value() -> None:
    """What the person did on the map (a click, a day played, Play ending, a pan), before this run draws
    anything: the page owns the view and the map only reports. Only the fields the map says changed are
    taken, each checked (a day in the period, a place in the data)."""
    value = map_value()
    if value.get("seq") is None or value.get("seq") == st.session_state.get("map_seq"):
        return
    st.session_state.map_seq = value["seq"]
    changed = set(value.get("changed") or ())
    first, last = st.session_state.period
    if "date" in changed:
        with contextlib.suppress(TypeError, ValueError):
            day = date.fromisoformat(value["date"])
            if first <= day <= last:
                st.session_state.day = day
    if "place" in changed and (value.get("place") is None or isinstance(value.get("place"), str)):
        st.session_state.place = value.get("place")
    if "playing" in changed and not value.get("playing"):
        st.session_state.playing = False
    if "view" in changed:
        st.session_state.map_view = value.get("view")
    if "events_pick" in changed and isinstance(value.get("events_pick"), dict):
        st.session_state.events_pick = value["events_pick"]


def place_picker(ready: Prepared) -> str | None:
    """The keyboard path to every place: a searchable list (all spellings are in the labels). A dataset of
    thousands of places gets a search box first, and the list holds its matches (or the biggest places):
    a list of every place would be sent to the browser on every step of the slider."""
    labels = ready.place_labels
    if st.session_state.get("place_picker") != st.session_state.place:
        st.session_state.place_picker = st.session_state.place
    options = list(labels)
    if len(labels) > LIST_EVERY_PLACE_UP_TO:
        query = st.text_input(
            f"Find any of the {len(labels):,} places", key="place_query", placeholder="Part of a name, then Enter"
        )
        options = place_options(ready, query)
        if st.session_state.place and st.session_state.place not in options:
            options.insert(0, st.session_state.place)
    st.selectbox(
        "Place",
        options=options,
        key="place_picker",
        format_func=labels.get,
        index=None,
        placeholder="Search a place by any spelling, or click one on the map",
        on_change=lambda: st.session_state.update(place=st.session_state.place_picker),
    )
    return st.session_state.place


def place_options(ready: Prepared, query: str) -> list[str]:
    """The list's entries in a big dataset: the places matching the search (any spelling), else the biggest."""
    if query.strip():
        return ready.memo(("find", query.strip()), lambda: [p.id for p in find_places(ready.dataset, query)][:200])
    return list(ready.place_labels)[:BIGGEST_PLACES]


def place_panel(ready: Prepared, place_id: str, today: Day) -> None:
    """Who holds the place on the day, since when, and its whole history with excerpts and citations."""
    dataset = ready.dataset
    place = dataset.place(place_id)
    st.markdown(f"### {md_escape(place.name)}")
    if place.name_ar:
        st.html(f'<div dir="rtl" lang="ar" class="cm-name-ar">{html.escape(place.name_ar)}</div>')
    holds, detail = panels.state_header(dataset, today.state(place_id), today.date)
    st.html(holds)
    st.caption(detail)
    if not place.is_shown:
        st.caption("Not drawn on the map: " + md_escape(place.note or "no sourced coordinate."))
    elif place.note:
        st.caption(md_escape(place.note))
    st.markdown("#### Control history")
    st.markdown(ready.memo(("history", place_id), lambda: panels.history_markdown(dataset, place_id)))
    if place.is_shown:
        st.caption(f"Coordinates: {place.lat:.4f}, {place.lon:.4f} ({md_escape(place.coord_source or '')})")


def map_as_text(ready: Prepared, today: Day) -> None:
    """The map in words. In a dataset of thousands of places the names come on request (a toggle): sent on
    every step of the slider, ten thousand names made each step several times slower."""
    dataset = ready.dataset
    every = len(dataset.places) <= LIST_EVERY_PLACE_UP_TO or st.toggle(
        f"List all {len(dataset.places):,} places by holder", key="text_every_place"
    )
    text = ready.memo(
        ("as-text", today.date, every),
        lambda: panels.map_as_text(dataset, today, area_rows(ready, today.date), every_place=every),
    )
    st.markdown(text)
    if not every:
        st.caption("Or find any place by name in the place search: it says who holds it and since when.")


@st.fragment
def day_view(catalog: Catalog) -> None:
    """Everything that depends on the date: controls, map, place panel, areas, recent changes, exports."""
    dataset = current_dataset(catalog, report=False)
    if dataset.fingerprint != st.session_state.get("fingerprint"):
        st.rerun(scope="app")  # the data changed on disk: the whole page follows
    ready = prepared(dataset.id, dataset.fingerprint, dataset)
    publish_payload(ready.days)  # (a stat: re-published if another process pruned it)
    take_map_value()
    map_column, side = st.columns([3, 2], gap="medium")
    with map_column:
        heading = st.container(key="date_heading")
        with st.container(key="time_box"):  # on a phone it folds below the map (page.css)
            day = time_controls(dataset, ready)
            since = compare_controls(dataset, day)
        heading.markdown(f"## {long_date(day)}")
        today = ready.days[day]
        speed = st.session_state.speed or DEFAULT_PLAY_SPEED
        play = (st.session_state.play_request, speed) if st.session_state.playing else None
        map_box = st.container(key="map_box")
        with st.container(key="events_box"):
            store = events_store(dataset.directory)
            query = events_controls(store, day)
        layer = events_layer_json(dataset.directory, query, map_zoom()) if query else None
        view = page_view(day, st.session_state.place, play=play, compare_from=since, events=layer)
        with map_box:
            show_map(document(ready), view)
        if query is not None:
            events_panel(store, query, st.session_state.get("events_pick"))
            with st.expander("Events over time", expanded=False):
                events_chart(store, query)
        if since is not None:
            st.markdown(comparison_markdown(ready, since, day))
        with st.expander("The map as text: who holds which places on this date"):
            map_as_text(ready, today)
    with side:
        place = place_picker(ready)
        if place:
            place_panel(ready, place, today)
            shown_place = dataset.place(place)
            if query is not None and shown_place.is_shown:
                events_near_place(store, query, shown_place.lat, shown_place.lon)
        else:
            st.info(
                "Click a place on the map, or search one above, to see who held it, since when, and the sources "
                "behind every change."
            )
    sync_link(dataset, catalog, day, place, link_params(query))
    areas, recent = st.columns([1, 1], gap="medium")
    with areas:
        st.markdown("#### Area held")
        st.markdown(ready.memo(("areas", day), lambda: panels.area_table_markdown(dataset, area_rows(ready, day))))
        st.caption(panels.area_caveat(dataset, day))
    with recent:
        st.markdown("#### Recent changes")
        window = st.slider(
            "Days before the date",
            1,
            min(60, (dataset.end - dataset.baseline).days),
            dataset.manifest.recent_change_days,
            key="recent_days",
        )
        st.markdown(ready.memo(("recent", day, window), lambda: panels.recent_changes_markdown(dataset, day, window)))
    export_section(dataset, ready, day)


# ---------------------------------------------------------------------------------------------- the page


def header(dataset: Dataset, catalog: Catalog) -> None:
    """Title, subtitle, dataset picker (when there is a choice) and any message about the link."""
    st.html(f"<style>{PAGE_CSS}</style>")
    title, picker = st.columns([3, 1], vertical_alignment="bottom")
    title.title(md_escape(dataset.manifest.title))
    intro = title.container(key="page_intro")
    intro.caption(md_escape(dataset.manifest.subtitle) + " Scrub the date, press play, click a place for its sources.")
    if len(catalog.folders) > 1:
        names = {dataset_id: dataset_id for dataset_id in catalog.folders}
        st.session_state.dataset_picker = st.session_state.dataset
        picker.selectbox("Dataset", list(names), key="dataset_picker", format_func=names.get, on_change=switch_dataset)
    for message in st.session_state.get("link_messages", []):
        st.warning(message)


def about(dataset: Dataset, ready: Prepared) -> None:
    """The chart over the whole period, the method and caveats, and every source."""
    st.markdown("#### Area over time")
    st.vega_lite_chart(chart_spec(dataset.id, dataset.fingerprint, ready), width="stretch")
    with st.expander("About the data and the method"):
        st.markdown(md_escape(method_note(dataset)))
        for caveat in dataset.manifest.caveats:
            st.markdown("- " + md_escape(caveat))
        st.markdown(
            "Every change cites its sources; excerpts are quoted verbatim from stored source texts and checked "
            "by the validator. Certainty: **confirmed** (two sources from different publishers, or the losing "
            "side admitted it), **reported** (one report or one side's claim), **disputed** (inferred, or "
            "sources disagree: the other versions are listed). Hatched land and pale markers rest on "
            "reported or disputed records."
        )
        st.caption(md_escape(credit_line(dataset)))
    with st.expander(f"All {len(dataset.sources)} sources"):
        st.markdown(panels.sources_markdown(dataset))


@st.fragment(run_every=timedelta(hours=1))
def rerun_after_reconnect() -> None:
    """Nothing to draw: a fragment that runs itself now and then makes Streamlit's page rerun the whole app
    when it reconnects to a restarted server (Streamlit does so for pages with timed fragments). Without it,
    a page whose last run was a full one keeps showing the old session's view, and its next slider step,
    a run of the day's fragment, is dropped by the new server, which has never run the page."""


def main() -> None:
    """The whole page."""
    st.set_page_config(
        page_title="Conflict map",
        page_icon="🗺️",
        layout="wide",
        menu_items={"Get help": None, "Report a bug": None, "About": "Conflict map dashboard (open source)."},
    )
    catalog = find_datasets(data_root())
    if not catalog.folders:
        st.error(f"No dataset found in {data_root()}: expected folders holding a dataset.json (see geodata/README.md).")
        st.stop()
    dataset = current_dataset(catalog)
    st.set_page_config(page_title=dataset.manifest.title)
    ready = prepared(dataset.id, dataset.fingerprint, dataset)
    init_view(dataset)
    header(dataset, catalog)
    day_view(catalog)
    about(dataset, ready)
    rerun_after_reconnect()
