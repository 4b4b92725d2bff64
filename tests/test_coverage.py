"""Coverage of the bundled maps (issue 19): unassessed land stays the exception on the dates a reader is
most likely to quote, and our shares stay near the published control estimates recorded in each dataset's
README. Figures, not timings: nothing here depends on speed."""

from __future__ import annotations

from datetime import date

import pytest
from shapely.geometry import Point, shape

from dashboard.core.stats import area_by_controller

#: Grey should be under a fifth of the country on every date the issue names.
MAX_UNASSESSED = 0.2
SYRIA_DATES = [date(2024, 11, 26), date(2024, 12, 8), date(2024, 12, 12)]
SUDAN_DATES = [date(2025, 1, 1), date(2025, 6, 30), date(2025, 10, 29), date(2025, 12, 31)]


def shares(days, day: date) -> dict[str, float]:
    table = area_by_controller(days[day].territory).set_index("controller")
    return table.share.to_dict()


@pytest.mark.parametrize("day", SYRIA_DATES, ids=lambda d: d.isoformat())
def test_syria_is_mostly_assessed(bundled_days, day):
    assert shares(bundled_days, day).get("", 0.0) < MAX_UNASSESSED


@pytest.mark.parametrize("day", SUDAN_DATES, ids=lambda d: d.isoformat())
def test_sudan_is_mostly_assessed(sudan_days, day):
    assert shares(sudan_days, day).get("", 0.0) < MAX_UNASSESSED


def test_syria_baseline_is_near_the_last_published_ratios(bundled_days):
    """Jusoor's last monthly ratios before the front froze in March 2020 (see geodata/syria-2024/README.md):
    government 63.8 %, SDF 25.6 %, opposition 11.0 %. Lines barely moved until 27 Nov 2024."""
    share = shares(bundled_days, date(2024, 11, 26))
    opposition = sum(share.get(f, 0.0) for f in ("HTS", "SNA", "SFA"))
    assert abs(share["GOV"] - 0.638) < 0.06
    assert abs(share["SDF"] - 0.256) < 0.05
    assert abs(opposition - 0.110) < 0.05


def test_sudan_in_october_is_near_the_published_estimates(sudan_days):
    """Anadolu (1 Oct 2025) quotes an analyst giving the army about 60 % and the RSF and allies about 40 %;
    a Chad-based research centre (20 Oct 2025) puts the RSF at 15-20 %. Ours must fall between them."""
    share = shares(sudan_days, date(2025, 10, 29))
    rsf_side = share.get("RSF", 0.0) + share.get("SPLMN", 0.0)
    assert 0.5 < share["SAF"] < 0.75
    assert 0.15 < rsf_side < 0.45


SUDAN_DARFUR = {"SD-DN", "SD-DS", "SD-DE", "SD-DW", "SD-DC"}


@pytest.mark.parametrize("day", [date(2025, 10, 29), date(2025, 12, 31)], ids=lambda d: d.isoformat())
def test_the_rsf_holds_the_five_darfur_states_after_el_fasher(sudan, sudan_days, day):
    """From El Fasher's fall the RSF holds every Darfur state. Until 24 Dec the Joint Forces' strip on the
    Chad border (a drawn area, inside Natural Earth's West and North Darfur) stays with the army's side."""
    territory = sudan_days[day].territory
    rsf = territory.zones[territory.zones.controller == "RSF"].union_all()
    strip = next(a.geometry for a in sudan.areas if a.id == "joint-forces-chad-border")
    for division in sudan.divisions:
        code = division["properties"]["id"]
        if code not in SUDAN_DARFUR:
            continue
        state = shape(division["geometry"])
        if day < date(2025, 12, 24):
            state = state.difference(strip)
        held = rsf.intersection(state).area / state.area
        assert held > 0.9, f"{code}: RSF holds {held:.0%} on {day}"


def test_red_sea_state_is_the_armys(sudan_days):
    territory = sudan_days[date(2025, 10, 29)].territory
    hits = territory.zones[territory.zones.contains(Point(36.0, 20.0))]  # inland Red Sea state
    assert list(hits.controller) == ["SAF"]
