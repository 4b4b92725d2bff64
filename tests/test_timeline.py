from datetime import date

from dashboard.core import change_dates, changes_between, history


def test_change_dates_in_order(mini):
    assert change_dates(mini) == [date(2024, 12, d) for d in (4, 5, 6, 7, 8, 10)], "the region's end on 10 Dec counts"
    assert change_dates(mini, handovers_only=True) == [date(2024, 12, 5), date(2024, 12, 7), date(2024, 12, 8)]


def test_changes_between_is_half_open(mini):
    changes = changes_between(mini, date(2024, 12, 4), date(2024, 12, 8))
    assert [(c.place.id, c.record.date.day) for c in changes] == [("alpha", 5), ("delta", 6), ("zeta", 7), ("beta", 8)]
    assert changes[0].previous_controller == "GOV" and changes[0].is_handover
    assert not changes[1].is_handover


def test_history_starts_with_baseline(mini):
    entries = history(mini.place("alpha"))
    assert entries[0].previous_controller is None
    assert [e.record.controller for e in entries] == ["GOV", "GOV", "REB"]


def test_next_change_stops_only_where_the_map_changes(sudan):
    from dashboard.core.timeline import all_changes, shown_change_dates

    shown = shown_change_dates(sudan)
    hidden_only = (
        {c.record.date for c in all_changes(sudan) if not c.place.is_shown}
        - {c.record.date for c in all_changes(sudan) if c.place.is_shown}
        - {r.date for a in sudan.areas for r in a.control[1:]}
    )
    assert hidden_only, "the Sudan data has days when only places without coordinates change"
    assert not hidden_only & set(shown), "no stop lands on a day where nothing drawn changes"
    for day, what in shown.items():
        assert what, day
