"""Control zones, front lines and areas, derived from who holds each place and from area records.

Method (approximate by design, and said so wherever it is shown):
1. Every drawn place gets its Voronoi cell (the land closer to it than to any other place), clipped to
   the outline and to a circle of the dataset's `reach_km` around the place: a place says nothing about
   land far from it, so in sparse country the nearest point no longer takes everything.
2. `zone` area records replace whatever lies under them; `region` area records fill land no place reaches.
3. Land no place reaches and no area covers is *unassessed*: neutral on the map, counted apart in areas.
4. Front lines are drawn only between land of two different known controllers.

All of that depends only on positions and shapes, not on dates, so it is computed once per dataset as a
`Partition`: pieces of land, each knowing which place (if any) and which areas cover it, plus the lines
that neighbouring pieces share. A day then only decides each piece's controller (`assign`) and merges
pieces per controller, which keeps a day's territory to milliseconds.

Geometry is computed in an equal-area projection centred on the dataset's outline (`geometry.py`):
Voronoi bisectors and reach circles are then true distances, and areas come out in km² directly.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, NamedTuple

import numpy as np
import shapely
from shapely.geometry import MultiPoint
from shapely.geometry.base import BaseGeometry

from .geometry import WGS84, Projection, projection_for
from .model import AreaRecord, ControlRecord, Dataset

if TYPE_CHECKING:
    import geopandas as gpd

#: The controller of land no place reaches and no area covers.
UNASSESSED = ""
#: Pieces smaller than this (km²) are slivers from overlaying shapes: dropped.
MIN_PIECE_KM2 = 0.01
_GRID_M = 1.0  # snap projected coordinates to 1 m so that neighbouring pieces share edges exactly


@dataclass(frozen=True)
class Partition:
    """The date-independent pieces of the country: one or more per reached place, per area overlap and per
    stretch of unreached land, with the boundaries neighbouring pieces share."""

    pieces: np.ndarray  # shapely polygons in WGS84
    areas_km2: np.ndarray
    place_index: np.ndarray  # index into dataset.places of the place whose reach covers the piece, or -1
    zones: tuple[tuple[int, ...], ...]  # per piece: indices into dataset.areas of `zone` areas covering it
    regions: tuple[tuple[int, ...], ...]  # per piece: `region` areas covering it
    edge_pairs: np.ndarray  # (n, 2) indices of neighbouring pieces
    edge_lines: np.ndarray  # their shared boundary, WGS84 lines
    edge_lengths_km: np.ndarray
    outline_area_km2: float
    reach_km: float


def build_partition(dataset: Dataset) -> Partition:
    """Voronoi cells limited to the reach, overlaid with the area records, clipped to the outline."""
    projection = projection_for(dataset.outline)
    # Densify first: a long straight border segment must stay on the border after projection, not become
    # a chord that cuts off or adds a sliver.
    outline = shapely.make_valid(projection.forward(shapely.segmentize(dataset.outline, 0.05)))
    outline = shapely.set_precision(outline, _GRID_M)
    reach_m = dataset.manifest.territory.reach_km * 1000
    pieces = _reach_cells(dataset, projection, outline, reach_m)
    for index, area in enumerate(dataset.areas):
        shape = shapely.intersection(
            projection.forward(shapely.segmentize(area.geometry, 0.05)), outline, grid_size=_GRID_M
        )
        # Clipping can leave slivers of boundary as lines or points beside the polygons: keep the land.
        shape = shapely.union_all(_polygon_parts(shape), grid_size=_GRID_M)
        pieces = _split_by_area(pieces, shape, index, area.kind)
    pieces = [p for p in pieces if p[0].area / 1e6 >= MIN_PIECE_KM2]
    polygons = np.asarray([p[0] for p in pieces], dtype=object)
    pairs, lines, lengths = _shared_edges(polygons)
    return Partition(
        pieces=np.asarray([projection.inverse(p) for p in polygons], dtype=object),
        areas_km2=shapely.area(polygons) / 1e6,
        place_index=np.asarray([p[1] for p in pieces], dtype=int),
        zones=tuple(p[2] for p in pieces),
        regions=tuple(p[3] for p in pieces),
        edge_pairs=pairs,
        edge_lines=np.asarray([projection.inverse(line) for line in lines], dtype=object),
        edge_lengths_km=np.asarray(lengths) / 1000,
        outline_area_km2=outline.area / 1e6,
        reach_km=dataset.manifest.territory.reach_km,
    )


_Piece = tuple[BaseGeometry, int, tuple[int, ...], tuple[int, ...]]  # projected shape, place, zones, regions


def _reach_cells(dataset: Dataset, projection: Projection, outline: BaseGeometry, reach_m: float) -> list[_Piece]:
    """Each shown place's Voronoi cell within its reach, and the unreached rest of the outline."""
    shown = [(i, p) for i, p in enumerate(dataset.places) if p.is_shown]
    if not shown:
        return [(part, -1, (), ()) for part in shapely.get_parts(outline)]
    xs, ys = projection.forward_xy([p.lon for _, p in shown], [p.lat for _, p in shown])
    points = shapely.points(np.column_stack([xs, ys]))
    if len(shown) > 1:
        regions = shapely.voronoi_polygons(
            MultiPoint(points), extend_to=outline.envelope.buffer(reach_m * 2), ordered=True
        )
        cells = np.asarray(regions.geoms, dtype=object)
    else:
        cells = np.asarray([outline.envelope.buffer(reach_m * 2)], dtype=object)
    reach = shapely.buffer(points, reach_m, quad_segs=16)
    limited = shapely.intersection(shapely.intersection(cells, reach, grid_size=_GRID_M), outline, grid_size=_GRID_M)
    pieces: list[_Piece] = [(cell, index, (), ()) for (index, _), cell in zip(shown, limited) if not cell.is_empty]
    reached = shapely.union_all(limited, grid_size=_GRID_M)
    rest = shapely.difference(outline, reached, grid_size=_GRID_M)
    pieces += [(part, -1, (), ()) for part in shapely.get_parts(rest) if part.area > 0]
    return pieces


