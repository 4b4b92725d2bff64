"""Zones tile the country without overlaps; front lines separate different controllers only."""

from datetime import date

import pytest
import shapely

from dashboard.core import territory_at

DAYS = [date(2024, 11, 26), date(2024, 12, 5), date(2024, 12, 8), date(2024, 12, 12)]


def assert_partition(territory, outline):
    zones = list(territory.zones.geometry)
    total = sum(territory.zones.area_km2)
    assert total == pytest.approx(territory.outline_area_km2, rel=0.01)
    for i, a in enumerate(zones):
        for b in zones[i + 1:]:
            assert a.intersection(b).area < 1e-6 * outline.area, "zones overlap"
    assert shapely.union_all(zones).symmetric_difference(outline).area < 0.01 * outline.area


def assert_front_lines_between_zones(territory, outline):
    zones = territory.zones.set_index("controller").geometry
    for row in territory.front_lines.itertuples():
        assert row.side_a != row.side_b
        line = row.geometry
        assert line.length > 0
        point = line.interpolate(0.5, normalized=True)
        near = point.buffer(0.02)
        assert near.intersects(zones[row.side_a]) and near.intersects(zones[row.side_b])
        assert line.within(outline.buffer(1e-4))
        assert line.intersection(outline.boundary.buffer(1e-4)).length < 0.05 * line.length, "front on the border"


@pytest.mark.parametrize("day", DAYS)
def test_mini_zones_partition_the_country(mini, mini_cells, day):
    assert_partition(territory_at(mini, day, mini_cells), mini.outline)


@pytest.mark.parametrize("day", DAYS)
def test_mini_front_lines(mini, mini_cells, day):
    assert_front_lines_between_zones(territory_at(mini, day, mini_cells), mini.outline)


def test_zone_areas_follow_control(mini, mini_cells):
    before = territory_at(mini, date(2024, 12, 4), mini_cells).zones.set_index("controller").area_km2
    after = territory_at(mini, date(2024, 12, 5), mini_cells).zones.set_index("controller").area_km2
    assert after["REB"] > before["REB"] and after["GOV"] < before["GOV"]
    assert after.sum() == pytest.approx(before.sum())


def test_no_front_line_when_one_side_holds_everything(mini, mini_cells):
    territory = territory_at(mini, date(2024, 11, 26), mini_cells)
    assert set(territory.front_lines.side_a) | set(territory.front_lines.side_b) <= {"GOV", "REB", "KUR"}
    pairs = {(r.side_a, r.side_b) for r in territory.front_lines.itertuples()}
    assert ("GOV", "GOV") not in pairs
