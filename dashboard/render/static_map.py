"""The publishable static map: a PNG of one day and a GIF of a date range, drawn with GeoPandas and
matplotlib (Agg) so exports need no browser and look the same on every machine.

Why it is built this way:
- Web Mercator (EPSG:3857), the projection of the interactive map, so the PNG looks like what users saw;
  the requested bbox is widened (never stretched) to the map rectangle's aspect ratio.
- The map rectangle is a fixed fraction of the image that depends only on its pixel size, so
  `pixel_of` can say where a lon/lat lands without rendering (tests check colours there).
- Everything that does not change with the date (basemap, labels, legend, scale bar) is laid out once per
  `_Scene`. For a GIF it is also rasterized once, as a background and a transparent overlay; each frame
  draws only zones, front lines, markers, the date badge and the cited sources between the two
  (halo text is most of a full redraw's cost), then all frames share one palette.
- Sizes are in points (text, lines, markers) scaled down when the image is smaller than the 8x6 in design,
  so 1600x1200 @ 200 dpi and 800x600 @ 100 dpi are the same picture at two resolutions.
- Only DejaVu Sans (bundled with matplotlib) and English text: Arabic needs shaping matplotlib lacks.
"""

from __future__ import annotations

import io
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

import geopandas as gpd
import numpy as np
import shapely
from matplotlib import patheffects
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection, PatchCollection
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.legend_handler import HandlerTuple
from matplotlib.lines import Line2D
from matplotlib.patches import FancyBboxPatch, PathPatch, Polygon, Rectangle
from matplotlib.path import Path
from PIL import Image
from pyproj import Transformer
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry

from ..core.loader import Dataset
from ..core.state import PlaceState, state_at
from ..core.stats import citation_counts
from ..core.territory import WGS84, Cells, Territory, territory_from_states
from . import style
from .gif import encode_gif
from .text import long_date

MERCATOR = "EPSG:3857"
_TO_MERCATOR = Transformer.from_crs(WGS84, MERCATOR, always_xy=True)

#: The design size in inches: at or above it text keeps its nominal size, below it everything shrinks.
DESIGN_INCHES = (8.0, 6.0)
#: The map rectangle in figure fractions (left, bottom, right, top): a title band above, a footer below.
MAP_RECT = (0.02, 0.085, 0.98, 0.875)
FONT = "DejaVu Sans"
TEXT_COLOUR = "#1a1a1a"
MUTED_COLOUR = "#555555"
MARKER_EDGE = "#222222"
RECENT_EDGE = "#000000"
HALO = "white"
FOOTER_CREDITS = "Boundaries: Natural Earth. Places: GeoNames."
SOURCES_TAIL = "(+{n} more; full list in the GeoJSON export)"
#: Weight of covering one marker of each rank, when choosing the corners for the legend and scale bar.
_RANK_WEIGHT = {1: 12.0, 2: 4.0, 3: 1.5}
#: Layers by zorder, for the animation: below ZONES_Z nothing changes (drawn once as a background);
#: from OVERLAY_Z up, labels, scale bar and legend (rendered once as a transparent overlay); in between,
#: zones, fronts, markers and the thin lines over the zones, drawn for every frame.
ZONES_Z, OVERLAY_Z = 3, 25


# ---------------------------------------------------------------------------------------------- transform


def map_rect_pixels(width: int, height: int) -> tuple[float, float, float, float]:
    """The map rectangle in image pixels from the top-left: (left, top, right, bottom)."""
    left, bottom, right, top = MAP_RECT
    return left * width, (1 - top) * height, right * width, (1 - bottom) * height


