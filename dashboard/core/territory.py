"""Control zones, front lines and areas derived from who holds each place.

Method (approximate by design, and said so wherever it is shown): every place gets the Voronoi cell of
its point, the part of the country closer to it than to any other place, clipped to Syria's outline.
A faction's zone on a day is the union of the cells of the places it holds; front lines are the cell
edges where the two sides belong to different factions, so they never run along the country border.

The cells depend only on positions, not on dates, so they are computed once per dataset
(`build_cells`) and each day only regroups them: that keeps a day's territory to milliseconds.

Geometry is computed in a Lambert azimuthal equal-area projection centred on Syria: Voronoi bisectors
are then true distances (not degrees, which shrink eastward), and areas come out in km² directly.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

import geopandas as gpd
import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import MultiPoint
from shapely.geometry.base import BaseGeometry

from .loader import Dataset
from .state import PlaceState, state_at

#: Equal-area projection for Syria (centre 35°N 38.5°E): distortion of areas is zero, of distances < 1%.
EQUAL_AREA_CRS = "+proj=laea +lat_0=35 +lon_0=38.5 +datum=WGS84 +units=m +no_defs"
WGS84 = "EPSG:4326"

_TO_PROJECTED = Transformer.from_crs(WGS84, EQUAL_AREA_CRS, always_xy=True)
_TO_WGS84 = Transformer.from_crs(EQUAL_AREA_CRS, WGS84, always_xy=True)


def _reproject(geom: BaseGeometry, transformer: Transformer) -> BaseGeometry:
    return shapely.transform(geom, lambda xy: np.column_stack(transformer.transform(xy[:, 0], xy[:, 1])))


def to_projected(geom: BaseGeometry) -> BaseGeometry:
    """WGS84 lon/lat geometry to the equal-area projection (metres)."""
    return _reproject(geom, _TO_PROJECTED)


def to_wgs84(geom: BaseGeometry) -> BaseGeometry:
    """Equal-area projected geometry back to WGS84 lon/lat."""
    return _reproject(geom, _TO_WGS84)


@dataclass(frozen=True)
class Cells:
    """The date-independent partition of the country: one cell per place, plus shared edges."""

    place_ids: tuple[str, ...]
    cells: np.ndarray  # shapely polygons in WGS84, one per place, same order as place_ids
    areas_km2: np.ndarray
    edge_pairs: np.ndarray  # (n, 2) indices of neighbouring cells
    edge_lines: np.ndarray  # shared boundary of each pair, WGS84 lines
    edge_lengths_km: np.ndarray
    outline_area_km2: float


def build_cells(dataset: Dataset) -> Cells:
    """Voronoi cells of all places clipped to the outline, with their areas and shared edges."""
    # Densify first: a long straight border segment (the Jordan and Iraq borders) must stay on the
    # border after projection, not become a chord that cuts off or adds a sliver.
    outline = shapely.make_valid(to_projected(shapely.segmentize(dataset.outline, 0.05)))
    xs, ys = _TO_PROJECTED.transform([p.lon for p in dataset.places], [p.lat for p in dataset.places])
    points = MultiPoint(np.column_stack([xs, ys]))
    frame = outline.envelope.buffer(500_000)
    regions = shapely.voronoi_polygons(points, extend_to=frame, ordered=True)
    cells = shapely.intersection(np.asarray(regions.geoms, dtype=object), outline, grid_size=1.0)
    areas = shapely.area(cells) / 1e6
    pairs, lines, lengths = _shared_edges(cells)
    return Cells(
        place_ids=tuple(p.id for p in dataset.places),
        cells=np.asarray([to_wgs84(c) for c in cells], dtype=object),
        areas_km2=areas,
        edge_pairs=pairs,
        edge_lines=np.asarray([to_wgs84(line) for line in lines], dtype=object),
        edge_lengths_km=np.asarray(lengths) / 1000,
        outline_area_km2=outline.area / 1e6,
    )


def _shared_edges(cells: np.ndarray) -> tuple[np.ndarray, list[BaseGeometry], list[float]]:
    """Every pair of cells that share a boundary line (not just a corner), with that line."""
    tree = shapely.STRtree(cells)
    left, right = tree.query(cells, predicate="intersects")
    keep = left < right
    pairs, lines, lengths = [], [], []
    for i, j in zip(left[keep], right[keep]):
        shared = shapely.line_merge(_linear_part(shapely.intersection(cells[i].boundary, cells[j].boundary)))
        if shared.length > 1.0:
            pairs.append((i, j))
            lines.append(shared)
            lengths.append(shared.length)
    return np.asarray(pairs, dtype=int).reshape(-1, 2), lines, lengths


def _linear_part(geom: BaseGeometry) -> BaseGeometry:
    parts = shapely.get_parts(geom)
    linear = [p for p in parts if p.geom_type in ("LineString", "LinearRing", "MultiLineString")]
    return shapely.union_all(linear) if linear else shapely.LineString()


@dataclass(frozen=True)
class Territory:
    """Zones and front lines on one day. Approximate: derived from settlement control."""

    day: date
    zones: gpd.GeoDataFrame  # controller, area_km2, share, geometry
    front_lines: gpd.GeoDataFrame  # side_a, side_b, length_km, geometry
    outline_area_km2: float


def territory_from_states(states: list[PlaceState], cells: Cells, day: date) -> Territory:
    """Group the precomputed cells by each place's controller on the day."""
    controllers = np.asarray([s.controller for s in states])
    zones = []
    for controller in sorted(set(controllers)):
        mask = controllers == controller
        geometry = _union_coverage(cells.cells[mask])
        area = float(cells.areas_km2[mask].sum())
        zones.append({"controller": controller, "area_km2": area, "geometry": geometry})
    zone_frame = gpd.GeoDataFrame(zones, columns=["controller", "area_km2", "geometry"], geometry="geometry", crs=WGS84)
    zone_frame["share"] = zone_frame["area_km2"] / cells.outline_area_km2
    return Territory(day, zone_frame, _front_lines(controllers, cells), cells.outline_area_km2)


def _union_coverage(polygons: np.ndarray) -> BaseGeometry:
    """Union of edge-matched cells; the coverage algorithm is ~10x faster than a general union."""
    merged = shapely.coverage_union_all(polygons)
    return merged if merged.is_valid else shapely.union_all(polygons)


def _front_lines(controllers: np.ndarray, cells: Cells) -> gpd.GeoDataFrame:
    if len(cells.edge_pairs):
        a, b = controllers[cells.edge_pairs[:, 0]], controllers[cells.edge_pairs[:, 1]]
        differing = np.nonzero(a != b)[0]
    else:
        a = b = controllers[:0]
        differing = []
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for k in differing:
        groups[tuple(sorted((str(a[k]), str(b[k]))))].append(k)
    rows = [
        {
            "side_a": side_a,
            "side_b": side_b,
            "length_km": float(cells.edge_lengths_km[ks].sum()),
            "geometry": shapely.line_merge(shapely.union_all(cells.edge_lines[ks])),
        }
        for (side_a, side_b), ks in sorted(groups.items())
    ]
    return gpd.GeoDataFrame(rows, columns=["side_a", "side_b", "length_km", "geometry"], geometry="geometry", crs=WGS84)


def territory_at(dataset: Dataset, day: date, cells: Cells | None = None) -> Territory:
    """Zones and front lines on `day`; pass `cells` from `build_cells` to avoid recomputing them."""
    return territory_from_states(state_at(dataset, day), cells or build_cells(dataset), day)
