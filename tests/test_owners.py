"""The sparse owner timeline: any day rebuilt from checkpoints and deltas equals a from-scratch computation,
the day caches stay within their bound, and the array-built area series equals the per-day one."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.core import Days
from dashboard.core.owners import CHECKPOINT
from dashboard.core.state import area_record, place_state
from dashboard.core.stats import area_by_controller, area_timeseries
from dashboard.core.territory import assign


def from_scratch(days: Days, day: date):
    """The assignment computed directly from every record in force, as before the sparse timeline."""
    dataset = days.dataset
    records = [place_state(p, day).record for p in dataset.places]
    return assign(days.partition, records, [area_record(a, day) for a in dataset.areas])


def assert_day_matches(days: Days, day: date) -> None:
    expected = from_scratch(days, day)
    got = days[day]
    assert got.assignment.controllers.tolist() == expected.controllers.tolist(), day
    assert got.assignment.certain.tolist() == expected.certain.tolist(), day
    assert [s.record for s in got.states] == [place_state(p, day).record for p in days.dataset.places]


def random_days(days: Days):
    span = (days.dataset.end - days.dataset.baseline).days
    return st.integers(0, span).map(lambda n: days.dataset.baseline + timedelta(days=n))


@pytest.mark.parametrize("fixture", ["mini_days", "bundled_days", "sudan_days", "whole_war_days"])
def test_a_day_equals_a_from_scratch_computation(fixture, request):
    days = request.getfixturevalue(fixture)

    @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    @given(random_days(days))
    def check(day):
        assert_day_matches(days, day)

    check()
    assert_day_matches(days, days.dataset.end)


def test_the_generated_war_has_enough_keyframes_to_use_checkpoints(whole_war_days):
    owners = whole_war_days.owners
    assert len(owners.keyframes) > 2 * CHECKPOINT and len(owners.checkpoints) >= 3
    assert owners.change_count < len(owners.keyframes) * len(whole_war_days.partition.pieces) / 20, "sparse"


def test_the_day_caches_never_exceed_their_bound(whole_war):
    days = Days(whole_war, cache_size=3)
    for day in days.keyframes[:: max(1, len(days.keyframes) // 12)]:
        days[day]
    day_cache, territory_cache = days.cache_info()
    assert day_cache.misses >= 10, "the walk visited many keyframes"
    assert day_cache.currsize <= 3 and territory_cache.currsize <= 3


def per_day_series(days: Days) -> pd.DataFrame:
    """The area series as it was computed before: the area table of every calendar day."""
    rows = []
    for day in days:
        for row in area_by_controller(day.territory).itertuples():
            rows.append((day.date, row.controller, row.area_km2, row.confirmed, row.uncertain))
    return pd.DataFrame(rows, columns=["date", "controller", "area_km2", "confirmed_km2", "uncertain_km2"])


@pytest.mark.parametrize("fixture", ["mini_days", "bundled_days"])
def test_the_area_series_equals_the_per_day_computation(fixture, request):
    days = request.getfixturevalue(fixture)
    key = ["date", "controller"]
    new = area_timeseries(days).sort_values(key).reset_index(drop=True)
    old = per_day_series(days).sort_values(key).reset_index(drop=True)
    assert new[key].equals(old[key])
    for column in ("area_km2", "confirmed_km2", "uncertain_km2"):
        assert np.allclose(new[column], old[column], rtol=1e-9, atol=1e-6), column


def test_the_incremental_area_matrix_equals_a_bincount_of_every_keyframe(whole_war_days):
    owners, km2 = whole_war_days.owners, whole_war_days.partition.areas_km2
    matrix = owners.area_matrix(km2)
    width = matrix.shape[1]
    for k in range(len(owners.keyframes)):
        expected = np.bincount(owners.owners(k) + 1, weights=km2, minlength=width)
        assert np.allclose(matrix[k], expected, rtol=1e-9, atol=1e-6), k
        assert ((matrix[k] > 0) == (expected > 1e-9)).all(), "a side with no land has exactly none"