def _split_by_area(pieces: list[_Piece], shape: BaseGeometry, index: int, kind: str) -> list[_Piece]:
    """Cut every piece the area overlaps into the part inside it (which records the area) and the rest."""
    if shape.is_empty:
        return pieces
    out: list[_Piece] = []
    for geom, place, zones, regions in pieces:
        if not geom.intersects(shape):
            out.append((geom, place, zones, regions))
            continue
        inside = shapely.intersection(geom, shape, grid_size=_GRID_M)
        outside = shapely.difference(geom, shape, grid_size=_GRID_M)
        in_zones, in_regions = (zones + (index,), regions) if kind == "zone" else (zones, regions + (index,))
        out += [(part, place, in_zones, in_regions) for part in _polygon_parts(inside)]
        out += [(part, place, zones, regions) for part in _polygon_parts(outside)]
    return out


def _polygon_parts(geom: BaseGeometry) -> list[BaseGeometry]:
    return [part for part in shapely.get_parts(geom) if part.geom_type == "Polygon" and part.area > 0]


def _shared_edges(pieces: np.ndarray) -> tuple[np.ndarray, list[BaseGeometry], list[float]]:
    """Every pair of pieces that share a boundary line (not just a corner), with that line."""
    tree = shapely.STRtree(pieces)
    left, right = tree.query(pieces, predicate="intersects")
    keep = left < right
    pairs, lines, lengths = [], [], []
    for i, j in zip(left[keep], right[keep]):
        shared = shapely.line_merge(_linear_part(shapely.intersection(pieces[i].boundary, pieces[j].boundary)))
        if shared.length > 1.0:
            pairs.append((i, j))
            lines.append(shared)
            lengths.append(shared.length)
    return np.asarray(pairs, dtype=int).reshape(-1, 2), lines, lengths


def _linear_part(geom: BaseGeometry) -> BaseGeometry:
    parts = shapely.get_parts(geom)
    linear = [p for p in parts if p.geom_type in ("LineString", "LinearRing", "MultiLineString")]
    return shapely.union_all(linear) if linear else shapely.LineString()


# ---------------------------------------------------------------------------------------------- one day


@dataclass(frozen=True)
class Assignment:
    """Who holds each piece on a day, and how sure the data is: the whole date-dependent input."""

    controllers: np.ndarray  # per piece: faction id, or UNASSESSED
    certain: np.ndarray  # per piece: True when the deciding record is `confirmed`

    def key(self) -> tuple:
        """Equal keys mean identical maps (used to share work between days with no change)."""
        return tuple(self.controllers.tolist()), tuple(self.certain.tolist())


def assign(
    partition: Partition, place_records: list[ControlRecord], area_records: list[AreaRecord | None]
) -> Assignment:
    """Each piece's controller from the records in force: zone over place over region, else unassessed.

    `place_records[i]` is the record in force for `dataset.places[i]`; `area_records[j]` for
    `dataset.areas[j]` (None before an area's first record; a record with controller None makes no claim).
    """
    controllers, certain = [], []
    for place, zones, regions in zip(partition.place_index, partition.zones, partition.regions):
        record = top_claim(zones, area_records)
        if record is None and place >= 0:
            record = place_records[place]
        if record is None:
            record = top_claim(regions, area_records)
        controllers.append(record.controller if record is not None else UNASSESSED)
        certain.append(bool(record is not None and record.is_certain))
    return Assignment(np.asarray(controllers, dtype=object), np.asarray(certain, dtype=bool))


