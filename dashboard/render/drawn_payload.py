"""The browser's drawn territory: each series' shapes, once per change date, as rings shared between dates.

A drawn series of two years of daily maps is hundreds of shapes of thousands of vertices, and most of a
day's rings (islands, holes, the border side of the land) are the day before's, or differ from it in a
few stretches of front. So every distinct ring (rounded to `MAP_DECIMALS`) is sent once in `rings`, as
the changes to a previous ring of its series where it mostly repeats one, and a shape lists its polygons
as ring indices. A
ring also says which of its stretches run along the country's border (`border`), so the browser strokes
only the rest as the drawn front.

Coordinates are integers (degrees × `scale`), each vertex as its difference from the one before: a
front's vertices are a few hundred metres apart, so most differences are two or three digits, and gzip
packs them about four times tighter than decimal degrees (the browser data of a generated 750-day series:
3.5 MB -> 1.1 MB gzipped).

Schema of `drawn` (absent when the dataset has no drawn shapes):
- `scale`: integer coordinates per degree (10 ** the map's decimals)
- `rings`: closed rings, exteriors counter-clockwise: each a flat [x0, y0, dx1, dy1, ...] (the first vertex,
  then each vertex minus the one before), or {from: an earlier ring's index, edits: [[start, end, [dx, dy,
  ...]], ...]}: that ring with its vertices [start, end) replaced by the ones given (edits in order, indices
  into the earlier ring; each given vertex minus the vertex before it in the new ring, (0, 0) before the
  first): a day's front moves a few stretches
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
from .geojson import snapped_geometry

#: A ring is sent whole at least every this many deltas: the browser rebuilds any ring from at most this
#: many edits, and keeps a few rebuilt rings.
DELTA_DEPTH = 32
#: A vertex closer than this (degrees, about 10 m) to the border is on it.
_ON_BORDER_DEG = 1e-4


def drawn_payload(layer: DrawnLayer, outline: BaseGeometry, factions: list[str], decimals: int) -> dict[str, Any]:
    """The `drawn` member of the browser data (see the module docstring); {} for an empty layer."""
    if layer.is_empty():
        return {}
    border = outline.boundary
    shapely.prepare(border)
    scale = 10**decimals
    table = _RingTable(border, scale)
    series = []
    for name in layer.series():
        table.restart()
        shapes = []
        for item in (s for s in layer.shapes if s.series == name):
            polygons = None
            if item.geometry is not None:
                clipped = polygons_of(shapely.intersection(item.geometry, outline, grid_size=GRID_DEG))
                polygons = table.shape(_polygon_coords(clipped, decimals, scale))
            shapes.append(
                {
                    "date": item.date.isoformat(),
                    "faction": factions.index(item.controller) if item.controller in factions else -1,
                    "certain": item.certainty == "confirmed",
                    "polygons": polygons,
                }
            )
        series.append({"id": name, "shapes": shapes})
    return {"drawn": {"scale": scale, "rings": table.rings, "border": table.borders, "series": series}}


def _polygon_coords(geom: BaseGeometry, decimals: int, scale: int) -> list[list[list[tuple[int, int]]]]:
    """The polygons' rings as integer vertices (degrees × `scale`), rounded and oriented as GeoJSON
    (`snapped_geometry`), read as arrays: thousands of vertices a day, two years of days."""
    if geom.is_empty:
        return []
    out = []
    for polygon in shapely.get_parts(snapped_geometry(geom, decimals)):
        if polygon.geom_type != "Polygon" or polygon.is_empty:
            continue
        rings = [
            np.rint(shapely.get_coordinates(r) * scale).astype(np.int64) for r in (polygon.exterior, *polygon.interiors)
        ]
        out.append([list(zip(r[:, 0].tolist(), r[:, 1].tolist(), strict=True)) for r in rings if len(r) >= 4])
    return out


def _differences(coords: list[tuple[int, int]], before: tuple[int, int] = (0, 0)) -> list[int]:
    """[dx, dy, ...]: each vertex minus the one before it (`before` for the first)."""
    out: list[int] = []
    x0, y0 = before
    for x, y in coords:
        out += (x - x0, y - y0)
        x0, y0 = x, y
    return out


class _RingTable:
    """Every distinct ring once; a ring that mostly repeats one of the series' previous rings is sent as
    that ring with the changed stretches replaced, up to `DELTA_DEPTH` deltas deep."""

    def __init__(self, border: BaseGeometry, scale: int):
        self.border, self.scale = border, scale
        self.rings: list[Any] = []
        self.borders: list[list[int]] = []
        self._index: dict[tuple, int] = {}
        self._coords: list[list[tuple[int, int]]] = []
        self._on_border: list[np.ndarray] = []  # per ring, per vertex: on the border
        self._depth: list[int] = []
        self._previous: list[int] = []  # the series' previous shape's rings: the bases to try

    def shape(self, polygons: list[list[list[tuple[int, int]]]]) -> list[list[int]]:
        """Ring indices per polygon of one shape (of the series whose shapes are being added in order)."""
        out = [[self._ring(ring) for ring in polygon] for polygon in polygons]
        self._previous = [r for polygon in out for r in polygon]
        return out

    def restart(self) -> None:
        """A new series: its first shape's rings are compared with nothing."""
        self._previous = []

    def _ring(self, coords: list[tuple[int, int]]) -> int:
        key = tuple(coords)
        found = self._index.get(key)
        if found is not None:
            return found
        index = self._index[key] = len(self.rings)
        base, edits = self._delta(coords)
        if base is None:
            self.rings.append(_differences(coords))
            self._depth.append(0)
            on = self._on(coords)
        else:
            self.rings.append(
                {
                    "from": base,
                    "edits": [
                        [i1, i2, _differences(coords[j1:j2], coords[j1 - 1] if j1 else (0, 0))]
                        for i1, i2, j1, j2 in edits
                    ],
                }
            )
            self._depth.append(self._depth[base] + 1)
            on = self._on_after_edits(self._on_border[base], coords, edits)
        self._coords.append(coords)
        self._on_border.append(on)
        self.borders.append(_runs(on))
        return index

    def _on(self, coords: list[tuple[int, int]]) -> np.ndarray:
        """Which of the vertices lie on the border."""
        # The prepared border: GEOS then uses its index (the payload of a 40-day series: 2.1 s -> 1.0 s).
        points = shapely.points(np.asarray(coords, dtype=float) / self.scale)
        return shapely.dwithin(self.border, points, _ON_BORDER_DEG)

    def _on_after_edits(self, base_on: np.ndarray, coords: list, edits: list) -> np.ndarray:
        """The base ring's flags for the vertices it keeps; only the edits' new vertices are looked up."""
        parts, at = [], 0
        for i1, i2, j1, j2 in edits:
            parts += [base_on[at:i1], self._on(coords[j1:j2]) if j2 > j1 else np.zeros(0, dtype=bool)]
            at = i2
        parts.append(base_on[at:])
        return np.concatenate(parts)

    def _delta(self, coords: list[tuple[int, int]]) -> tuple[int | None, list[tuple[int, int, int, int]]]:
        """The previous ring sharing most vertices with `coords`, and the edits (i1, i2, j1, j2) turning it
        into `coords`: its vertices [i1, i2) replaced by coords[j1:j2]."""
        here = set(coords)
        bases = [r for r in self._previous if self._depth[r] < DELTA_DEPTH]
        if not bases:
            return None, []
        base = max(bases, key=lambda r: len(here.intersection(self._coords[r])))
        if len(here.intersection(self._coords[base])) < len(coords) / 2:
            return None, []
        return base, ring_edits(self._coords[base], coords)


