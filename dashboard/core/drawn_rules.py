"""The rules for drawn shapes that need the rest of the dataset: ids, period, outline, overlaps.

Each check is linear in the number of shapes: the outline test is one prepared-geometry call per
shape, and overlaps are looked for per change date only between the series that changed that day
and the others active then (a pair unchanged since yesterday was already checked yesterday).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from .drawn import DRAWN_DIR, DrawnLayer, DrawnShape, Notice
from .geometry import Projection, projection_for

#: Shapes may stick out of the outline by this much (degrees, about 10 m) without being clipped or
#: reported: rounding to the 1 m grid moves vertices drawn exactly on the border by up to a metre.
OUTLINE_SLACK_DEG = 1e-4
#: The certainty rule of control records, for drawn shapes (which have no `admitted_by`).
CONFIRMED_RULE = "'confirmed' only with sources from two different publishers (otherwise 'reported' or 'disputed')"
#: Overlaps smaller than this (km²) are slivers of rounding along a shared front line, not claims.
OVERLAP_TOLERANCE_KM2 = 0.01

AddProblem = Callable[[str, str | None, str | None, str, str | None], None]


def series_file(series: str) -> str:
    """The file a series lives in, relative to the dataset folder."""
    return f"{DRAWN_DIR}/{series}.geojson"


def km2(geom: BaseGeometry, projection: Projection) -> float:
    """Equal-area size of a WGS84 geometry in km²."""
    return 0.0 if geom.is_empty else projection.forward(geom).area / 1e6


def check_drawn(
    add: AddProblem,
    layer: DrawnLayer,
    factions: set[str],
    sources: dict[str, str],
    period: tuple[date, date] | None,
    outline: BaseGeometry | None,
) -> DrawnLayer:
    """Report every drawn problem through `add`; return the layer clipped to the outline, with notices.

    `sources` maps each source id to its origin (who wrote it), for the certainty rule.
    """
    notices = list(layer.notices)
    for item in layer.shapes:
        _check_references(add, item, factions, sources, period)
    shapes = list(layer.shapes)
    if outline is not None and shapes:
        projection = projection_for(outline)
        shapes = _clipped(add, shapes, outline, projection, notices)
        _check_overlaps(add, shapes, projection)
    return DrawnLayer(tuple(shapes), tuple(notices))


def _check_references(
    add: AddProblem, item: DrawnShape, factions: set[str], sources: dict[str, str], period: tuple[date, date] | None
) -> None:
    file, feature = series_file(item.series), item.feature_id
    if item.controller not in factions:
        known = ", ".join(sorted(factions))
        add(file, feature, "properties.controller", f"a faction id from factions.json ({known})", repr(item.controller))
    for i, source in enumerate(item.sources):
        if source not in sources:
            add(file, feature, f"properties.sources[{i}]", "a source id from sources.json", repr(source))
    origins = {sources[s] for s in item.sources if s in sources}
    if item.certainty == "confirmed" and len(origins) < 2 and all(s in sources for s in item.sources):
        add(file, feature, "properties.certainty", CONFIRMED_RULE, f"'confirmed' resting on {len(origins)} publisher")
    if period is not None and not period[0] <= item.date <= period[1]:
        add(file, feature, "properties.date", f"a date from {period[0]} to {period[1]}", str(item.date))


def _clipped(
    add: AddProblem, shapes: list[DrawnShape], outline: BaseGeometry, projection: Projection, notices: list[Notice]
) -> list[DrawnShape]:
    """Shapes inside the outline as they are; others clipped, with the km² clipped in a notice."""
    slack = outline.buffer(OUTLINE_SLACK_DEG, quad_segs=2)
    shapely.prepare(slack)
    shapely.prepare(outline)
    geoms = np.array([s.geometry for s in shapes], dtype=object)
    present = np.array([g is not None for g in geoms])
    inside = np.ones(len(shapes), dtype=bool)
    inside[present] = shapely.within(geoms[present], slack)
    result = []
    for item, ok in zip(shapes, inside, strict=True):
        if ok:
            result.append(item)
            continue
        file, feature = series_file(item.series), item.feature_id
        clipped = shapely.intersection(item.geometry, outline)
        clipped = clipped if clipped.is_empty else _polygons(clipped)
        if clipped.is_empty:
            swapped = shapely.transform(item.geometry, lambda xy: xy[:, ::-1]).intersects(outline)
            hint = " (it would lie inside with longitude and latitude swapped)" if swapped else ""
            add(file, feature, "geometry", "a shape inside the country outline", f"a shape entirely outside it{hint}")
            continue
        lost = km2(item.geometry, projection) - km2(clipped, projection)
        notices.append(Notice(file, feature, "geometry", f"clipped to the country outline ({lost:,.2f} km² outside)"))
        result.append(dataclasses.replace(item, geometry=clipped))
    return result


def _polygons(geom: BaseGeometry) -> BaseGeometry:
    parts = [p for g in shapely.get_parts(geom) for p in shapely.get_parts(g) if p.geom_type == "Polygon"]
    return shapely.MultiPolygon(parts) if len(parts) != 1 else parts[0]


def _check_overlaps(add: AddProblem, shapes: list[DrawnShape], projection: Projection) -> None:
    """Two controllers' shapes must not share land on one day unless one of them is marked contested."""
    by_date: dict[date, list[DrawnShape]] = {}
    for item in shapes:
        by_date.setdefault(item.date, []).append(item)
    active: dict[str, DrawnShape] = {}
    for day in sorted(by_date):
        changed = by_date[day]
        for item in changed:
            active[item.series] = item
        for item in changed:
            if item.geometry is None or item.contested:
                continue
            for other in list(active.values()):
                if other.series == item.series or other.geometry is None or other.contested:
                    continue
                if other.controller == item.controller or (other.date == day and other.series < item.series):
                    continue  # same side, or a pair that both changed today and is checked from the other end
                _check_pair(add, day, item, other, projection)


def _check_pair(add: AddProblem, day: date, item: DrawnShape, other: DrawnShape, projection: Projection) -> None:
    # Far-apart pockets are dismissed by their boxes; interiors meeting in an area ("2********") is
    # cheaper to test than computing the intersection.
    (w1, s1, e1, n1), (w2, s2, e2, n2) = item.geometry.bounds, other.geometry.bounds
    if w1 > e2 or w2 > e1 or s1 > n2 or s2 > n1:
        return
    if not shapely.relate_pattern(item.geometry, other.geometry, "2********"):
        return
    shared = km2(shapely.intersection(item.geometry, other.geometry), projection)
    if shared < OVERLAP_TOLERANCE_KM2:
        return
    add(
        series_file(item.series),
        item.feature_id,
        "geometry",
        f"no land shared with another controller on {day} unless marked contested: true",
        f"{shared:,.2f} km² also claimed by series '{other.series}' ({other.controller})",
    )
