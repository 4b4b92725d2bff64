"""The map's area layers: basemap, control zones (hatched where uncertain), unassessed land, front lines.

Zorders: basemap below ZONES_Z; zones, hatching, unassessed land from ZONES_Z; divisions and outline above
the zones; front lines above those. The animation relies on these bands (see animation.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from matplotlib.collections import LineCollection, PatchCollection
from matplotlib.patches import PathPatch
from shapely.geometry.base import BaseGeometry

from ...core.model import Dataset
from ...core.territory import Territory
from ..style import STYLE
from .basemap import Basemap, land_beyond
from .canvas import Canvas
from .paths import line_segments, polygon_path
from .projection import to_mercator

ZONES_Z, HATCH_Z, DIVISIONS_Z, OUTLINE_Z, FRONT_Z = 3, 3.5, 5, 6, 7


@dataclass(frozen=True)
class Hatching:
    """How uncertain land is hatched: line colour, spacing and width (CSS pixels, as the browser map), layer."""

    colour: str
    spacing_css: float = STYLE.hatch_spacing
    width_css: float = STYLE.hatch_width
    zorder: float = HATCH_Z


@dataclass(frozen=True)
class ProjectedTerritory:
    """A territory in Web Mercator: zones as (controller, certain, geometry), unassessed land, front lines."""

    zones: tuple[tuple[str, bool, BaseGeometry], ...]
    unassessed: BaseGeometry
    fronts: list[np.ndarray]


def project_territory(territory: Territory) -> ProjectedTerritory:
    """The territory in Web Mercator, dropping empty zones: projected once, drawn on every frame that shares it."""
    zones = tuple(
        (row.controller, bool(row.certain), _valid(to_mercator(row.geometry)))
        for row in territory.zone_rows
        if row.geometry is not None and not row.geometry.is_empty
    )
    unassessed = (
        _valid(to_mercator(territory.unassessed)) if not territory.unassessed.is_empty else territory.unassessed
    )
    fronts = line_segments(to_mercator(row.geometry) for row in territory.front_rows)
    return ProjectedTerritory(zones, unassessed, fronts)


def _valid(geom: BaseGeometry) -> BaseGeometry:
    """The geometry, repaired when projecting made it invalid: a vertex that touches another ring on the
    overlay grid (drawn territory) can land a hair across it in Mercator, and clipping then fails."""
    return geom if shapely.is_valid(geom) else shapely.make_valid(geom, method="structure", keep_collapsed=False)


def draw_basemap(canvas: Canvas, basemap: Basemap) -> None:
    """Neighbours, land beyond them, the country, its divisions and outline (date-independent)."""
    ax, k = canvas.ax, canvas.k
    beyond = polygon_path(land_beyond(basemap, canvas.view))
    if beyond is not None:
        ax.add_patch(PathPatch(beyond, facecolor=STYLE.neighbour_fill, edgecolor="none", zorder=1))
    if basemap.neighbour_paths:
        ax.add_collection(
            PatchCollection(
                [PathPatch(p) for p in basemap.neighbour_paths],
                facecolors=STYLE.neighbour_fill,
                edgecolors="none",
                zorder=1,
            )
        )
        ax.add_collection(
            LineCollection(basemap.neighbour_borders, colors=STYLE.neighbour_edge, linewidths=0.6 * k, zorder=1.5)
        )
    if basemap.outline_path is not None:
        ax.add_patch(PathPatch(basemap.outline_path, facecolor=STYLE.land, edgecolor="none", zorder=2))
    if basemap.division_segments:
        ax.add_collection(
            LineCollection(
                basemap.division_segments,
                colors=STYLE.division,
                linewidths=0.5 * k,
                linestyles=(0, (4, 3)),
                alpha=0.8,
                zorder=DIVISIONS_Z,
            )
        )
    ax.add_collection(
        LineCollection(
            basemap.outline_segments,
            colors=STYLE.outline,
            linewidths=1.1 * k,
            zorder=OUTLINE_Z,
            capstyle="round",
            joinstyle="round",
        )
    )


def draw_zones(
    canvas: Canvas, dataset: Dataset, territory: ProjectedTerritory, *, opacity: float | None = None, hatch: bool = True
) -> list:
    """Confirmed land in the faction's tint; reported/disputed land paler and hatched in the faction's colour."""
    artists = []
    for controller, certain, geom in territory.zones:
        path = polygon_path(geom.intersection(canvas.view.buffer(canvas.metres_per_pixel() * 20)))
        if path is None:
            continue
        colour = dataset.factions[controller].colour
        alpha = opacity if opacity is not None else (STYLE.zone_opacity if certain else STYLE.uncertain_opacity)
        patch = PathPatch(path, facecolor=colour, edgecolor="none", alpha=alpha, zorder=ZONES_Z)
        canvas.ax.add_artist(patch)  # not add_patch: the extent is fixed, and its limit updates cost seconds
        artists.append(patch)
        if hatch and not certain:
            artists.append(draw_hatch(canvas, path, geom.bounds, Hatching(colour)))
    return artists


def draw_hatch(canvas: Canvas, path, bounds, hatching: Hatching):
    """Diagonal lines (lower left to upper right) every `hatching.spacing_css`, clipped to `path`."""
    step = canvas.px(hatching.spacing_css * 0.75) * canvas.metres_per_pixel() * np.sqrt(2)  # perpendicular spacing
    x0, y0, x1, y1 = bounds
    vx0, vx1, vy0, vy1 = canvas.extent
    x0, y0, x1, y1 = max(x0, vx0), max(y0, vy0), min(x1, vx1), min(y1, vy1)
    # Lines x - y = c: phase-locked to the origin so neighbouring zones' hatches line up.
    cs = np.arange(np.floor((x0 - y1) / step), np.ceil((x1 - y0) / step) + 1) * step
    segments = [((c + y0, y0), (c + y1, y1)) for c in cs]
    lines = LineCollection(
        segments,
        colors=hatching.colour,
        linewidths=canvas.css(hatching.width_css),
        zorder=hatching.zorder,
        capstyle="butt",
        alpha=STYLE.hatch_opacity,
    )
    canvas.ax.add_collection(lines)
    lines.set_clip_path(path, canvas.ax.transData)
    return lines


def draw_unassessed(canvas: Canvas, unassessed: BaseGeometry) -> list:
    """Neutral tint and a grid of dots: never mistaken for a faction's colour."""
    path = polygon_path(unassessed.intersection(canvas.view.buffer(canvas.metres_per_pixel() * 20)))
    if path is None:
        return []
    patch = PathPatch(
        path, facecolor=STYLE.unassessed, edgecolor="none", alpha=STYLE.unassessed_opacity, zorder=ZONES_Z
    )
    canvas.ax.add_artist(patch)
    step = canvas.px(STYLE.unassessed_dot_spacing * 0.75) * canvas.metres_per_pixel()
    x0, x1, y0, y1 = canvas.extent
    xs, ys = np.meshgrid(
        np.arange(np.floor(x0 / step), np.ceil(x1 / step)) * step,
        np.arange(np.floor(y0 / step), np.ceil(y1 / step)) * step,
    )
    xs[1::2] += step / 2  # staggered rows
    inside = shapely.contains_xy(unassessed, xs.ravel(), ys.ravel())
    if not inside.any():
        return [patch]
    size = (2 * canvas.css(STYLE.unassessed_dot_radius)) ** 2
    dots = canvas.ax.scatter(
        xs.ravel()[inside],
        ys.ravel()[inside],
        s=size,
        c=STYLE.unassessed,
        marker="o",
        linewidths=0,
        zorder=ZONES_Z + 0.2,
    )
    return [patch, dots]


def draw_fronts(canvas: Canvas, segments: list[np.ndarray]) -> list:
    """Front lines on a white casing, so they read over any tint."""
    if not segments:
        return []
    width = canvas.css(STYLE.front_weight)
    casing = LineCollection(
        segments,
        colors=STYLE.front_casing,
        linewidths=width + canvas.css(STYLE.front_casing_extra),
        alpha=0.9,
        zorder=FRONT_Z,
        capstyle="round",
        joinstyle="round",
    )
    line = LineCollection(
        segments, colors=STYLE.front, linewidths=width, zorder=FRONT_Z + 1, capstyle="round", joinstyle="round"
    )
    canvas.ax.add_collection(casing)
    canvas.ax.add_collection(line)
    return [casing, line]