def ring_edits(old: list[tuple[int, int]], new: list[tuple[int, int]]) -> list[tuple[int, int, int, int]]:
    """(i1, i2, j1, j2) stretches turning `old` into `new` (old[i1:i2] -> new[j1:j2]), in order.

    Linear, unlike difflib's matcher (6 s of a 750-day series' 13): a ring's vertices are distinct (but
    for the closing one), so each vertex of `new` found in `old` after the last match is kept, and the
    vertices between two kept ones are a replaced stretch.
    """
    where: dict[tuple[int, int], int] = {}
    for i, vertex in enumerate(old):
        where.setdefault(vertex, i)
    # A closing vertex is also the first: it matches the old closing vertex, not the old first one.
    closing = len(old) - 1 if len(old) > 1 and new and new[-1] == old[-1] else None
    edits: list[tuple[int, int, int, int]] = []
    i = j_start = 0
    for j, vertex in enumerate(new):
        found = closing if j == len(new) - 1 and closing is not None else where.get(vertex)
        if found is None or found < i:
            continue
        if found > i or j > j_start:
            edits.append((i, found, j_start, j))
        i, j_start = found + 1, j + 1
    if i < len(old) or j_start < len(new):
        edits.append((i, len(old), j_start, len(new)))
    return edits


def _runs(on: np.ndarray) -> list[int]:
    """[start, end, ...]: runs of two or more consecutive vertices on the border (their segments are)."""
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
