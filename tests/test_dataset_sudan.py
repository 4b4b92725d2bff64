"""The Sudan 2025 dataset: what the issue asks to see, through the published command, and a clean partition
of the country on every distinct day of the year."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import SUDAN, exported_snapshot
from tests.test_territory import assert_front_lines_between_known_controllers, assert_partition


def places_on(day: str, tmp_path) -> dict[str, dict]:
    doc = exported_snapshot(tmp_path / f"sudan-{day}.geojson", day, "--data", str(SUDAN))
    return {f["id"]: f["properties"] for f in doc["features"] if f["properties"]["layer"] == "place"}


def test_wad_madani_is_the_armys_on_13_january(tmp_path):
    assert places_on("2025-01-13", tmp_path)["wad-madani"]["controller"] == "SAF"


def test_el_fasher_is_the_rsfs_on_29_october(tmp_path):
    places = places_on("2025-10-29", tmp_path)
    assert places["el-fasher"]["controller"] == "RSF"
    assert places_on("2025-10-01", tmp_path)["el-fasher"]["status"] == "besieged", "besieged before it fell"


def test_sieges_and_splits_do_not_change_the_holder(sudan):
    khartoum = sudan.place("khartoum").control[0]
    assert khartoum.status == "split" and khartoum.shared_with
    el_obeid = sudan.place("el-obeid").control[0]
    assert el_obeid.status == "besieged" and el_obeid.controller == "SAF" and el_obeid.besieged_by


def test_places_without_a_sourced_coordinate_are_listed_not_drawn(sudan):
    hidden = [p for p in sudan.places if not p.is_shown]
    assert hidden and all(p.note for p in hidden)


@pytest.mark.parametrize("index", range(0, 45, 4))
def test_zones_tile_sudan(sudan, sudan_days, index):
    keyframes = sudan_days.keyframes
    day = keyframes[min(index, len(keyframes) - 1)]
    territory = sudan_days[day].territory
    assert_partition(territory, sudan.outline)
    assert_front_lines_between_known_controllers(territory, sudan.outline)


def test_a_year_is_served_by_its_keyframes(sudan_days):
    assert len(sudan_days.keyframes) < 60 and sudan_days[date(2025, 7, 1)].keyframe <= date(2025, 7, 1)
