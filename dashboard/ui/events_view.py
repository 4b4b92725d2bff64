"""The page's Events parts, called by the page (ui/page.py) with plain arguments:

- `events_controls(store, day)`: the **Events** toggle, the window and the filters; returns an EventQuery
  (or None while the layer is off). `link_params(query)` gives the link's parameters, and
  `seed_from_link(params)` restores the controls from a link (call it before `events_controls`).
- `events_chart(store, query)`: counts over time by type, with the slider's day and the window marked.
- `events_panel(store, query, pick)`: the events of a clicked bin (`{"cell": id}`) or point (`{"event": key}`).
- `events_near_place(store, query, lat, lon)`: the window's events near a place, for its panel.
- `events_layer_json(dataset_dir, query, zoom)`: the map layer's data (points or grid bins) as JSON,
  cached per window, filters and zoom; `render.events_layer.layer_script(json or None)` is the line the
  map's per-run script appends (it calls `window.conflictMapEvents.show(...)`, made once by the map's init
  with `ConflictMap.eventsLayerFor(map)`).
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from datetime import date
from pathlib import Path

import streamlit as st

from ..core.events import EventQuery, events_dir
from ..core.io.event_store import EventStore
from ..render.event_chart import events_chart_spec
from ..render.event_text import events_markdown
from ..render.events_layer import layer_json

TOGGLE_LABEL = "Events: conflict events (ACLED, UCDP) in a window ending on the map's date"
WINDOWS = {"The day": 1, "Last 7 days": 7, "Last 30 days": 30, "Custom": None}
NEAR_KM = 25
_KEYS = ("events_on", "events_window", "events_days", "events_types", "events_sub_types", "events_actor", "events_min")


@st.cache_resource(show_spinner=False, max_entries=4)
def _store(folder: str, stamp: tuple) -> EventStore:
    return EventStore(folder)


def events_store(dataset_dir: str | Path) -> EventStore:
    """The dataset's event store, reopened when an import rewrites its files (keyed by their mtimes)."""
    folder = events_dir(dataset_dir)
    stamp = tuple(sorted((p.name, p.stat().st_mtime_ns) for p in folder.glob("*.parquet"))) if folder.is_dir() else ()
    return _store(str(dataset_dir), stamp)


@st.cache_data(show_spinner=False, max_entries=512)
def _layer_json(folder: str, stamp: tuple, query: EventQuery, zoom: int) -> bytes:
    return layer_json(_store(folder, stamp), query, zoom)


def events_layer_json(dataset_dir: str | Path, query: EventQuery, zoom: int) -> bytes:
    """The map's events data for a window, filters and zoom; scrubbing back over a day costs nothing.

    Bounded: at most 512 windows are kept, each a few tens of kB (points are capped, bins are few)."""
    folder = events_dir(dataset_dir)
    stamp = tuple(sorted((p.name, p.stat().st_mtime_ns) for p in folder.glob("*.parquet"))) if folder.is_dir() else ()
    return _layer_json(str(dataset_dir), stamp, query, int(zoom))


def window_days(state: Mapping) -> int:
    """The window's length in days from the window choice (and the custom number)."""
    chosen = WINDOWS.get(state.get("events_window", "Last 7 days"), 7)
    return int(chosen if chosen is not None else state.get("events_days", 14))


def events_controls(store: EventStore, day: date) -> EventQuery | None:
    """The Events toggle and, when on, the window and filters; the query for the map, chart and panels."""
    if not st.toggle(TOGGLE_LABEL, key="events_on"):
        return None
    if store.empty:
        st.caption(
            "No events imported for this dataset. Import ACLED or UCDP exports with "
            "`conflict-map import-events FILE... --data DIR`."
        )
        return None
    st.radio("Events window", list(WINDOWS), index=1, horizontal=True, key="events_window")
    if st.session_state.get("events_window") == "Custom":
        st.number_input("Days in the window", min_value=1, max_value=366, value=14, key="events_days")
    kinds = store.types()
    types = st.multiselect("Event types", list(kinds), key="events_types", placeholder="All types")
    subs = sorted({s for t in (types or kinds) for s in kinds.get(t, [])})
    sub_types = st.multiselect("Sub-types", subs, key="events_sub_types", placeholder="All sub-types")
    actor = st.text_input("Actor contains", key="events_actor")
    least = st.number_input("At least this many fatalities", min_value=0, max_value=100000, value=0, key="events_min")
    return EventQuery(
        end=day,
        days=window_days(st.session_state),
        types=tuple(types),
        sub_types=tuple(s for s in sub_types if s in subs),
        actor=actor,
        min_fatalities=int(least),
    )


