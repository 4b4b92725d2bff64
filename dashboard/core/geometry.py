"""Projections and shapes shared by validation and territory: an equal-area projection per dataset,
circles with true radii, and polygons read from GeoJSON with a reason when they are unusable.

Each dataset gets a Lambert azimuthal equal-area projection centred on its own outline, so the same
code gives true areas (km²) and near-true distances for a small country or a large one alike; nothing here knows a
country.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

WGS84 = "EPSG:4326"


class GeometryProblem(ValueError):
    """A geometry that cannot be used: `expected` and `found` read as in every other problem."""

    def __init__(self, expected: str, found: str | None = None):
        super().__init__(expected)
        self.expected = expected
        self.found = found


def read_polygon(raw: Any) -> BaseGeometry:
    """A valid, non-empty Polygon or MultiPolygon from GeoJSON, or `GeometryProblem` saying why not."""
    try:
        geom = shape(raw)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError, shapely.errors.GEOSException) as exc:
        raise GeometryProblem("a GeoJSON Polygon or MultiPolygon", repr(str(exc))[:60]) from None
    if geom.geom_type not in ("Polygon", "MultiPolygon") or geom.is_empty:
        raise GeometryProblem(
            "a non-empty Polygon or MultiPolygon", "an empty geometry" if geom.is_empty else geom.geom_type
        )
    if not geom.is_valid:
        raise GeometryProblem("a valid polygon (no self-intersection)", shapely.is_valid_reason(geom))
    return geom


@dataclass(frozen=True)
class Projection:
    """An equal-area projection centred on (lon, lat), in metres, with transforms both ways."""

    lon: float
    lat: float

    @property
    def proj4(self) -> str:
        """The projection as a PROJ string."""
        return f"+proj=laea +lat_0={self.lat:.4f} +lon_0={self.lon:.4f} +datum=WGS84 +units=m +no_defs"

    def forward(self, geom: BaseGeometry) -> BaseGeometry:
        """WGS84 lon/lat geometry to the projection (metres)."""
        return _reproject(geom, _transformers(self.proj4)[0])

    def inverse(self, geom: BaseGeometry) -> BaseGeometry:
        """Projected geometry back to WGS84 lon/lat."""
        return _reproject(geom, _transformers(self.proj4)[1])

    def forward_xy(self, lons, lats) -> tuple[np.ndarray, np.ndarray]:
        """Arrays of lon/lat to projected x/y."""
        x, y = _transformers(self.proj4)[0].transform(np.asarray(lons, dtype=float), np.asarray(lats, dtype=float))
        return np.asarray(x), np.asarray(y)


def projection_for(outline: BaseGeometry) -> Projection:
    """The equal-area projection centred on this outline's bounding box."""
    west, south, east, north = outline.bounds
    return Projection(round((west + east) / 2, 2), round((south + north) / 2, 2))


@lru_cache(maxsize=16)
def _transformers(proj4: str) -> tuple[Transformer, Transformer]:
    # Cached: building a Transformer takes milliseconds, and the same few projections are used all the time.
    return (Transformer.from_crs(WGS84, proj4, always_xy=True), Transformer.from_crs(proj4, WGS84, always_xy=True))


def _reproject(geom: BaseGeometry, transformer: Transformer) -> BaseGeometry:
    return shapely.transform(geom, lambda xy: np.column_stack(transformer.transform(xy[:, 0], xy[:, 1])))


def circle(lon: float, lat: float, radius_km: float) -> BaseGeometry:
    """A circle of true radius around (lon, lat), as a WGS84 polygon (128 vertices)."""
    local = Projection(lon, lat)
    return local.inverse(shapely.Point(0, 0).buffer(radius_km * 1000, quad_segs=32))
