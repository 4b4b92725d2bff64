"""Drawn territory on a day: drawn shapes are the land they cover, the derived map fills the rest.

An analyst's drawn control polygon is better evidence than land inferred from the nearest place, so on
a day with active drawn shapes each shape (clipped to the outline) is its controller's land, the derived
zones count only outside the union of the shapes, and land neither reaches stays unassessed.

The partition stays date-independent: the drawn union is cut out of a day's derived zones (one
vectorised overlay per zone) when that keyframe is first asked for, and `Days` caches the result in its
LRU. Overlays run on a 1e-6 degree grid (about 0.1 m; drawn coordinates are on the 1e-5 grid, so they
keep their vertices) so that a drawn shape and the derived land cut along it share exact boundary lines,
from which the front lines are read. Areas are measured in the dataset's equal-area projection.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from .drawn import DrawnShape
from .geometry import Projection
from .model import Place
from .territory import UNASSESSED, FrontLine, Partition, Territory, Zone

#: Overlay grid in degrees: fine enough not to move land, coarse enough that shared edges match exactly.
GRID_DEG = 1e-6
#: Derived land left outside the drawn union that adds up to less than this per (controller, certainty),
#: km², is a sliver: the partition's outline (projected, densified, on a 1 m grid) and the drawn shapes'
#: (clipped to the WGS84 outline) differ by metres along the border. It is counted as no one's land.
SLIVER_KM2 = 1.0
#: Densify lines (degrees) before projecting, so that a long edge stays on its curve in the projection.
_SEGMENT_DEG = 0.05


@dataclass(frozen=True)
class DrawnLand:
    """The day's drawn shapes as land: one row per shape, without overlaps, clipped to the outline."""

    controllers: tuple[str, ...]
    certain: tuple[bool, ...]
    shapes: tuple[BaseGeometry, ...]  # WGS84, on GRID_DEG
    areas_km2: tuple[float, ...]
    union: BaseGeometry  # WGS84, on GRID_DEG


def km2(geoms, projection: Projection) -> np.ndarray:
    """Areas in km² in the equal-area projection (lines densified first, as the partition does)."""
    return shapely.area(projection.forward(shapely.segmentize(np.asarray(geoms, dtype=object), _SEGMENT_DEG))) / 1e6


def drawn_land(shapes: list[DrawnShape], outline: BaseGeometry, projection: Projection) -> DrawnLand:
    """Each active shape clipped to the outline, minus the shapes before it (series order): contested
    overlaps count once, for the first series, so areas add up to the land."""
    taken = shapely.Polygon()
    controllers, certain, kept = [], [], []
    for item in shapes:
        clipped = polygons_of(shapely.intersection(item.geometry, outline, grid_size=GRID_DEG))
        own = polygons_of(shapely.difference(clipped, taken, grid_size=GRID_DEG))
        if own.is_empty:
            continue
        taken = shapely.union(taken, own, grid_size=GRID_DEG)
        controllers.append(item.controller)
        certain.append(item.certainty == "confirmed")
        kept.append(own)
    areas = tuple(km2(kept, projection).tolist()) if kept else ()
    return DrawnLand(tuple(controllers), tuple(certain), tuple(kept), areas, taken)


def derived_outside_km2(partition: Partition, codes: np.ndarray, cut: np.ndarray, width: int) -> np.ndarray:
    """km² per owner code + 1 (column 0 unassessed) of the derived land outside the drawn union, slivers
    (SLIVER_KM2) dropped: the one place both the area series and the territory read it from."""
    row = np.bincount(codes + 1, weights=partition.areas_km2 - cut, minlength=width)
    row[row < SLIVER_KM2] = 0.0
    return row


def cut_km2(partition: Partition, union: BaseGeometry, projection: Projection) -> np.ndarray:
    """Per piece of the partition: its km² under the drawn union (the land the derived map gives up)."""
    out = np.zeros(len(partition.pieces))
    if union.is_empty:
        return out
    shapely.prepare(union)
    near = shapely.STRtree(partition.pieces).query(union, predicate="intersects")
    inside = shapely.contains_properly(union, partition.pieces[near])
    out[near[inside]] = partition.areas_km2[near[inside]]
    edge = near[~inside]
    if len(edge):
        out[edge] = km2(shapely.intersection(partition.pieces[edge], union, grid_size=GRID_DEG), projection)
    return np.minimum(out, partition.areas_km2)


