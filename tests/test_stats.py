"""Statistics: area per controller and its daily change, and how often each source is cited."""

from datetime import date

from dashboard.core import build_cells
from dashboard.core.stats import area_change, area_timeseries, citation_counts


def test_citation_counts_count_records_in_first_cited_order(mini):
    counts = citation_counts(r for p in mini.places for r in p.control)
    assert list(counts)[0] == "N2", "alpha's first record cites N2 first"
    assert counts == {"N2": 9, "W1": 1}, "every record citing a source counts once"


def test_area_change_since_the_previous_day(mini):
    series = area_timeseries(mini, build_cells(mini))
    change = area_change(series, date(2024, 12, 5)).set_index("controller")
    assert change.loc["REB", "change_km2"] > 0 and change.loc["GOV", "change_km2"] < 0
    assert abs(change["change_km2"].sum()) < 1e-6, "what one side gains the other loses"
