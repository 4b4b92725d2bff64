"""What changed hands between two dates: places, land, and km² gained and lost per faction.

A change is judged by comparing the two end states only: a place that changed hands and changed back
within the window has not changed (its history still shows both steps). Land is compared piece by piece
on the same partition as the map, so the gained and lost areas add up exactly to the zones' difference.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from .days import Days
from .drawn_territory import GRID_DEG, km2, polygons_of
from .geometry import WGS84
from .state import PlaceState, check_in_period
from .territory import MIN_PIECE_KM2, UNASSESSED, Territory


@dataclass(frozen=True)
class PlaceChange:
    """A place held by different controllers on the two dates."""

    before: PlaceState
    after: PlaceState

    @property
    def place_id(self) -> str:
        """The id of the place that changed hands."""
        return self.after.place.id


@dataclass(frozen=True)
class Comparison:
    """The difference between the map on `start` and the map on `end`."""

    start: date
    end: date
    places: tuple[PlaceChange, ...]
    areas: gpd.GeoDataFrame  # from_controller, to_controller ("" = unassessed), area_km2, geometry
    balance: pd.DataFrame  # controller, gained_km2, lost_km2, net_km2 (largest gain first)


def compare(days: Days, start: date, end: date) -> Comparison:
    """Compare the map on `start` with the map on `end` (ValueError if start is after end)."""
    dataset = days.dataset
    check_in_period(dataset, start)
    check_in_period(dataset, end)
    if start > end:
        raise ValueError(f"the comparison's first date {start} is after its second date {end}")
    before, after = days[start], days[end]
    places = tuple(PlaceChange(b, a) for b, a in zip(before.states, after.states) if b.controller != a.controller)
    if days.drawn_key(days.keyframe_index(start)) or days.drawn_key(days.keyframe_index(end)):
        # Drawn land does not follow the partition's pieces: compare the two maps' land by overlay.
        land = _changed_land_by_overlay(days, before.territory, after.territory)
    else:
        land = _changed_land(days, before.assignment.controllers, after.assignment.controllers)
    return Comparison(start, end, places, land, _balance(days, land))


def _changed_land(days: Days, old, new) -> gpd.GeoDataFrame:
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, (a, b) in enumerate(zip(old.tolist(), new.tolist())):
        if a != b:
            groups[(a, b)].append(index)
    partition = days.partition
    rows = [
        {
            "from_controller": a,
            "to_controller": b,
            "area_km2": float(partition.areas_km2[ix].sum()),
            "geometry": shapely.union_all(partition.pieces[ix]),
        }
        for (a, b), ix in sorted(groups.items())
    ]
    return gpd.GeoDataFrame(
        rows, columns=["from_controller", "to_controller", "area_km2", "geometry"], geometry="geometry", crs=WGS84
    )


def _changed_land_by_overlay(days: Days, before: Territory, after: Territory) -> gpd.GeoDataFrame:
    """Each (old, new) controller pair's land as the overlay of the two days' merged land."""
    old, new = _land_by_controller(before), _land_by_controller(after)
    rows = []
    for a, b in ((a, b) for a in sorted(old) for b in sorted(new) if a != b):
        if not old[a].intersects(new[b]):
            continue
        shared = polygons_of(shapely.intersection(old[a], new[b], grid_size=GRID_DEG))
        area = float(km2([shared], days.projection)[0]) if not shared.is_empty else 0.0
        if area >= MIN_PIECE_KM2:
            rows.append({"from_controller": a, "to_controller": b, "area_km2": area, "geometry": shared})
    return gpd.GeoDataFrame(
        rows, columns=["from_controller", "to_controller", "area_km2", "geometry"], geometry="geometry", crs=WGS84
    )


def _land_by_controller(territory: Territory) -> dict[str, BaseGeometry]:
    land = {
        c: shapely.union_all(list(g.geometry), grid_size=GRID_DEG) for c, g in territory.zones.groupby("controller")
    }
    if not territory.unassessed.is_empty:
        land[UNASSESSED] = territory.unassessed
    return land


def _balance(days: Days, land: gpd.GeoDataFrame) -> pd.DataFrame:
    """km² gained and lost per faction, from the changed land (each row counts for both sides)."""
    gained: dict[str, float] = defaultdict(float)
    lost: dict[str, float] = defaultdict(float)
    for a, b, area in zip(land["from_controller"], land["to_controller"], land["area_km2"]):
        if b != UNASSESSED:
            gained[b] += area
        if a != UNASSESSED:
            lost[a] += area
    factions = [f for f in days.dataset.factions if f in gained or f in lost]
    frame = pd.DataFrame(
        {"controller": factions, "gained_km2": [gained[f] for f in factions], "lost_km2": [lost[f] for f in factions]}
    )
    frame["net_km2"] = frame["gained_km2"] - frame["lost_km2"]
    return frame.sort_values("net_km2", ascending=False).reset_index(drop=True)