def territory_with_drawn(
    base: Territory,
    partition: Partition,
    land: DrawnLand,
    derived_km2: dict[tuple[str, bool], float],
    unassessed_km2: float,
    projection: Projection,
) -> Territory:
    """The derived territory `base` with `land` laid over it: zones, unassessed land and front lines.

    `derived_km2` is each (controller, certain)'s derived land outside the drawn union, and
    `unassessed_km2` the unassessed land outside it (both from `cut_km2`, so no polygon is measured twice).
    """
    merged: dict[tuple[str, bool], tuple[list[BaseGeometry], float]] = {}
    for row in base.zone_rows:
        key = (row.controller, bool(row.certain))
        merged[key] = ([_outside(row.geometry, land.union)], derived_km2.get(key, 0.0))
    for controller, sure, shape, area in zip(land.controllers, land.certain, land.shapes, land.areas_km2):
        geoms, km = merged.get((controller, sure), ([], 0.0))
        merged[(controller, sure)] = ([*geoms, shape], km + area)
    rows = (Zone(c, s, km, _union(geoms)) for (c, s), (geoms, km) in sorted(merged.items()) if km > 0)
    zones = tuple(row for row in rows if not row.geometry.is_empty)
    unassessed = _outside(base.unassessed, land.union) if unassessed_km2 > 0 else shapely.Polygon()
    return Territory(
        zones,
        front_lines_between(zones, projection),
        unassessed,
        unassessed_km2 if not unassessed.is_empty else 0.0,
        base.outline_area_km2,
    )


def front_lines_between(zones: tuple[Zone, ...], projection: Projection) -> tuple[FrontLine, ...]:
    """Front lines as the shared boundary lines of each pair of controllers' merged land."""
    by_controller: dict[str, list[BaseGeometry]] = {}
    for row in zones:
        if row.controller != UNASSESSED:
            by_controller.setdefault(row.controller, []).append(row.geometry)
    land = {c: shapely.union_all(geoms, grid_size=GRID_DEG) for c, geoms in by_controller.items()}
    rows = []
    for a, b in combinations(sorted(land), 2):
        if not land[a].intersects(land[b]):
            continue
        shared = shapely.intersection(land[a].boundary, land[b].boundary, grid_size=GRID_DEG)
        lines = [p for p in shapely.get_parts(shared) if p.geom_type in ("LineString", "MultiLineString")]
        if not lines:
            continue
        line = shapely.line_merge(shapely.union_all(lines))
        length = float(projection.forward(line).length) / 1000
        if length > 0.001:
            rows.append(FrontLine(a, b, length, line))
    return tuple(rows)


def _union(geoms: list[BaseGeometry]) -> BaseGeometry:
    return polygons_of(shapely.union_all([g for g in geoms if not g.is_empty], grid_size=GRID_DEG))


def _outside(geom: BaseGeometry, union: BaseGeometry) -> BaseGeometry:
    return polygons_of(shapely.difference(geom, union, grid_size=GRID_DEG))


def polygons_of(geom: BaseGeometry) -> BaseGeometry:
    """The polygon parts only (an overlay can leave lines or points where shapes touch)."""
    parts = [p for p in shapely.get_parts(geom) if p.geom_type == "Polygon" and not p.is_empty]
    if not parts:
        return shapely.Polygon()
    return parts[0] if len(parts) == 1 else shapely.MultiPolygon(parts)


def other_side_drawn_over(shapes: list[DrawnShape], place: Place, controller: str | None) -> DrawnShape | None:
    """The active drawn shape covering `place` whose controller is not the place's own (`controller`):
    a place keeps its records, and the panel can say that it lies inside the other side's drawn land."""
    if place.lon is None or place.lat is None or controller is None:
        return None
    point = shapely.Point(place.lon, place.lat)
    return next((s for s in shapes if s.controller != controller and s.geometry.covers(point)), None)
