"""A dataset's boundaries in Web Mercator, ready to draw: the outline, its divisions, the neighbours and
the land beyond the neighbours layer (that file is clipped to a box, and a wide framing would otherwise
show sea where there is land).

Projected once per dataset and kept in a small LRU cache keyed by the dataset's fingerprint (its
content hash), so every export of a dataset reuses it; no module-level dictionaries. The projected
basemap is also kept on disk (stored.py) under that fingerprint and the versions of the libraries that
project it, so the next process (a batch of exports) reads it instead of projecting again.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import matplotlib
import numpy as np
import pyproj
import shapely
from matplotlib.path import Path
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry

from ...core.countries import arabic_name
from ...core.io.files import keep, read_kept
from ...core.model import Dataset
from .paths import line_segments, polygon_path
from .projection import to_mercator
from .stored import stored_path

#: Bump when `Basemap`, `Neighbour` or `_project` changes: files written by older code are then ignored.
FORMAT = 1


@dataclass(frozen=True)
class Neighbour:
    """A neighbouring country for orientation: its names (for the label) and its land, clipped to the box."""

    name: str | None
    name_ar: str | None
    geometry: BaseGeometry  # Web Mercator


@dataclass(frozen=True)
class Basemap:
    """Everything date-independent under the zones, in Web Mercator metres."""

    outline: BaseGeometry
    outline_path: Path | None
    outline_segments: list[np.ndarray]
    division_segments: list[np.ndarray]
    neighbours: tuple[Neighbour, ...]
    neighbour_paths: list[Path]
    neighbour_borders: list[np.ndarray]  # without the artificial edge where the layer was clipped
    land: BaseGeometry  # the outline and the neighbours: where the map is not sea
    data_box: tuple[float, float, float, float] | None  # the extent of the (clipped) neighbours layer


class _ByContent:
    """Hashes a dataset by its fingerprint (or, without one, by the identity of its outline, held here)."""

    def __init__(self, dataset: Dataset):
        self.dataset = dataset
        self.key = dataset.fingerprint or id(dataset.outline)

    def __hash__(self) -> int:
        return hash(self.key)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _ByContent) and self.key == other.key


def basemap_for(dataset: Dataset) -> Basemap:
    """The dataset's basemap, projected on first use and cached."""
    return _cached(_ByContent(dataset))


@lru_cache(maxsize=4)
def _cached(key: _ByContent) -> Basemap:
    return _stored(key.dataset)


def _stored(dataset: Dataset) -> Basemap:
    """The basemap from the disk cache when these files were projected before, else projected and stored."""
    if not dataset.fingerprint:  # built in memory (tests): nothing identifies its content
        return _project(dataset)
    versions = f"shapely{shapely.__version__}-pyproj{pyproj.__version__}-mpl{matplotlib.__version__}"
    path = stored_path(f"basemap-{dataset.id}-{dataset.fingerprint}-{versions}-v{FORMAT}.pickle")
    basemap = read_kept(path, Basemap)
    if basemap is None:
        basemap = _project(dataset)
        keep(path, basemap)
    return basemap


def _feature_geometry(feature: dict) -> BaseGeometry | None:
    try:
        geom = shapely.geometry.shape(feature["geometry"])
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    return None if geom.is_empty else shapely.make_valid(geom)


def _project(dataset: Dataset) -> Basemap:
    outline = to_mercator(dataset.outline)
    neighbours = []
    for feature in dataset.neighbours:
        geom = _feature_geometry(feature)
        if geom is not None:
            props = feature.get("properties") or {}
            name_ar = props.get("name_ar") or arabic_name(props.get("name"))  # any country: CLDR names by ISO code
            neighbours.append(Neighbour(props.get("name"), name_ar, to_mercator(geom)))
    divisions = [to_mercator(g) for g in map(_feature_geometry, dataset.divisions) if g is not None]
    geoms = [n.geometry for n in neighbours]
    land = shapely.union_all([outline, *geoms]) if geoms else outline
    borders, data_box = [], None
    if geoms:
        data_box = tuple(shapely.total_bounds(geoms))
        clip_edge = box(*data_box).exterior.buffer(1.0)
        borders = line_segments([shapely.union_all(shapely.boundary(geoms)).difference(clip_edge)])
    return Basemap(
        outline=outline,
        outline_path=polygon_path(outline),
        outline_segments=line_segments([outline]),
        division_segments=line_segments(divisions),
        neighbours=tuple(neighbours),
        neighbour_paths=[p for p in map(polygon_path, geoms) if p is not None],
        neighbour_borders=borders,
        land=land,
        data_box=data_box,
    )


def land_beyond(basemap: Basemap, view: BaseGeometry, pieces: int = 24) -> BaseGeometry:
    """Land outside the clipped neighbours layer: each stretch of its edge that is land is extended outward."""
    if basemap.data_box is None:
        return shapely.Polygon()
    bx0, by0, bx1, by1 = basemap.data_box
    vx0, vy0, vx1, vy1 = view.bounds
    strip = 0.01 * max(bx1 - bx0, by1 - by0)
    seam = strip / 4  # outer boxes reach a little inside the layer's edge: abutting fills would show a seam
    extrusions = []
    for side in ("west", "east", "south", "north"):
        lo, hi = (by0, by1) if side in ("west", "east") else (bx0, bx1)
        step = (hi - lo) / pieces
        for i in range(pieces):
            a, b = lo + i * step, lo + (i + 1) * step
            if side == "west" and vx0 < bx0:
                inner, outer = box(bx0, a, bx0 + strip, b), box(vx0, a, bx0 + seam, b)
            elif side == "east" and vx1 > bx1:
                inner, outer = box(bx1 - strip, a, bx1, b), box(bx1 - seam, a, vx1, b)
            elif side == "south" and vy0 < by0:
                inner, outer = box(a, by0, b, by0 + strip), box(a, vy0, b, by0 + seam)
            elif side == "north" and vy1 > by1:
                inner, outer = box(a, by1 - strip, b, by1), box(a, by1 - seam, b, vy1)
            else:
                continue
            if basemap.land.intersection(inner).area > 0.5 * inner.area:
                extrusions.append(outer)
    return shapely.union_all(extrusions) if extrusions else shapely.Polygon()