def link_params(query: EventQuery | None) -> dict[str, str]:
    """The query parameters a link needs to reopen the same window and filters (empty when Events is off)."""
    if query is None:
        return {}
    params = {"events": str(query.days)}
    if query.types:
        params["ev_types"] = "|".join(query.types)
    if query.sub_types:
        params["ev_sub"] = "|".join(query.sub_types)
    if query.actor:
        params["ev_actor"] = query.actor
    if query.min_fatalities:
        params["ev_min"] = str(query.min_fatalities)
    return params


def seed_from_link(params: Mapping[str, str], state: MutableMapping | None = None) -> str | None:
    """Set the controls from a link's parameters, once per session (later the widgets lead); a message
    for the page to show when the link's window cannot be read."""
    state = st.session_state if state is None else state
    if "events" not in params or state.get("events_seeded"):
        return None
    state["events_seeded"] = True
    try:
        days = max(1, min(366, int(params["events"])))
    except ValueError:
        shown = str(params["events"])[:40]
        return f"The link's events window {shown!r} is not a number of days; Events are off."
    named = {v: k for k, v in WINDOWS.items() if v}
    state["events_on"] = True
    state["events_window"] = named.get(days, "Custom")
    state["events_days"] = days
    state["events_types"] = [t for t in params.get("ev_types", "").split("|") if t]
    state["events_sub_types"] = [t for t in params.get("ev_sub", "").split("|") if t]
    state["events_actor"] = params.get("ev_actor", "")
    try:
        state["events_min"] = max(0, int(params.get("ev_min", "0")))
    except ValueError:
        state["events_min"] = 0
    return None


def events_chart(store: EventStore, query: EventQuery) -> None:
    """Weekly counts by type over the period (the query's filters), the window and the day marked."""
    counts = store.counts(query, by="week")
    if counts.empty:
        st.caption("No events match these filters in the dataset's period.")
        return
    st.vega_lite_chart(events_chart_spec(counts, query.end, query.start), width="stretch")


def events_panel(store: EventStore, query: EventQuery, pick: Mapping | None) -> None:
    """The events of a picked bin or point, escaped, with the providers' credit."""
    if not pick:
        return
    if "cell" in pick:
        events = store.in_cell(query, str(pick["cell"]))
        heading = f"Events in this area, {_window_words(query)}"
    else:
        events = store.rows([str(pick["event"])])
        heading = "Event"
    st.markdown(f"#### {heading}")
    st.markdown(events_markdown(events, "No event matches (the window or filters changed)."))


def events_near_place(store: EventStore, query: EventQuery, lat: float, lon: float, km: float = NEAR_KM) -> None:
    """The window's events within `km` of a place: evidence beside its control record."""
    events = store.near(lat, lon, km, query)
    st.markdown(f"**Events within {km:g} km, {_window_words(query)}: {len(events):,}**")
    if not events.empty:
        st.markdown(events_markdown(events))


def _window_words(query: EventQuery) -> str:
    if query.days <= 1:
        return f"on {query.end.isoformat()}"
    return f"{query.start.isoformat()} to {query.end.isoformat()}"


__all__ = [
    "TOGGLE_LABEL",
    "events_chart",
    "events_layer_json",
    "events_controls",
    "events_near_place",
    "events_panel",
    "events_store",
    "link_params",
    "seed_from_link",
]
