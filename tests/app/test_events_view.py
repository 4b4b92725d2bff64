"""The Events controls, chart and panels under Streamlit's AppTest (the functions the page will call)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.core import load_dataset
from dashboard.core.io.event_import import import_events
from tests.event_files import HOSTILE, acled_row, dataset_copy, write_csv


def view(folder: str) -> None:
    """The page's events parts, in the order the page is expected to place them."""
    import json
    from datetime import date

    import streamlit as st

    from dashboard.ui import events_view as ev

    store = ev.events_store(folder)
    message = ev.seed_from_link(st.query_params.to_dict())
    if message:
        st.warning(message)
    query = ev.events_controls(store, date(2024, 12, 10))
    if query is not None:
        st.code(json.dumps(ev.link_params(query)), language=None)
        st.caption(f"layer: {json.loads(ev.events_layer_json(folder, query, 6))['total']} events")
        ev.events_chart(store, query)
        ev.events_panel(store, query, st.session_state.get("pick"))
        ev.events_near_place(store, query, 34.5, 36.5)


@pytest.fixture
def folder(tmp_path):
    target = dataset_copy(tmp_path)
    rows = [acled_row(i) for i in range(12)] + [acled_row(99, event_date="2024-12-10", notes=HOSTILE)]
    import_events(load_dataset(target), [write_csv(tmp_path / "acled.csv", rows)])
    return target


def app(folder, params: dict | None = None) -> AppTest:
    at = AppTest.from_function(view, args=(str(folder),), default_timeout=60)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_toggle_turns_the_layer_on_with_window_and_filters(folder):
    at = app(folder)
    toggle = at.toggle(key="events_on")
    assert "Events" in toggle.label and not toggle.value
    assert not at.radio and not at.code
    toggle.set_value(True).run()
    assert at.radio(key="events_window").value == "Last 7 days"
    assert '"events": "7"' in at.code[0].value
    assert at.caption[0].value == "layer: 8 events"  # 4 to 10 December: rows 3-9 and row 99
    assert at.multiselect(key="events_types").options == [
        "Battles",
        "Explosions/Remote violence",
        "Violence against civilians",
    ]
    assert len(at.get("vega_lite_chart")) == 1
    assert "Events within 25 km" in markdown(at)
    at.radio(key="events_window").set_value("Last 30 days").run()
    at.multiselect(key="events_types").set_value(["Battles"]).run()
    at.text_input(key="events_actor").set_value("southern").run()
    assert at.code[0].value == '{"events": "30", "ev_types": "Battles", "ev_actor": "southern"}'
    assert "Civilians" not in markdown(at).split("Events within")[1]


def test_picked_event_is_listed_escaped(folder):
    at = app(folder)
    at.toggle(key="events_on").set_value(True)
    at.session_state["pick"] = {"event": "acled:TST99"}
    at.run()
    text = markdown(at)
    assert "#### Event" in text and "\\<script\\>window" in text and "<script>" not in text
    assert "Source: Test Wire" in text and "ACLED" in text


def test_picked_cell_lists_its_events(folder):
    from datetime import date

    from dashboard.core.events import EventQuery
    from dashboard.core.io.event_store import EventStore

    cell = EventStore(folder).bins(EventQuery(end=date(2024, 12, 10), days=7), zoom=8)["cell"].iloc[0]
    at = app(folder)
    at.toggle(key="events_on").set_value(True)
    at.session_state["pick"] = {"cell": cell}
    at.run()
    assert "Events in this area, 2024-12-04 to 2024-12-10" in markdown(at)


def test_link_restores_window_and_filters(folder):
    at = app(folder, {"events": "3", "ev_types": "Battles", "ev_min": "2"})
    assert at.toggle(key="events_on").value
    assert at.radio(key="events_window").value == "Custom"
    assert at.number_input(key="events_days").value == 3
    assert at.code[0].value == '{"events": "3", "ev_types": "Battles", "ev_min": "2"}'


def test_no_events_imported_says_how(tmp_path):
    at = app(dataset_copy(tmp_path))
    at.toggle(key="events_on").set_value(True).run()
    assert "import-events" in at.caption[0].value and not at.radio


def test_unreadable_link_window_is_answered(folder):
    at = app(folder, {"events": "lots"})
    assert "not a number of days" in at.warning[0].value and not at.toggle(key="events_on").value
