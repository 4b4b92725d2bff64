"""Territory: pieces tile the country, reach limits what a place says, areas override or fill, unassessed
land is counted apart, and front lines run only between different known controllers."""

from datetime import date

import pytest
import shapely

from dashboard.core import UNASSESSED
from dashboard.core.geometry import projection_for

DAYS = [date(2024, 11, 26), date(2024, 12, 5), date(2024, 12, 8), date(2024, 12, 12)]


def assert_partition(territory, outline):
    """Zones and unassessed land tile the outline: no overlap, no gap."""
    shapes = [*territory.zones.geometry, territory.unassessed]
    total = sum(territory.zones.area_km2) + territory.unassessed_km2
    assert total == pytest.approx(territory.outline_area_km2, rel=0.001)
    for i, a in enumerate(shapes):
        for b in shapes[i + 1 :]:
            assert a.intersection(b).area < 1e-6 * outline.area, "zones overlap"
    assert shapely.union_all(shapes).symmetric_difference(outline).area < 0.005 * outline.area


def assert_front_lines_between_known_controllers(territory, outline):
    """Every front separates two different factions' land, never unassessed land, never the border."""
    zones = territory.zones.dissolve("controller").geometry
    for row in territory.front_lines.itertuples():
        assert row.side_a != row.side_b and UNASSESSED not in (row.side_a, row.side_b)
        line = row.geometry
        assert line.length > 0
        near = line.interpolate(0.5, normalized=True).buffer(0.01)
        assert near.intersects(zones[row.side_a]) and near.intersects(zones[row.side_b])
        assert line.within(outline.buffer(1e-4))
        assert line.intersection(outline.boundary.buffer(1e-4)).length < 0.05 * line.length, "front on the border"
        assert line.intersection(territory.unassessed.buffer(-1e-4)).length == 0, "front inside unassessed land"


@pytest.mark.parametrize("day", DAYS)
def test_mini_pieces_partition_the_country(mini, mini_days, day):
    assert_partition(mini_days[day].territory, mini.outline)


@pytest.mark.parametrize("day", DAYS)
def test_mini_front_lines(mini, mini_days, day):
    assert_front_lines_between_known_controllers(mini_days[day].territory, mini.outline)


def test_no_place_colours_land_beyond_its_reach(mini, mini_days):
    projection = projection_for(mini.outline)
    partition = mini_days.partition
    for piece, place_index, zones in zip(partition.pieces, partition.place_index, partition.zones):
        if place_index < 0 or zones:
            continue
        place = mini.places[place_index]
        centre = projection.forward(shapely.Point(place.lon, place.lat))
        farthest = shapely.hausdorff_distance(projection.forward(piece), centre)
        assert farthest <= mini.manifest.territory.reach_km * 1000 * 1.01


def test_unassessed_land_is_counted_apart(mini_days):
    territory = mini_days[date(2024, 12, 12)].territory
    assert territory.unassessed_km2 > 0, "the mini dataset's corners are beyond every place's reach"
    assert UNASSESSED not in set(territory.zones.controller)


def test_a_zone_overrides_the_places_under_it(mini, mini_days):
    pocket = next(a for a in mini.areas if a.id == "kur-pocket").geometry
    inside = pocket.centroid
    for day in DAYS:
        zones = mini_days[day].territory.zones
        holder = zones[zones.contains(inside)].controller.tolist()
        assert holder == ["KUR"], "gamma (REB) is nearest, but the zone says KUR"


def test_a_region_fills_only_unreached_land_and_can_end(mini, mini_days):
    strip = next(a for a in mini.areas if a.id == "north-strip").geometry
    corner = shapely.Point(36.02, 34.98)  # in the strip, beyond every place's reach
    near_alpha = shapely.Point(36.5, 34.95)  # in the strip, within alpha's reach: alpha decides
    assert strip.contains(corner) and strip.contains(near_alpha)
    before = mini_days[date(2024, 12, 9)].territory
    assert before.zones[before.zones.contains(corner)].controller.tolist() == ["GOV"]
    assert before.zones[before.zones.contains(near_alpha)].controller.tolist() == ["REB"], "alpha is REB from 5 Dec"
    after = mini_days[date(2024, 12, 10)].territory
    assert after.unassessed.contains(corner), "from 10 Dec the region makes no claim"


def test_certainty_splits_zones(mini_days):
    zones = mini_days[date(2024, 12, 8)].territory.zones
    beta = zones[(zones.controller == "REB") & ~zones.certain]
    assert len(beta) == 1, "beta rests on a disputed record: its land is the uncertain REB zone"
    assert zones[(zones.controller == "REB") & zones.certain].area_km2.sum() > 0


def test_days_between_keyframes_share_the_territory(mini_days):
    assert mini_days[date(2024, 12, 11)].territory is mini_days[date(2024, 12, 10)].territory
    assert mini_days[date(2024, 12, 11)].keyframe == date(2024, 12, 10)


def test_zone_areas_follow_control(mini_days):
    before = mini_days[date(2024, 12, 4)].territory.zones.groupby("controller").area_km2.sum()
    after = mini_days[date(2024, 12, 5)].territory.zones.groupby("controller").area_km2.sum()
    assert after["REB"] > before["REB"] and after["GOV"] < before["GOV"]
    assert after.sum() == pytest.approx(before.sum())
