"""Statistics: area per controller (firm and less certain) and its daily change, citations."""

from datetime import date

import pytest

from dashboard.core.stats import area_by_controller, area_change, area_timeseries, citation_counts, round_area


def test_citation_counts_count_records_in_first_cited_order(mini):
    counts = citation_counts(r for p in mini.places for r in p.control)
    assert list(counts)[0] == "N2", "alpha's first record cites N2 first"
    assert counts["W1"] == 1 and counts["N2"] == 11, "every record citing a source counts once"


def test_area_table_adds_up_to_the_country(mini_days):
    territory = mini_days[date(2024, 12, 8)].territory
    table = area_by_controller(territory)
    assert table.area_km2.sum() == pytest.approx(territory.outline_area_km2, rel=0.001)
    factions = table[table.controller != ""]
    assert (factions.confirmed + factions.uncertain == factions.area_km2).all()
    assert "" in set(table.controller), "unassessed land is a row of its own"


def test_unassessed_land_is_in_neither_certainty_column(mini_days):
    territory = mini_days[date(2024, 12, 8)].territory
    assert territory.unassessed_km2 > 0, "the fixture must have unassessed land for this test to mean anything"
    row = area_by_controller(territory).set_index("controller").loc[""]
    assert row.confirmed == 0 and row.uncertain == 0, "no record claims unassessed land: not 'reported or disputed'"
    assert row.area_km2 == pytest.approx(territory.unassessed_km2)
    change = area_change(area_timeseries(mini_days), date(2024, 12, 8)).set_index("controller")
    assert change.loc["", "uncertain_km2"] == 0 and change.loc["", "area_km2"] > 0


def test_area_table_shows_unassessed_land_outside_the_reported_column(mini, mini_days):
    from dashboard.ui.panels import area_table_markdown

    rows = area_change(area_timeseries(mini_days), date(2024, 12, 8))
    line = next(line for line in area_table_markdown(mini, rows).splitlines() if line.startswith("| Unassessed"))
    cells = [c.strip() for c in line.strip("|").split("|")]
    assert cells[1] == cells[2] == "\N{EM DASH}", line
    assert "km²" in cells[0], "the unassessed area is still given, beside the name"


def test_area_change_since_the_previous_day(mini_days):
    series = area_timeseries(mini_days)
    change = area_change(series, date(2024, 12, 5)).set_index("controller")
    assert change.loc["REB", "change_km2"] > 0 and change.loc["GOV", "change_km2"] < 0
    assert abs(change["change_km2"].sum()) < 1e-6, "what one side gains the other loses"


def test_areas_are_rounded_to_what_the_method_supports():
    assert round_area(52_449) == 52_400 and round_area(49) == 0
