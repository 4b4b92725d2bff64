"""Pausing the cyclic collector while a dataset is built: nested pauses, threads, and resuming as found."""

from __future__ import annotations

import gc
import threading

import pytest

from dashboard.core.collector import collector_paused


@pytest.fixture(autouse=True)
def collector_running():
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_a_pause_stops_the_collector_and_resumes_it_even_after_an_error():
    with pytest.raises(ValueError), collector_paused():
        assert not gc.isenabled()
        raise ValueError
    assert gc.isenabled()


def test_nested_pauses_resume_only_when_the_last_one_ends():
    with collector_paused():
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled(), "the outer pause is still on"
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off():
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()


def test_overlapping_pauses_on_two_threads_leave_the_collector_running():
    first_in, second_done = threading.Event(), threading.Event()

    def first():
        with collector_paused():
            first_in.set()
            second_done.wait(5)

    thread = threading.Thread(target=first)
    thread.start()
    first_in.wait(5)
    with collector_paused():  # begins after the first and ends before it
        pass
    assert not gc.isenabled(), "the first thread's pause is still on"
    second_done.set()
    thread.join(5)
    assert gc.isenabled()


def test_a_decorated_function_runs_paused():
    @collector_paused()
    def build() -> bool:
        return gc.isenabled()

    assert build() is False
    assert gc.isenabled()