def top_claim(indices: tuple[int, ...], records: list[AreaRecord | None]) -> AreaRecord | None:
    """The last (topmost) area among `indices` that claims a controller today."""
    for index in reversed(indices):
        record = records[index]
        if record is not None and record.controller is not None:
            return record
    return None


class Zone(NamedTuple):
    """One controller's land at one certainty."""

    controller: str
    certain: bool
    area_km2: float
    geometry: BaseGeometry  # WGS84


class FrontLine(NamedTuple):
    """The line between two controllers' land."""

    side_a: str
    side_b: str
    length_km: float
    geometry: BaseGeometry  # WGS84


@dataclass(frozen=True)
class Territory:
    """Zones, front lines and unassessed land for one assignment. Approximate: derived from the data.

    Kept as plain rows: a static image reads only those, so an export process need not import GeoPandas
    and pandas. The GeoDataFrames (`zones`, `front_lines`) are built from the rows on first use.
    """

    zone_rows: tuple[Zone, ...]  # sorted by controller, then certain before not
    front_rows: tuple[FrontLine, ...]  # sorted by pair of sides
    unassessed: BaseGeometry
    unassessed_km2: float
    outline_area_km2: float

    @cached_property
    def zones(self) -> gpd.GeoDataFrame:
        """controller, certain, area_km2, geometry, share: one row per controller × certainty."""
        import geopandas as gpd

        zones = gpd.GeoDataFrame(
            [row._asdict() for row in self.zone_rows],
            columns=list(Zone._fields),
            geometry="geometry",
            crs=WGS84,
        )
        zones["share"] = zones["area_km2"] / self.outline_area_km2
        return zones

    @cached_property
    def front_lines(self) -> gpd.GeoDataFrame:
        """side_a, side_b, length_km, geometry: one row per pair of sides that meet."""
        import geopandas as gpd

        rows = [row._asdict() for row in self.front_rows]
        return gpd.GeoDataFrame(rows, columns=list(FrontLine._fields), geometry="geometry", crs=WGS84)


def territory_of(partition: Partition, assignment: Assignment) -> Territory:
    """Merge the pieces per (controller, certainty), and collect the edges between different controllers."""
    rows = []
    controllers, certain = assignment.controllers, assignment.certain
    for controller in sorted(set(controllers.tolist()) - {UNASSESSED}):
        for sure in (True, False):
            mask = (controllers == controller) & (certain == sure)
            if mask.any():
                area = float(partition.areas_km2[mask].sum())
                rows.append(Zone(controller, sure, area, _union_coverage(partition.pieces[mask])))
    unassessed_mask = controllers == UNASSESSED
    unassessed = _union_coverage(partition.pieces[unassessed_mask]) if unassessed_mask.any() else shapely.Polygon()
    return Territory(
        tuple(rows),
        front_lines(partition, controllers),
        unassessed,
        float(partition.areas_km2[unassessed_mask].sum()),
        partition.outline_area_km2,
    )


def front_line_edges(partition: Partition, controllers: np.ndarray) -> np.ndarray:
    """Indices of the shared edges whose two sides have different known controllers."""
    if not len(partition.edge_pairs):
        return np.zeros(0, dtype=int)
    a, b = controllers[partition.edge_pairs[:, 0]], controllers[partition.edge_pairs[:, 1]]
    return np.nonzero((a != b) & (a != UNASSESSED) & (b != UNASSESSED))[0]


def front_lines(partition: Partition, controllers: np.ndarray) -> tuple[FrontLine, ...]:
    """Front lines grouped by the pair of sides, with their length."""
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for k in front_line_edges(partition, controllers):
        i, j = partition.edge_pairs[k]
        groups[tuple(sorted((str(controllers[i]), str(controllers[j]))))].append(k)
    return tuple(
        FrontLine(
            side_a,
            side_b,
            float(partition.edge_lengths_km[ks].sum()),
            shapely.line_merge(shapely.union_all(partition.edge_lines[ks])),
        )
        for (side_a, side_b), ks in sorted(groups.items())
    )


def _union_coverage(polygons: np.ndarray) -> BaseGeometry:
    """Union of edge-matched pieces; the coverage algorithm is ~10x faster than a general union."""
    try:
        merged = shapely.coverage_union_all(polygons)
    except shapely.errors.GEOSException:  # not edge-matched after all: the general union is always right
        return shapely.union_all(polygons)
    if merged.is_valid:
        return merged
    # Reprojected shared vertices can differ in the last digits and leave slivers that make the result
    # invalid; repairing it is 10-20x faster than a general union of thousands of pieces (same area to 1e-6).
    repaired = shapely.make_valid(merged)
    return (
        repaired
        if repaired.is_valid and repaired.geom_type in ("Polygon", "MultiPolygon")
        else shapely.union_all(polygons)
    )