def _mercator_xy(lon, lat) -> tuple[np.ndarray, np.ndarray]:
    x, y = _TO_MERCATOR.transform(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
    return np.asarray(x), np.asarray(y)


def map_extent(bbox: tuple[float, float, float, float], width: int, height: int) -> tuple[float, float, float, float]:
    """The bbox in Web Mercator metres (x0, x1, y0, y1), widened to the map rectangle's aspect ratio."""
    west, south, east, north = bbox
    (x0, x1), (y0, y1) = _mercator_xy([west, east], [south, north])
    left, top, right, bottom = map_rect_pixels(width, height)
    aspect = (right - left) / (bottom - top)
    cx, cy, w, h = (x0 + x1) / 2, (y0 + y1) / 2, x1 - x0, y1 - y0
    if w / h < aspect:
        w = h * aspect
    else:
        h = w / aspect
    return cx - w / 2, cx + w / 2, cy - h / 2, cy + h / 2


def pixel_of(lon: float, lat: float, *, bbox: tuple[float, float, float, float], width: int,
             height: int) -> tuple[int, int]:
    """Where (lon, lat) lands in the rendered image: (x, y) pixels from its top-left corner.

    Uses the renderer's own layout and projection; the result may lie outside the image (0..width,
    0..height) when the point is outside the framing. Independent of dpi: dpi only scales text and lines.
    """
    x0, x1, y0, y1 = map_extent(bbox, width, height)
    left, top, right, bottom = map_rect_pixels(width, height)
    mx, my = _mercator_xy(lon, lat)
    px = left + (float(mx) - x0) / (x1 - x0) * (right - left)
    py = bottom - (float(my) - y0) / (y1 - y0) * (bottom - top)
    return math.floor(px), math.floor(py)


def _to_mercator(geom: BaseGeometry) -> BaseGeometry:
    return shapely.transform(geom, lambda xy: np.column_stack(_TO_MERCATOR.transform(xy[:, 0], xy[:, 1])))


# ---------------------------------------------------------------------------------------------- geometry → artists


def _polygon_path(geom: BaseGeometry) -> Path | None:
    """One compound path for a (multi)polygon, holes included (rings oriented for the nonzero fill rule)."""
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


def _line_segments(geoms: Iterable[BaseGeometry]) -> list[np.ndarray]:
    """Every linestring in the geometries (polygon boundaries included) as an (n, 2) array."""
    segments = []
    for geom in geoms:
        if geom is None or geom.is_empty:
            continue
        if geom.geom_type in ("Polygon", "MultiPolygon"):
            geom = geom.boundary
        for part in shapely.get_parts(geom):
            if part.geom_type in ("LineString", "LinearRing") and not part.is_empty:
                segments.append(np.asarray(part.coords)[:, :2])
    return segments


def _features_mercator(features: list[dict]) -> gpd.GeoDataFrame:
    if not features:
        return gpd.GeoDataFrame({"name": []}, geometry=gpd.GeoSeries([], crs=WGS84)).to_crs(MERCATOR)
    return gpd.GeoDataFrame.from_features(features, crs=WGS84).to_crs(MERCATOR)


@dataclass(frozen=True)
class _Basemap:
    """A dataset's boundaries in Web Mercator, ready to draw: projected once, reused by every export."""

    outline: BaseGeometry
    outline_path: Path | None
    outline_segments: list[np.ndarray]
    neighbours: gpd.GeoDataFrame
    neighbour_paths: list[Path]
    neighbour_borders: list[np.ndarray]  # without the artificial edge where the layer was clipped
    governorate_segments: list[np.ndarray]
    land: BaseGeometry  # neighbours and Syria: where the map is not sea
    data_box: tuple[float, float, float, float] | None  # the extent of the neighbours layer (it is clipped)


_BASEMAPS: dict[int, tuple[tuple, _Basemap]] = {}


def _basemap(dataset: Dataset) -> _Basemap:
    """Cached by the identity of the boundary objects (held in the cache, so ids are never reused)."""
    key_objects = (dataset.outline, dataset.neighbours, dataset.governorates)
    cached = _BASEMAPS.get(id(dataset.outline))
    if cached and all(a is b for a, b in zip(cached[0], key_objects)):
        return cached[1]
    outline = _to_mercator(dataset.outline)
    neighbours = _features_mercator(dataset.neighbours)
    governorates = _features_mercator(dataset.governorates)
    paths = [path for path in (_polygon_path(g) for g in neighbours.geometry) if path is not None]
    land = shapely.union_all([outline, *neighbours.geometry]) if len(neighbours) else outline
    borders = []
    if len(neighbours):
        clip_edge = box(*neighbours.total_bounds).exterior.buffer(1.0)
        borders = _line_segments([shapely.union_all(neighbours.boundary.values).difference(clip_edge)])
    basemap = _Basemap(
        outline=outline,
        outline_path=_polygon_path(outline),
        outline_segments=_line_segments([outline]),
        neighbours=neighbours,
        neighbour_paths=paths,
        neighbour_borders=borders,
        governorate_segments=_line_segments(governorates.geometry) if len(governorates) else [],
        land=land,
        data_box=tuple(neighbours.total_bounds) if len(neighbours) else None,
    )
    if len(_BASEMAPS) >= 4:
        _BASEMAPS.pop(next(iter(_BASEMAPS)))
    _BASEMAPS[id(dataset.outline)] = (key_objects, basemap)
    return basemap


def _beyond_data(basemap: _Basemap, view: BaseGeometry, pieces: int = 24) -> BaseGeometry:
    """Land outside the clipped neighbours layer: each stretch of its edge that is land is extended outward.

    The boundaries file stops at a box around Syria; a wide framing would otherwise show 'sea' in Iraq.
    """
    if basemap.data_box is None:
        return shapely.Polygon()
    bx0, by0, bx1, by1 = basemap.data_box
    vx0, vy0, vx1, vy1 = view.bounds
    strip = 0.01 * max(bx1 - bx0, by1 - by0)
    seam = strip / 4
    extrusions = []
    for side in ("west", "east", "south", "north"):
        vertical = side in ("west", "east")
        lo, hi = (by0, by1) if vertical else (bx0, bx1)
        step = (hi - lo) / pieces
        for i in range(pieces):
            a, b = lo + i * step, lo + (i + 1) * step
            # Outer boxes reach a little inside the layer's edge: abutting fills would show a hairline seam.
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


def _label_name(name: str) -> str:
    """'Palmyra (Tadmur)' → 'Palmyra': the map label keeps the common name, the data keeps the rest."""
    return name.split(" (")[0].strip() or name


def _is_recent(state: PlaceState, day: date) -> bool:
    """Same rule as the interactive map: changed hands (not first recorded) within RECENT_CHANGE_DAYS."""
    return bool(state.previous_controller) and day - state.since < timedelta(days=style.RECENT_CHANGE_DAYS)


def _publishers(dataset: Dataset, states: list[PlaceState]) -> list[str]:
    """Publisher names of the sources cited by the records in force, most-cited first, each once.

    Places the reader can see (not anchors) count; the footer can only name a few, so it names those
    that carry most of the map. Ties keep first-cited order.
    """
    by_publisher: Counter[str] = Counter()
    for source_id, count in citation_counts(s.record for s in states if s.place.kind != "anchor").items():
        source = dataset.sources[source_id]
        by_publisher[source.original_publisher or source.publisher] += count
    return [name for name, _ in by_publisher.most_common()]


# ---------------------------------------------------------------------------------------------- the scene


class _Scene:
    """One figure with the date-independent layers drawn; `show_day` swaps in one day's layers."""

    def __init__(self, dataset: Dataset, cells: Cells, bbox, width: int, height: int, dpi: int,
                 days: list[date], animated: bool = False):
        self.dataset, self.cells, self.width, self.height, self.dpi = dataset, cells, width, height, dpi
        self.animated = animated
        self.k = min(1.0, width / dpi / DESIGN_INCHES[0], height / dpi / DESIGN_INCHES[1])
        self.fig = Figure(figsize=(width / dpi, height / dpi), dpi=dpi, facecolor="white")
        FigureCanvasAgg(self.fig)
        left, bottom, right, top = MAP_RECT
        self.ax = ax = self.fig.add_axes((left, bottom, right - left, top - bottom))
        self.extent = x0, x1, y0, y1 = map_extent(bbox, width, height)
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_aspect("auto")
        ax.set_autoscale_on(False)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_facecolor(style.SEA_COLOUR)
        for spine in ax.spines.values():
            spine.set_edgecolor("#9a9a9a")
            spine.set_linewidth(0.6 * self.k)
        self.renderer = self.fig.canvas.get_renderer()
        self.view = box(x0, y0, x1, y1)
        self.places = [p for p in dataset.places if p.kind != "anchor"]
        px, py = _mercator_xy([p.lon for p in self.places], [p.lat for p in self.places])
        self.place_xy = np.column_stack([px, py]) if self.places else np.zeros((0, 2))
        self.radius_pt = np.asarray([style.marker_style(p.rank, "held", False).radius * 0.75 * self.k
                                     for p in self.places])
        self.basemap = _basemap(dataset)
        self._draw_basemap()
        self.obstacles: list[tuple[float, float, float, float]] = []  # display boxes labels must avoid
        self._day_data: dict[date, tuple[list[PlaceState], Territory]] = {}
        self._draw_legend(self._factions_in_view(days))
        self._draw_scale_bar()
        self._draw_place_labels()
        self._draw_country_labels()
        self._draw_frame_text()
        self._day_artists: list = []
        self._word_widths: dict[str, float] = {}

    def _states_and_territory(self, day: date) -> tuple[list[PlaceState], Territory]:
        if day not in self._day_data:
            states = state_at(self.dataset, day)
            self._day_data[day] = states, territory_from_states(states, self.cells, day)
        return self._day_data[day]

    def _factions_in_view(self, days: list[date]) -> list[str]:
        """Controllers with territory inside the framing on any of the days, in factions.json order."""
        (west, east), (south, north) = _TO_MERCATOR.transform(self.extent[:2], self.extent[2:], direction="INVERSE")
        frame = box(west, south, east, north)
        present = set()
        for day in days:
            zones = self._states_and_territory(day)[1].zones
            # A sliver at the edge is not 'present' (a ratio of areas in degrees is fine for a threshold).
            shown = shapely.area(shapely.intersection(np.asarray(zones.geometry.values), frame)) > frame.area * 0.002
            present.update(zones.loc[shown, "controller"])
        ordered = [f for f in self.dataset.factions if f in present]
        return ordered + sorted(present - set(ordered))

    # -- helpers ------------------------------------------------------------------------------------

    def pt(self, points: float) -> float:
        """A design size in points, shrunk for images smaller than the design size."""
        return points * self.k

    def _display(self, xy: np.ndarray) -> np.ndarray:
        return self.ax.transData.transform(xy)

    def _markers_display(self) -> tuple[np.ndarray, np.ndarray]:
        """Marker centres in display pixels (origin bottom-left) and their radii in pixels."""
        return self._display(self.place_xy), self.radius_pt * self.dpi / 72

    def _visible(self) -> np.ndarray:
        x0, x1, y0, y1 = self.extent
        xy = self.place_xy
        return (xy[:, 0] >= x0) & (xy[:, 0] <= x1) & (xy[:, 1] >= y0) & (xy[:, 1] <= y1)

    def _box_cost(self, bx: tuple[float, float, float, float]) -> float:
        """How bad it is to cover this display box: markers under it, and Syria (the subject) under it."""
        centres, radii = self._markers_display()
        x0, y0, x1, y1 = bx
        inside = ((centres[:, 0] + radii > x0) & (centres[:, 0] - radii < x1)
                  & (centres[:, 1] + radii > y0) & (centres[:, 1] - radii < y1))
        cost = sum(_RANK_WEIGHT.get(p.rank, 1.0) for p, hit in zip(self.places, inside) if hit)
        inverse = self.ax.transData.inverted()
        (dx0, dy0), (dx1, dy1) = inverse.transform([(x0, y0), (x1, y1)])
        covered = box(min(dx0, dx1), min(dy0, dy1), max(dx0, dx1), max(dy0, dy1))
        if covered.area > 0:
            cost += 8.0 * self.basemap.outline.intersection(covered).area / covered.area
        return cost

    # -- static layers --------------------------------------------------------------------------------

    def _draw_basemap(self) -> None:
        ax, k, basemap = self.ax, self.k, self.basemap
        beyond = _beyond_data(basemap, self.view)
        path = None if beyond.is_empty else _polygon_path(beyond)
        if path is not None:
            ax.add_patch(PathPatch(path, facecolor=style.NEIGHBOUR_FILL, edgecolor="none", zorder=1))
        if basemap.neighbour_paths:
            ax.add_collection(PatchCollection([PathPatch(p) for p in basemap.neighbour_paths],
                                              facecolors=style.NEIGHBOUR_FILL, edgecolors="none", zorder=1))
            ax.add_collection(LineCollection(basemap.neighbour_borders, colors=style.NEIGHBOUR_EDGE,
                                             linewidths=0.6 * k, zorder=1.5))
        if basemap.outline_path is not None:
            ax.add_patch(PathPatch(basemap.outline_path, facecolor=style.LAND_COLOUR, edgecolor="none", zorder=2))
        if basemap.governorate_segments:
            ax.add_collection(LineCollection(basemap.governorate_segments, colors=style.GOVERNORATE_COLOUR,
                                             linewidths=0.5 * k, linestyles=(0, (4, 3)), alpha=0.8, zorder=5))
        ax.add_collection(LineCollection(basemap.outline_segments, colors=style.OUTLINE_COLOUR,
                                         linewidths=1.1 * k, zorder=6, capstyle="round", joinstyle="round"))

    def _legend_handles(self, factions: list[str]) -> tuple[list, list[str]]:
        k = self.k
        handles, labels = [], []
        for faction_id in factions:
            faction = self.dataset.factions.get(faction_id)
            colour = faction.colour if faction else "#999999"
            zone = Rectangle((0, 0), 1, 1, facecolor=colour, alpha=style.ZONE_OPACITY_STATIC, edgecolor="none")
            dot = Line2D([], [], linestyle="none", marker="o", markersize=self.pt(6.5), markerfacecolor=colour,
                         markeredgecolor=MARKER_EDGE, markeredgewidth=self.pt(0.8))
            handles.append((zone, dot))
            labels.append(faction.short_name if faction else faction_id)
        front = Line2D([], [], color=style.FRONT_LINE_COLOUR, linewidth=style.FRONT_LINE_WEIGHT * 0.75 * k,
                       solid_capstyle="round")
        contested = Line2D([], [], linestyle="none", marker="o", markersize=self.pt(7), markerfacecolor="#e6e6e6",
                           markeredgecolor=style.CONTESTED_COLOUR, markeredgewidth=self.pt(2.2))
        recent = Line2D([], [], linestyle="none", marker="o", markersize=self.pt(7), markerfacecolor="#e6e6e6",
                        markeredgecolor=RECENT_EDGE, markeredgewidth=self.pt(2.4))
        days = style.RECENT_CHANGE_DAYS
        handles += [front, contested, recent]
        labels += ["Front line (approx.)", "Contested", f"Changed hands in last {days} days"]
        return handles, labels

    def _draw_legend(self, factions: list[str]) -> None:
        """The legend in the corner where it hides the fewest places and the least of Syria."""
        handles, labels = self._legend_handles(factions)
        kwargs = dict(handler_map={tuple: HandlerTuple(ndivide=1, pad=0)}, prop={"family": FONT, "size": self.pt(7)},
                      title="Control", title_fontproperties={"family": FONT, "size": self.pt(7.5), "weight": "bold"},
                      frameon=True, framealpha=0.93, edgecolor="#bbbbbb", facecolor="white", fancybox=False,
                      borderpad=0.6, labelspacing=0.45, handlelength=1.6, handleheight=1.0, borderaxespad=0.6,
                      alignment="left")
        legend = self.ax.legend(handles, labels, loc="lower left", **kwargs)
        legend.set_zorder(30)
        size = legend.get_window_extent(self.renderer)
        axes = self.ax.get_window_extent(self.renderer)
        pad_x, pad_y = size.x0 - axes.x0, size.y0 - axes.y0
        w, h = size.width, size.height
        boxes = {
            "lower left": (axes.x0 + pad_x, axes.y0 + pad_y),
            "lower right": (axes.x1 - pad_x - w, axes.y0 + pad_y),
            "upper left": (axes.x0 + pad_x, axes.y1 - pad_y - h),
            "upper right": (axes.x1 - pad_x - w, axes.y1 - pad_y - h),
        }
        preference = {"lower right": 0.0, "lower left": 0.01, "upper right": 0.02, "upper left": 0.03}
        best = min(boxes, key=lambda loc: self._box_cost((*boxes[loc], boxes[loc][0] + w, boxes[loc][1] + h))
                   + preference[loc])
        legend.set_loc(best)
        self.legend, self.legend_loc = legend, best
        x, y = boxes[best]
        self.obstacles.append((x, y, x + w, y + h))

    def _nice_scale_km(self) -> tuple[float, float]:
        """A round length near a fifth of the map width, and metres-on-the-map per true metre there."""
        x0, x1, y0, y1 = self.extent
        lat = math.degrees(math.atan(math.sinh((y0 + y1) / 2 / 6378137.0)))
        stretch = 1 / math.cos(math.radians(lat))
        width_km = (x1 - x0) / stretch / 1000
        target = width_km / 5
        nice = max((n for n in (5, 10, 20, 25, 50, 100, 150, 200, 250, 500) if n <= target), default=5)
        return nice, stretch

    def _draw_scale_bar(self) -> None:
        """Scale bar (two segments, km at the map centre's latitude) and a north arrow, in a free corner."""
        ax, k = self.ax, self.k
        km, stretch = self._nice_scale_km()
        x0, x1, _, _ = self.extent
        bar_w = km * 1000 * stretch / (x1 - x0)  # axes fraction
        axes_box = ax.get_window_extent(self.renderer)
        px_per_pt = self.dpi / 72
        fx = lambda points: points * k * px_per_pt / axes_box.width  # noqa: E731
        fy = lambda points: points * k * px_per_pt / axes_box.height  # noqa: E731
        block_w, block_h = bar_w + fx(40), fy(34)
        pad_x, pad_y = fx(8), fy(8)
        options = {"lower left": (pad_x, pad_y), "lower right": (1 - pad_x - block_w, pad_y),
                   "upper left": (pad_x, 1 - pad_y - block_h), "upper right": (1 - pad_x - block_w, 1 - pad_y - block_h)}
        options.pop(self.legend_loc, None)
        best, best_cost = None, math.inf
        for bx, by in options.values():
            disp = (axes_box.x0 + bx * axes_box.width, axes_box.y0 + by * axes_box.height,
                    axes_box.x0 + (bx + block_w) * axes_box.width, axes_box.y0 + (by + block_h) * axes_box.height)
            cost = self._box_cost(disp)
            if cost < best_cost - 1e-9:
                best, best_cost = (bx, by, disp), cost
        bx, by, disp = best
        self.obstacles.append(disp)
        t = ax.transAxes
        ax.add_patch(FancyBboxPatch((bx, by), block_w, block_h, boxstyle="square,pad=0", transform=t,
                                    facecolor="white", edgecolor="none", alpha=0.75, zorder=28))
        bar_x, bar_y, bar_h = bx + fx(6), by + fy(8), fy(4)
        for i in range(2):
            ax.add_patch(Rectangle((bar_x + i * bar_w / 2, bar_y), bar_w / 2, bar_h, transform=t,
                                   facecolor=TEXT_COLOUR if i == 0 else "white", edgecolor=TEXT_COLOUR,
                                   linewidth=0.6 * k, zorder=29))
        text = dict(transform=t, fontsize=self.pt(6.5), family=FONT, color=TEXT_COLOUR, zorder=29, ha="center",
                    va="bottom")
        ax.text(bar_x, bar_y + bar_h + fy(2), "0", **text)
        ax.text(bar_x + bar_w / 2, bar_y + bar_h + fy(2), f"{km / 2:g}", **text)
        ax.text(bar_x + bar_w, bar_y + bar_h + fy(2), f"{km:g} km", **text)
        # North arrow: Web Mercator keeps north straight up everywhere on the map.
        ax_x, ax_y = bx + block_w - fx(14), by + fy(6)
        arrow = [(ax_x, ax_y + fy(16)), (ax_x - fx(5), ax_y), (ax_x, ax_y + fy(4)), (ax_x + fx(5), ax_y)]
        ax.add_patch(Polygon(arrow, closed=True, transform=t, facecolor=TEXT_COLOUR, edgecolor=TEXT_COLOUR,
                             linewidth=0.5 * k, zorder=29))
        ax.text(ax_x, ax_y + fy(17), "N", transform=t, fontsize=self.pt(7.5), family=FONT, weight="bold",
                color=TEXT_COLOUR, ha="center", va="bottom", zorder=29)

    def _draw_place_labels(self) -> None:
        """Rank-1 places always labelled, rank-2 only where the label fits; never over a marker's centre."""
        centres, radii = self._markers_display()
        visible = self._visible()
        ax_box = self.ax.get_window_extent(self.renderer)
        bounds = (ax_box.x0 + 2, ax_box.y0 + 2, ax_box.x1 - 2, ax_box.y1 - 2)
        marker_boxes = [(cx - r, cy - r, cx + r, cy + r) for (cx, cy), r in zip(centres, radii)]
        placed: list[tuple[float, float, float, float]] = list(self.obstacles)
        order = sorted((i for i, p in enumerate(self.places) if visible[i] and p.rank <= 2),
                       key=lambda i: (self.places[i].rank, -self.places[i].lat))
        halo = [patheffects.withStroke(linewidth=self.pt(2.2), foreground=HALO)]
        for i in order:
            place = self.places[i]
            major = place.rank == 1
            props = FontProperties(family=FONT, size=self.pt(8.2 if major else 6.6), weight="bold" if major else "normal")
            text = _label_name(place.name)
            w, h, d = self.renderer.get_text_width_height_descent(text, props, ismath=False)
            cx, cy = centres[i]
            gap = radii[i] + self.pt(2.5) * self.dpi / 72
            g = gap * 0.75
            candidates = [  # (x, y of the text's anchor, ha, va, preference)
                (cx + gap, cy, "left", "center", 0.0), (cx - gap, cy, "right", "center", 0.3),
                (cx + g, cy + g, "left", "bottom", 0.5), (cx + g, cy - g, "left", "top", 0.6),
                (cx - g, cy + g, "right", "bottom", 0.7), (cx - g, cy - g, "right", "top", 0.8),
                (cx, cy + gap, "center", "bottom", 0.9), (cx, cy - gap, "center", "top", 1.0),
            ]
            best, best_cost = None, math.inf
            for x, y, ha, va, preference in candidates:
                bx = _text_box(x, y, w, h, ha, va)
                covers_centre = any(bx[0] <= mx <= bx[2] and bx[1] <= my <= bx[3] for mx, my in centres[visible])
                outside = not (bx[0] >= bounds[0] and bx[1] >= bounds[1] and bx[2] <= bounds[2] and bx[3] <= bounds[3])
                overlap = sum(_overlap(bx, other) for other in placed) + 0.5 * sum(
                    _overlap(bx, mb) for j, mb in enumerate(marker_boxes) if j != i and visible[j])
                if not major and (covers_centre or outside or overlap > 0):
                    continue
                cost = 1e6 * covers_centre + 1e5 * outside + overlap / max(w * h, 1) * 100 + preference
                if cost < best_cost:
                    best, best_cost = (x, y, ha, va, bx), cost
            if best is None:
                continue
            x, y, ha, va, bx = best
            placed.append(bx)
            self.ax.annotate(text, xy=(x, y), xycoords="figure pixels", ha=ha, va=va, fontproperties=props,
                             color=TEXT_COLOUR if major else "#333333", zorder=25, path_effects=halo,
                             annotation_clip=False, parse_math=False)
        self.obstacles = placed

    def _draw_country_labels(self) -> None:
        """Neighbouring country names and the sea, in the roomiest free spot of each, only where they fit."""
        inner = self.view.buffer(-(self.extent[1] - self.extent[0]) * 0.015)
        inverse = self.ax.transData.inverted()
        blocked = shapely.union_all([box(*inverse.transform([(o[0], o[1])])[0], *inverse.transform([(o[2], o[3])])[0])
                                     for o in self.obstacles]) if self.obstacles else shapely.Polygon()
        areas = [(" ".join(str(name).upper()), geom, "#a29d90", "normal")
                 for name, geom in zip(self.basemap.neighbours.get("name", []), self.basemap.neighbours.geometry)
                 if name and not str(name).startswith("N. ")]
        sea = inner.difference(self.basemap.land).difference(_beyond_data(self.basemap, self.view))
        areas.append(("Mediterranean\nSea", sea, "#7d9bb0", "italic"))
        for label, geom, colour, font_style in areas:
            part = geom.intersection(inner).difference(blocked)
            if part.is_empty or part.area < inner.area * 0.01:
                continue
            part = max(shapely.get_parts(part), key=lambda g: g.area)
            if part.geom_type != "Polygon":
                continue
            props = FontProperties(family=FONT, size=self.pt(7.5), weight="bold" if font_style == "normal" else "normal",
                                   style=font_style)
            lines = label.split("\n")
            sizes = [self.renderer.get_text_width_height_descent(line, props, ismath=False) for line in lines]
            w, h = max(s[0] for s in sizes), sum(s[1] for s in sizes) * 1.25
            anchor = shapely.maximum_inscribed_circle(part, tolerance=part.length / 1000)
            cx, cy = self._display(np.asarray(anchor.coords)[:1])[0]
            bx = _text_box(cx, cy, w, h, "center", "center")
            (a, b), (c, d) = inverse.transform([(bx[0], bx[1]), (bx[2], bx[3])])
            if not part.contains(box(a, b, c, d)) or any(_overlap(bx, o) > 0 for o in self.obstacles):
                continue
            self.obstacles.append(bx)
            self.ax.text(float(anchor.coords[0][0]), float(anchor.coords[0][1]), label, fontproperties=props,
                         color=colour, ha="center", va="center", multialignment="center", zorder=2.5,
                         parse_math=False, linespacing=1.1)

    # -- per-day layers -------------------------------------------------------------------------------

    def show_day(self, day: date) -> None:
        """Replace the previous day's zones, front lines, markers, title and sources with `day`'s."""
        for artist in self._day_artists:
            artist.remove()
        self._day_artists = []
        states, territory = self._states_and_territory(day)
        self._draw_zones(territory.zones)
        self._draw_fronts(territory.front_lines)
        self._draw_markers(states, day)
        self._draw_title(day)
        self._draw_footer(states)

    def _draw_zones(self, zones: gpd.GeoDataFrame) -> None:
        if not len(zones):
            return
        patches, colours = [], []
        for row in zones.to_crs(MERCATOR).itertuples():
            path = _polygon_path(row.geometry)
            if path is None:
                continue
            faction = self.dataset.factions.get(row.controller)
            patches.append(PathPatch(path))
            colours.append(faction.colour if faction else "#999999")
        collection = PatchCollection(patches, facecolors=colours, edgecolors="none", alpha=style.ZONE_OPACITY_STATIC,
                                     zorder=3)
        self.ax.add_collection(collection)
        self._day_artists.append(collection)

    def _draw_fronts(self, fronts: gpd.GeoDataFrame) -> None:
        if not len(fronts):
            return
        segments = _line_segments(fronts.to_crs(MERCATOR).geometry)
        width = style.FRONT_LINE_WEIGHT * 0.75 * self.k
        casing = LineCollection(segments, colors="white", linewidths=width + self.pt(2.6), alpha=0.9, zorder=7,
                                capstyle="round", joinstyle="round")
        line = LineCollection(segments, colors=style.FRONT_LINE_COLOUR, linewidths=width, zorder=8,
                              capstyle="round", joinstyle="round")
        self.ax.add_collection(casing)
        self.ax.add_collection(line)
        self._day_artists += [casing, line]

    def _draw_markers(self, states: list[PlaceState], day: date) -> None:
        """Opaque circles in the controller's colour: the exact colour sits at each place's pixel."""
        by_id = {s.place.id: s for s in states}
        rows = []
        for i, place in enumerate(self.places):
            state = by_id.get(place.id)
            if state is None:
                continue
            recent = _is_recent(state, day)
            marker = style.marker_style(place.rank, state.status, recent)
            faction = self.dataset.factions.get(state.controller)
            if state.status == "contested":  # dashes are in multiples of the line width
                edge, width, dashes = style.CONTESTED_COLOUR, 2.4, (0, (2.2, 1.3))
            elif recent:
                edge, width, dashes = RECENT_EDGE, marker.weight * 0.75, "solid"
            else:
                edge, width, dashes = MARKER_EDGE, marker.weight * 0.55, "solid"
            width = min(self.pt(width), 0.55 * self.radius_pt[i])  # a small town's ring must leave its fill visible
            rows.append((place.rank, i, faction.colour if faction else "#999999", edge, width, dashes))
        if not rows:
            return
        rows.sort(key=lambda r: -r[0])  # big places drawn last, on top
        index = [r[1] for r in rows]
        sizes = (self.radius_pt[index] * 2) ** 2  # scatter sizes are marker diameters in points, squared
        markers = self.ax.scatter(self.place_xy[index, 0], self.place_xy[index, 1], s=sizes, marker="o",
                                  facecolors=[r[2] for r in rows], edgecolors=[r[3] for r in rows],
                                  linewidths=[r[4] for r in rows], linestyles=[r[5] for r in rows], zorder=20,
                                  alpha=None)
        self._day_artists.append(markers)

    def _inches_y(self, inches: float) -> float:
        """A vertical distance in (design-scaled) inches as a fraction of the figure height."""
        return self.pt(inches) / (self.height / self.dpi)

    def _draw_frame_text(self) -> None:
        """Title, subtitle and caveat that do not depend on the day (the PNG's dated title is per day)."""
        fig, top = self.fig, 1 - self._inches_y(0.13)
        if self.animated:
            fig.text(MAP_RECT[0], top, "Territorial control in Syria", ha="left", va="top", fontsize=self.pt(16),
                     family=FONT, weight="bold", color=TEXT_COLOUR, parse_math=False)
        fig.text(MAP_RECT[0], top - self._inches_y(0.33) * (1.08 if self.animated else 1),
                 "Settlements coloured by who held them; shading shows the territory this implies.",
                 ha="left", va="top", fontsize=self.pt(8), family=FONT, color=MUTED_COLOUR, parse_math=False)
        self.footer_props = FontProperties(family=FONT, size=self.pt(6.4))
        fig.text(MAP_RECT[0], MAP_RECT[1] - self._inches_y(0.06), f"{style.TERRITORY_CAVEAT} {FOOTER_CREDITS}",
                 ha="left", va="top", fontproperties=self.footer_props, color=TEXT_COLOUR, parse_math=False)

    def _draw_title(self, day: date) -> None:
        """The date: in the PNG's title; in the animation, a large badge that reads at a glance."""
        fig, top = self.fig, 1 - self._inches_y(0.13)
        if self.animated:
            pad = 0.28 * self.pt(17) / 72  # inches: the box is drawn around the text, keep it inside the margins
            text = fig.text(MAP_RECT[2] - pad / (self.width / self.dpi), top - pad / (self.height / self.dpi),
                            f"{day:%a} {day.day} {day:%b %Y}", ha="right", va="top",
                            fontsize=self.pt(17), family=FONT, weight="bold", color="white", parse_math=False,
                            bbox=dict(boxstyle="round,pad=0.28", facecolor=TEXT_COLOUR, edgecolor="none"))
        else:
            text = fig.text(MAP_RECT[0], top, f"Territorial control in Syria \N{EM DASH} {long_date(day)}", ha="left",
                            va="top", fontsize=self.pt(14.5), family=FONT, weight="bold", color=TEXT_COLOUR,
                            parse_math=False)
        self._day_artists.append(text)

    def _draw_footer(self, states: list[PlaceState]) -> None:
        """The publishers cited by the records in force on the day, as many as fit on one line."""
        props = self.footer_props
        usable = (MAP_RECT[2] - MAP_RECT[0]) * self.width
        sources = _fit_sources(_publishers(self.dataset, states), usable, self._measure_words(props))
        line_h = props.get_size_in_points() * 1.45 / 72 / (self.height / self.dpi)
        y = MAP_RECT[1] - self._inches_y(0.06) - line_h
        self._day_artists.append(self.fig.text(MAP_RECT[0], y, sources, ha="left", va="top", fontproperties=props,
                                               color=MUTED_COLOUR, parse_math=False))

    def _measure_words(self, props: FontProperties):
        """A fast text-width estimate: the sum of cached word widths (long strings are slow to lay out)."""
        cache = self._word_widths
        space = self.renderer.get_text_width_height_descent("a a", props, ismath=False)[0] - \
            self.renderer.get_text_width_height_descent("aa", props, ismath=False)[0]

        def measure(text: str) -> float:
            words = text.split(" ")
            for word in words:
                if word not in cache:
                    cache[word] = self.renderer.get_text_width_height_descent(word, props, ismath=False)[0]
            return sum(cache[w] for w in words) + space * (len(words) - 1)

        return measure

    # -- animation -----------------------------------------------------------------------------------

    def _middle_artists(self) -> list:
        artists = [*self.ax.collections, *self.ax.patches, *self.ax.texts, *self.ax.lines]
        return sorted((a for a in artists if ZONES_Z <= a.get_zorder() < OVERLAY_Z), key=lambda a: a.get_zorder())

    def start_animation(self) -> None:
        """Render the unchanging bottom (basemap) and top (labels, legend, scale bar) once.

        Text with halos is most of a frame's drawing time; after this a frame draws only the middle layers
        onto the saved background and blends the saved overlay over them (see `frame`).
        """
        canvas = self.fig.canvas
        axes_artists = self.ax.get_children()
        everything = [*axes_artists, *self.fig.texts, self.fig.patch]
        saved = {artist: artist.get_visible() for artist in everything}
        try:
            for artist in axes_artists:
                artist.set_visible(saved[artist] and (artist is self.ax.patch or artist.get_zorder() < ZONES_Z))
            for artist in self.fig.texts:
                artist.set_visible(saved[artist] and artist not in self._day_artists)
            canvas.draw()
            self._background = canvas.copy_from_bbox(self.fig.bbox)
            for artist in everything:
                artist.set_visible(saved[artist] and artist.get_zorder() >= OVERLAY_Z and artist is not self.ax.patch
                                   and artist not in self.fig.texts and artist is not self.fig.patch)
            canvas.draw()
            overlay = np.asarray(canvas.buffer_rgba()).astype(np.float32)
        finally:
            for artist, visible in saved.items():
                artist.set_visible(visible)
        alpha = overlay[..., 3] / 255
        covered = alpha > 0
        self._overlay_index = np.flatnonzero(covered)
        self._overlay_colour = overlay[..., :3][covered] * alpha[covered, None] + 0.5
        self._overlay_keep = 1 - alpha[covered, None]

    def frame(self, day: date) -> Image.Image:
        """`day`'s image, drawing only what changes (call `start_animation` first): same pixels as `image`."""
        self.show_day(day)
        canvas = self.fig.canvas
        canvas.restore_region(self._background)
        for artist in self._middle_artists():
            if artist.get_visible():
                self.ax.draw_artist(artist)
        for text in self.fig.texts:
            if text in self._day_artists:
                self.fig.draw_artist(text)
        rgb = np.asarray(canvas.buffer_rgba())[..., :3].reshape(-1, 3).copy()
        under = rgb[self._overlay_index].astype(np.float32)
        rgb[self._overlay_index] = (self._overlay_colour + under * self._overlay_keep).astype(np.uint8)
        return self._sized(Image.fromarray(rgb.reshape(self.fig.canvas.get_width_height()[::-1] + (3,)), "RGB"))

    # -- output ---------------------------------------------------------------------------------------

    def image(self) -> Image.Image:
        """The figure as an RGB image of exactly width x height pixels."""
        self.fig.canvas.draw()
        rgba = np.asarray(self.fig.canvas.buffer_rgba())
        return self._sized(Image.fromarray(rgba[..., :3].copy(), "RGB"))

    def _sized(self, image: Image.Image) -> Image.Image:
        if image.size != (self.width, self.height):  # figsize rounding: pad or crop, never rescale
            canvas = Image.new("RGB", (self.width, self.height), "white")
            canvas.paste(image, (0, 0))
            image = canvas
        return image


def _text_box(x: float, y: float, w: float, h: float, ha: str, va: str) -> tuple[float, float, float, float]:
    """A text's display box (x0, y0, x1, y1) from its anchor and alignment, with a little halo margin."""
    x0 = {"left": x, "right": x - w, "center": x - w / 2}[ha]
    y0 = {"bottom": y, "top": y - h, "center": y - h / 2}[va]
    return x0 - 1.5, y0 - 1.5, x0 + w + 1.5, y0 + h + 1.5


def _overlap(a, b) -> float:
    dx = min(a[2], b[2]) - max(a[0], b[0])
    dy = min(a[3], b[3]) - max(a[1], b[1])
    return dx * dy if dx > 0 and dy > 0 else 0.0


def _fit_sources(publishers: list[str], width_px: float, measure) -> str:
    """'Sources: A, B, … (+N more; full list in the GeoJSON export)', as many names as fit on one line."""
    if not publishers:
        return "Sources: see the GeoJSON export."
    full = "Sources: " + ", ".join(publishers) + "."
    if measure(full) <= width_px:
        return full
    for n in range(len(publishers) - 1, 0, -1):
        text = "Sources: " + ", ".join(publishers[:n]) + ", " + SOURCES_TAIL.format(n=len(publishers) - n)
        if measure(text) <= width_px:
            return text
    return "Sources: " + SOURCES_TAIL.format(n=len(publishers)).strip("()").replace("+", "")


# ---------------------------------------------------------------------------------------------- public API


def render_png(dataset: Dataset, day: date, cells: Cells, *, bbox=style.FOCUS_PRESETS[style.DEFAULT_FOCUS],
               width: int = 1600, height: int = 1200, dpi: int = 200) -> bytes:
    """The map of `day` as PNG bytes, exactly width x height pixels."""
    scene = _Scene(dataset, cells, bbox, width, height, dpi, [day])
    scene.show_day(day)
    buffer = io.BytesIO()
    scene.image().save(buffer, format="PNG", dpi=(dpi, dpi), compress_level=6)
    return buffer.getvalue()


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def _fixed_palette(dataset: Dataset) -> list[tuple[int, int, int]]:
    """Colours that must survive quantization exactly: faction fills, their zone tints, the basemap."""
    base = [to_rgb(c) for c in ("white", TEXT_COLOUR, MUTED_COLOUR, MARKER_EDGE, RECENT_EDGE, style.SEA_COLOUR,
                                style.LAND_COLOUR, style.NEIGHBOUR_FILL, style.NEIGHBOUR_EDGE, style.OUTLINE_COLOUR,
                                style.GOVERNORATE_COLOUR, style.CONTESTED_COLOUR, style.FRONT_LINE_COLOUR, "#e6e6e6")]
    land, alpha = np.asarray(to_rgb(style.LAND_COLOUR)), style.ZONE_OPACITY_STATIC
    for faction in dataset.factions.values():
        colour = np.asarray(to_rgb(faction.colour))
        base += [tuple(colour), tuple(alpha * colour + (1 - alpha) * land),
                 tuple(alpha * colour + (1 - alpha) * np.asarray(to_rgb("white")))]
    unique = list(dict.fromkeys(tuple(round(v * 255) for v in c) for c in base))
    return unique[:128]


def render_gif(dataset: Dataset, start: date, end: date, cells: Cells, *, bbox=style.FOCUS_PRESETS[style.DEFAULT_FOCUS],
               width: int = 1600, height: int = 1200, dpi: int = 200, frame_ms: int = 700) -> bytes:
    """One frame per day from `start` to `end` inclusive, looping forever; the last frame is held 3x."""
    days = _days(start, end)
    if not days:
        raise ValueError(f"the animation's start {start} is after its end {end}")
    scene = _Scene(dataset, cells, bbox, width, height, dpi, days, animated=True)
    scene.show_day(days[0])
    scene.start_animation()
    frames = [scene.frame(day) for day in days]
    durations = [frame_ms] * (len(frames) - 1) + [frame_ms * 3]
    return encode_gif(frames, _fixed_palette(dataset), durations)
