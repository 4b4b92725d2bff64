"""Comparing two dates: only end states count, and the land that changed adds up to the zones' change."""

from datetime import date

import pytest

from dashboard.core.compare import compare
from dashboard.core.stats import area_by_controller


def test_places_that_changed_hands(mini_days):
    result = compare(mini_days, date(2024, 11, 26), date(2024, 12, 8))
    assert {c.place_id for c in result.places} == {"alpha", "beta", "zeta"}
    alpha = next(c for c in result.places if c.place_id == "alpha")
    assert (alpha.before.controller, alpha.after.controller) == ("GOV", "REB")


def test_a_place_that_changes_and_changes_back_is_not_a_change(tmp_path):
    import json
    import shutil

    from dashboard.core import Days, load_dataset
    from tests.conftest import MINI

    folder = shutil.copytree(MINI, tmp_path / "back")
    doc = json.loads((folder / "places.geojson").read_text(encoding="utf-8"))
    gamma = next(f for f in doc["features"] if f["id"] == "gamma")
    gamma["properties"]["control"] += [
        {"date": "2024-12-03", "controller": "GOV", "status": "held", "certainty": "reported", "sources": ["N2"]},
        {"date": "2024-12-06", "controller": "REB", "status": "held", "certainty": "reported", "sources": ["N2"]},
    ]
    (folder / "places.geojson").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    days = Days(load_dataset(folder))
    assert "gamma" not in {c.place_id for c in compare(days, date(2024, 12, 1), date(2024, 12, 8)).places}
    assert "gamma" in {c.place_id for c in compare(days, date(2024, 12, 1), date(2024, 12, 4)).places}


def test_gains_and_losses_match_the_zones(mini_days):
    start, end = date(2024, 11, 26), date(2024, 12, 12)
    result = compare(mini_days, start, end)
    before = area_by_controller(mini_days[start].territory).set_index("controller").area_km2
    after = area_by_controller(mini_days[end].territory).set_index("controller").area_km2
    for row in result.balance.itertuples():
        assert row.net_km2 == pytest.approx(after.get(row.controller, 0) - before.get(row.controller, 0), abs=0.01)
    assert result.areas.area_km2.sum() == pytest.approx(
        result.balance.gained_km2.sum() + _to_unassessed(result), rel=1e-6
    )


def _to_unassessed(result):
    return result.areas[result.areas.to_controller == ""].area_km2.sum()


def test_the_same_date_changes_nothing(mini_days):
    result = compare(mini_days, date(2024, 12, 5), date(2024, 12, 5))
    assert result.places == () and result.areas.empty and result.balance.empty


def test_reversed_dates_are_refused(mini_days):
    with pytest.raises(ValueError, match="after its second date"):
        compare(mini_days, date(2024, 12, 8), date(2024, 12, 5))
