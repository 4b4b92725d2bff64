"""A smoke test of the browserless Streamlit client the benchmarks and the load test use
(scripts/devkit/st_client.py), against a tiny app of its own on a real local server: a value round-trips
and the page shows it, and the server's CPU and memory are read. The client is a benchmark tool; `make
test` checks only that it still speaks the protocol (tests/e2e/test_load_quick.py runs a short load)."""

from __future__ import annotations

import asyncio
import concurrent.futures
import textwrap

import pytest

from scripts.devkit.server import StreamlitServer, process_cpu_seconds, process_rss_bytes
from scripts.devkit.st_client import (
    StreamlitClient,
)
from scripts.devkit.stats import percentile, summary

APP = textwrap.dedent("""
    from datetime import date, timedelta
    import streamlit as st

    days = [date(2024, 11, 26) + timedelta(days=i) for i in range(8)]
    short = lambda d: f"{d.day} {d:%b}"
    day = st.select_slider("Date", options=days, key="day", format_func=short)
    place = st.selectbox("Place", ["aleppo", "hama", "homs"], key="place_picker", index=None,
                         format_func=str.title)
    if st.button("Count"):
        st.session_state.clicks = st.session_state.get("clicks", 0) + 1
    if st.button("Boom"):
        raise RuntimeError("boom")
    if st.button("Twice") and not st.session_state.get("again"):
        st.session_state.again = True
        st.rerun()
    st.session_state.again = False
    st.markdown(f"### {day:%A} {day.day} {day:%B %Y}")
    st.markdown(f"day: {short(day)}; place: {place}; clicks: {st.session_state.get('clicks', 0)}")
    if st.query_params.get("date") != day.isoformat():  # only then is page_info_changed sent
        st.query_params["date"] = day.isoformat()
    st.markdown("big " * 4000)  # over global.minCachedMessageSize: cacheable, sent as a ref_hash when cached

    @st.fragment
    def part():
        if st.button("Inside"):
            st.session_state.inside = st.session_state.get("inside", 0) + 1
        st.markdown(f"inside: {st.session_state.get('inside', 0)}")

    part()
""")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    script = tmp_path_factory.mktemp("tiny_app") / "tiny_app.py"
    script.write_text(APP)
    with StreamlitServer(script=str(script)) as running:
        yield running


def shows_day(result, widget, option):
    """The client's verify hook: called after set_slider/select; only the day is checked here."""
    if widget.key != "day" or result.shows(f"day: {option};"):
        return None
    return f"the page does not show {option!r}"


def run(coroutine):
    """Run the client's coroutine in a thread of its own: Playwright's sync API (the end-to-end tests, earlier
    in the same session) leaves an event loop running in the main thread, where asyncio.run refuses to start."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, asyncio.wait_for(coroutine, 25)).result()


def test_slider_value_round_trips_and_is_shown(server):
    async def scenario():
        async with StreamlitClient(server.url, verify=shows_day) as client:
            page = await client.rerun()
            assert page.ok, page.errors
            day = client.widget("day")
            assert day.is_select_slider and day.label == "Date"
            assert day.options == ["26 Nov", "27 Nov", "28 Nov", "29 Nov", "30 Nov", "1 Dec", "2 Dec", "3 Dec"]
            assert page.shows("day: 26 Nov;") and client.value("day") == ["26 Nov"]
            assert page.query_string == "date=2024-11-26"
            latencies = []
            for option in ["1 Dec", "3 Dec", "27 Nov"]:
                step = await client.set_slider("day", option)
                assert step.ok, step.errors
                assert step.shows(f"day: {option};")
                assert client.value("Date") == [option]  # by label too
                assert 0 < step.latency < 5
                latencies.append(step.latency)
            assert client.query_string == "date=2024-11-27"  # echoed: the next run keeps it
            again = await client.rerun()
            assert again.query_string is None and again.shows("day: 27 Nov;")  # nothing to change
            assert summary(latencies)["n"] == 3 and percentile(latencies, 1.0) == max(latencies)

    run(scenario())


def test_server_cpu_and_memory_are_read(server):
    before = process_cpu_seconds(server.pid)

    async def steps():
        async with StreamlitClient(server.url) as client:
            await client.rerun()
            for option in client.widget("day").options:
                await client.set_slider("day", option)

    run(steps())
    assert process_cpu_seconds(server.pid) > before
    assert 10e6 < process_rss_bytes(server.pid) < 10e9
