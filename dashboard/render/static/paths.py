"""Shapely geometry to matplotlib paths: one compound path per (multi)polygon, segments per line."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import shapely
from matplotlib.path import Path
from shapely.geometry.base import BaseGeometry


def polygon_path(geom: BaseGeometry | None) -> Path | None:
    """One compound path for a (multi)polygon, holes included (rings oriented for the nonzero fill rule)."""
    if geom is None or geom.is_empty:
        return None
    verts, codes = [], []
    for poly in shapely.get_parts(shapely.orient_polygons(geom)):
        if poly.geom_type != "Polygon" or poly.is_empty:
            continue
        for ring in (poly.exterior, *poly.interiors):
            xy = np.asarray(ring.coords)[:, :2]
            ring_codes = np.full(len(xy), Path.LINETO, dtype=Path.code_type)
            ring_codes[0], ring_codes[-1] = Path.MOVETO, Path.CLOSEPOLY
            verts.append(xy)
            codes.append(ring_codes)
    if not verts:
        return None
    return Path(np.concatenate(verts), np.concatenate(codes))


def line_segments(geoms: Iterable[BaseGeometry | None]) -> list[np.ndarray]:
    """Every linestring in the geometries (polygon boundaries included) as an (n, 2) array."""
    segments = []
    for geom in geoms:
        if geom is None or geom.is_empty:
            continue
        if geom.geom_type in ("Polygon", "MultiPolygon", "GeometryCollection"):
            geom = shapely.boundary(geom) if geom.geom_type != "GeometryCollection" else geom
        for part in shapely.get_parts(geom):
            if part.geom_type in ("Polygon", "MultiPolygon"):
                segments += line_segments([part])
            elif part.geom_type in ("LineString", "LinearRing") and not part.is_empty:
                segments.append(np.asarray(part.coords)[:, :2])
            elif part.geom_type == "MultiLineString":
                segments += [np.asarray(p.coords)[:, :2] for p in part.geoms if not p.is_empty]
    return segments
