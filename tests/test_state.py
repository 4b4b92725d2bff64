"""State at a date: controller, status, since when, and who held it before."""

from datetime import date

import pytest

from dashboard.core import DateOutOfRange, place_state, state_at, state_frame


def by_id(states):
    return {s.place.id: s for s in states}


def test_baseline_state(mini):
    states = by_id(state_at(mini, date(2024, 11, 26)))
    assert states["alpha"].controller == "GOV" and states["alpha"].previous_controller is None
    assert states["gamma"].controller == "REB"


def test_status_change_keeps_since(mini):
    alpha = place_state(mini.place("alpha"), date(2024, 12, 4))
    assert (alpha.controller, alpha.status, alpha.certainty) == ("GOV", "contested", "reported")
    assert alpha.since == date(2024, 11, 26), "a status change is not a change of controller"


def test_handover_sets_since_and_previous(mini):
    alpha = place_state(mini.place("alpha"), date(2024, 12, 10))
    assert alpha.controller == "REB"
    assert alpha.since == date(2024, 12, 5)
    assert alpha.previous_controller == "GOV"


def test_dated_confirmation_is_not_a_handover(mini):
    delta = place_state(mini.place("delta"), date(2024, 12, 7))
    assert delta.since == date(2024, 11, 26) and delta.previous_controller is None
    assert delta.record.date == date(2024, 12, 6)


@pytest.mark.parametrize("day", [date(2024, 11, 25), date(2024, 12, 13)])
def test_dates_outside_the_data_are_refused(mini, day):
    with pytest.raises(DateOutOfRange, match="choose a date from 2024-11-26 to 2024-12-12"):
        state_at(mini, day)


def test_state_frame_has_one_row_per_place(mini):
    frame = state_frame(state_at(mini, date(2024, 12, 5)))
    assert list(frame["id"]) == ["alpha", "beta", "gamma", "delta", "epsilon", "zeta"]
    assert frame.set_index("id").loc["alpha", "sources"] == "W1 N2"


def test_a_by_date_handover_keeps_its_precision(mini):
    zeta = place_state(mini.place("zeta"), date(2024, 12, 9))
    assert zeta.controller == "REB" and zeta.since == date(2024, 12, 7) and zeta.since_precision == "by"


def test_a_siege_does_not_change_the_controller(mini):
    zeta = place_state(mini.place("zeta"), date(2024, 12, 1))
    assert (zeta.controller, zeta.status, zeta.record.besieged_by) == ("GOV", "besieged", ["REB"])


def test_recent_means_changed_hands_within_the_window(mini):
    alpha = place_state(mini.place("alpha"), date(2024, 12, 7))
    assert alpha.is_recent(date(2024, 12, 7), 3) and not alpha.is_recent(date(2024, 12, 7), 2)
    assert not place_state(mini.place("gamma"), date(2024, 12, 7)).is_recent(date(2024, 12, 7), 30)


def test_days_states_scrubbed_back_and_forth_equal_each_place_worked_out_alone(whole_war):
    from dashboard.core import Days

    days = Days(whole_war, cache_size=2)  # a small cache: most days are worked out from the last one
    period = whole_war.period()
    middle = len(period) // 2
    order = [*range(middle, middle + 40), *range(middle + 40, middle - 40, -1), 0, len(period) - 1, middle, 5]
    for index in order:
        day = period[index]
        assert days[day].states == tuple(place_state(p, day) for p in whole_war.places), day


def test_a_days_territory_is_worked_out_when_first_read_and_kept(mini_days):
    day = mini_days[mini_days.keyframes[-1]]
    assert day.territory is day.territory
