"""The browser's drawn territory: each series' shapes, once per change date, as rings shared between dates.

A drawn series of two years of daily maps is hundreds of shapes of thousands of vertices, and most of a
day's rings (islands, holes, the border side of the land) are the day before's. So every distinct ring
(rounded to `MAP_DECIMALS`) is sent once in `rings`, and a shape lists its polygons as ring indices. A
ring also says which of its stretches run along the country's border (`border`), so the browser strokes
only the rest as the drawn front.

Schema of `drawn` (absent when the dataset has no drawn shapes):
- `rings`: [[[lon, lat], ...], ...] closed rings, exteriors counter-clockwise
- `border`: per ring, [start, end, start, end, ...] vertex index ranges whose segments lie on the border
- `series`: [{id, shapes: [{date, faction (index, -1 for an unknown id), certain, polygons: [[ring index,
  hole index, ...], ...] or null when the claim ends}]}], shapes in date order; the browser shows each
  series' last shape on or before the day, earlier series above later ones (as the core counts overlaps)
"""

from __future__ import annotations

from typing import Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from ..core.drawn import DrawnLayer
from ..core.drawn_territory import GRID_DEG, polygons_of
from .geojson import geojson_geometry

#: A vertex closer than this (degrees, about 10 m) to the border is on it.
_ON_BORDER_DEG = 1e-4


def drawn_payload(layer: DrawnLayer, outline: BaseGeometry, factions: list[str], decimals: int) -> dict[str, Any]:
    """The `drawn` member of the browser data (see the module docstring); {} for an empty layer."""
    if layer.is_empty():
        return {}
    border = outline.boundary
    shapely.prepare(border)
    rings: list[list] = []
    borders: list[list[int]] = []
    index: dict[bytes, int] = {}

    def ring_index(coords: list) -> int:
        key = np.asarray(coords, dtype=float).tobytes()
        found = index.get(key)
        if found is None:
            found = index[key] = len(rings)
            rings.append(coords)
            borders.append(_border_runs(coords, border))
        return found

    series = []
    for name in layer.series():
        shapes = []
        for item in (s for s in layer.shapes if s.series == name):
            polygons = None
            if item.geometry is not None:
                clipped = polygons_of(shapely.intersection(item.geometry, outline, grid_size=GRID_DEG))
                polygons = _polygon_rings(clipped, decimals, ring_index)
            shapes.append(
                {
                    "date": item.date.isoformat(),
                    "faction": factions.index(item.controller) if item.controller in factions else -1,
                    "certain": item.certainty == "confirmed",
                    "polygons": polygons,
                }
            )
        series.append({"id": name, "shapes": shapes})
    return {"drawn": {"rings": rings, "border": borders, "series": series}}


def _polygon_rings(geom: BaseGeometry, decimals: int, ring_index) -> list[list[int]]:
    if geom.is_empty:
        return []
    shape = geojson_geometry(geom, decimals)
    polygons = [shape["coordinates"]] if shape["type"] == "Polygon" else shape["coordinates"]
    return [[ring_index([list(p) for p in ring]) for ring in polygon if len(ring) >= 4] for polygon in polygons]


def _border_runs(coords: list, border: BaseGeometry) -> list[int]:
    """[start, end, ...]: runs of consecutive vertices on the border (a segment between two is on it)."""
    on = shapely.dwithin(shapely.points(np.asarray(coords, dtype=float)), border, _ON_BORDER_DEG)
    runs: list[int] = []
    start = None
    for i, flag in enumerate(on.tolist() + [False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            if i - start >= 2:
                runs += [start, i - 1]
            start = None
    return runs
