"""The legend lists every colour and symbol drawn in the image, and nothing else.

`Content` records what a map shows inside its frame (factions whose land or marker is visible, a single
marker included; rings in other factions' colours; front lines; unassessed and uncertain land; the kinds
of marker ring). `entries` turns it into legend rows; `draw_legend` puts them in the corner that hides
the least, mirrored on Arabic maps (swatch right of the text).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import shapely
from matplotlib.legend_handler import HandlerTuple
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from ...core.model import Dataset
from ..style import STYLE
from .canvas import Canvas
from .language import FONT
from .markers import Marker, pale
from .page import wrap
from .placement import best_corner

LEGEND_Z = 30
MAX_ROWS = 9  # longer legends use two columns: short and wide fits a map's empty corner better
RANK_WEIGHT = {1: 12.0, 2: 4.0, 3: 1.5}  # what covering one marker of each rank costs a corner


@dataclass
class Content:
    """What one image (or every frame of an animation) shows inside the map."""

    factions: set[str] = field(default_factory=set)
    fronts: bool = False
    unassessed: bool = False
    uncertain: bool = False
    contested: bool = False
    besieged_by: set[str] = field(default_factory=set)
    split_with: set[str] = field(default_factory=set)
    recent: bool = False

    def update(self, other: Content) -> None:
        """Add what another day shows, so one legend covers every frame of an animation."""
        self.factions |= other.factions
        self.besieged_by |= other.besieged_by
        self.split_with |= other.split_with
        for flag in ("fronts", "unassessed", "uncertain", "contested", "recent"):
            setattr(self, flag, getattr(self, flag) or getattr(other, flag))


def content_of(canvas: Canvas, territory, markers: list[Marker]) -> Content:
    """What a day's territory (ProjectedTerritory) and markers put inside the frame (slivers under ~2 px excluded)."""
    min_area = 2 * canvas.metres_per_pixel() ** 2
    content = Content()
    for controller, certain, geom in territory.zones:
        if shapely.intersection(geom, canvas.view).area > min_area:
            content.factions.add(controller)
            content.uncertain |= not certain
    content.unassessed = (
        not territory.unassessed.is_empty and shapely.intersection(territory.unassessed, canvas.view).area > min_area
    )
    if territory.fronts:
        content.fronts = any(
            shapely.intersects(shapely.LineString(s), canvas.view) for s in territory.fronts if len(s) > 1
        )
    for m in markers:
        content.factions.add(m.controller)
        content.uncertain |= not m.certain
        content.contested |= m.ring == "contested"
        content.recent |= m.recent
        if m.ring == "besieged":
            content.besieged_by.add(m.ring_faction)
        elif m.ring == "split":
            content.split_with.add(m.ring_faction)
    content.factions |= content.besieged_by | content.split_with
    return content


@dataclass(frozen=True)
class Entry:
    """One legend row: what it explains (`kind`, and the faction when it has one) and its text."""

    kind: str
    label: str
    faction: str | None = None


@dataclass(frozen=True)
class Legend:
    """A legend to draw: its rows, one swatch (matplotlib handle, or a tuple of them) per row, and its title."""

    rows: list[Entry]
    handles: list
    title: str


def entries(content: Content, dataset: Dataset, language) -> list[Entry]:
    """Legend rows in a fixed order: factions in factions.json order, then the symbols."""
    w, manifest = language.words, dataset.manifest
    name = lambda faction_id: language.faction_name(dataset.factions[faction_id])  # noqa: E731
    rows = [Entry("faction", name(f), f) for f in dataset.factions if f in content.factions]
    if content.fronts:
        rows.append(Entry("front", w.legend_front))
    if content.uncertain:
        rows.append(Entry("uncertain", w.legend_uncertain))
    if content.unassessed:
        rows.append(Entry("unassessed", w.legend_unassessed.format(reach=f"{manifest.territory.reach_km:g}")))
    if content.contested:
        rows.append(Entry("contested", w.legend_contested))
    rows += [
        Entry("besieged", w.besieged_by.format(faction=name(f)), f)
        for f in dataset.factions
        if f in content.besieged_by
    ]
    rows += [
        Entry("split", w.split_with.format(faction=name(f)), f) for f in dataset.factions if f in content.split_with
    ]
    if content.recent:
        rows.append(Entry("recent", w.legend_recent.format(days=manifest.recent_change_days)))
    return rows


def handle(canvas: Canvas, entry: Entry, dataset: Dataset):
    """The swatch for one row."""
    colour = dataset.factions[entry.faction].colour if entry.faction else None
    ring = dict(linestyle="none", marker="o", markersize=canvas.pt(7), markerfacecolor=STYLE.swatch_fill)
    if entry.kind == "faction":
        zone = Rectangle((0, 0), 1, 1, facecolor=colour, alpha=STYLE.zone_opacity, edgecolor="none")
        dot = Line2D(
            [],
            [],
            linestyle="none",
            marker="o",
            markersize=canvas.pt(6.5),
            markerfacecolor=colour,
            markeredgecolor=STYLE.marker_edge,
            markeredgewidth=canvas.pt(0.8),
        )
        return zone, dot
    if entry.kind == "uncertain":
        zone = Rectangle(
            (0, 0),
            1,
            1,
            facecolor=pale(STYLE.muted_text, STYLE.uncertain_opacity),
            hatch="////",
            hatchcolor=STYLE.muted_text,
            edgecolor="none",
            linewidth=0,
        )
        dot = Line2D(
            [],
            [],
            linestyle="none",
            marker="o",
            markersize=canvas.pt(6.5),
            markerfacecolor=pale(STYLE.muted_text),
            markeredgecolor=STYLE.marker_edge,
            markeredgewidth=canvas.pt(0.8),
        )
        return zone, dot
    if entry.kind == "unassessed":
        return Rectangle(
            (0, 0),
            1,
            1,
            facecolor=pale(STYLE.unassessed, STYLE.unassessed_opacity, STYLE.land),
            hatch="..",
            hatchcolor=STYLE.unassessed,
            edgecolor="none",
            linewidth=0,
        )
    if entry.kind == "front":
        return Line2D([], [], color=STYLE.front, linewidth=canvas.css(STYLE.front_weight), solid_capstyle="round")
    if entry.kind == "contested":
        return Line2D([], [], markeredgecolor=STYLE.contested, markeredgewidth=canvas.pt(1.8), **ring)
    if entry.kind in ("besieged", "split"):
        return Line2D([], [], markeredgecolor=colour, markeredgewidth=canvas.pt(2.0), **ring)
    return Line2D([], [], markeredgecolor=STYLE.recent_edge, markeredgewidth=canvas.pt(2.4), **ring)  # recent


def corner_costs(canvas: Canvas, boxes, layout, outline) -> list[float]:
    """Extra cost per candidate corner box: how much of the country it hides (the subject of the map)."""
    costs = []
    for b in boxes:
        x0, y0, x1, y1 = canvas.data_box(b)
        covered = shapely.box(x0, y0, x1, y1)
        costs.append(8.0 * outline.intersection(covered).area / covered.area if covered.area > 0 else 0.0)
    return costs


def marker_circles(layout) -> list[tuple[float, float, float, float]]:
    """The visible markers as (x, y, reach radius, weight by rank) circles, for choosing the legend's corner."""
    return [
        (x, y, r, RANK_WEIGHT.get(p.rank, 1.0))
        for (x, y), r, p, v in zip(layout.centres, layout.reach_px, layout.places, layout.visible)
        if v
    ]


def _two_columns(handles: list, labels: list[str], rtl: bool) -> tuple[list, list[str]]:
    """Rows split into two equal columns (padded with blank rows): matplotlib fills columns top to bottom,
    left column first, so an Arabic legend gets its first half second."""
    half = (len(labels) + 1) // 2
    blank = Line2D([], [], linestyle="none", marker="none")
    columns = [
        (handles[:half], labels[:half]),
        (handles[half:] + [blank] * (2 * half - len(labels)), labels[half:] + [""] * (2 * half - len(labels))),
    ]
    if rtl:
        columns.reverse()
    return columns[0][0] + columns[1][0], columns[0][1] + columns[1][1]


def draw_legend(
    canvas: Canvas, spec: Legend, layout, outline, taken: tuple[str, ...] = ()
) -> tuple[str, tuple[float, float, float, float]] | None:
    """Draw the legend in the best free corner; returns (corner, display box), or None with no rows."""
    rows, handles, title = spec.rows, spec.handles, spec.title
    if not rows:
        return None
    rtl = canvas.language.rtl
    ncols = 2 if len(rows) > MAX_ROWS else 1
    # A long label wraps rather than widening the legend past the map: each column gets at most a third
    # of the map's width (half of it for a one-column legend).
    props = canvas.font(7)
    room = (canvas.axes_box[2] - canvas.axes_box[0]) * (0.3 if ncols == 2 else 0.45)
    labels = ["\n".join(wrap(r.label, room, lambda t: canvas.text_size(t, props)[0])) for r in rows]
    if ncols == 2:  # factions first (left column, or right on Arabic maps), then the symbols
        handles, labels = _two_columns(handles, labels, rtl)
    legend = canvas.ax.legend(
        handles,
        labels,
        loc="lower left",
        ncols=ncols,
        columnspacing=1.2,
        handler_map={tuple: HandlerTuple(ndivide=1, pad=0)},
        prop={"family": FONT, "size": canvas.pt(7)},
        title=title,
        title_fontproperties={"family": FONT, "size": canvas.pt(7.5), "weight": "bold"},
        frameon=True,
        framealpha=0.93,
        edgecolor=STYLE.legend_edge,
        facecolor=STYLE.paper,
        fancybox=False,
        borderpad=0.6,
        labelspacing=0.45,
        handlelength=1.6,
        handleheight=1.0,
        borderaxespad=0.6,
        markerfirst=not rtl,
        alignment="right" if rtl else "left",
    )
    legend.set_zorder(LEGEND_Z)
    for text in legend.get_texts():
        text.set_horizontalalignment("right" if rtl else "left")
        text.set_multialignment("right" if rtl else "left")
    size = legend.get_window_extent(canvas.renderer)
    ax0, ay0, ax1, ay1 = canvas.axes_box
    pad_x, pad_y, w, h = size.x0 - ax0, size.y0 - ay0, size.width, size.height
    corners = {
        "lower right": (ax1 - pad_x - w, ay0 + pad_y),
        "lower left": (ax0 + pad_x, ay0 + pad_y),
        "upper right": (ax1 - pad_x - w, ay1 - pad_y - h),
        "upper left": (ax0 + pad_x, ay1 - pad_y - h),
    }
    if rtl:  # mirrored preference: the reader starts on the right
        corners = dict(sorted(corners.items(), key=lambda kv: ("left" not in kv[0], kv[0].startswith("upper"))))
    names = [n for n in corners if n not in taken]
    boxes = [(corners[n][0], corners[n][1], corners[n][0] + w, corners[n][1] + h) for n in names]
    costs = np.asarray(corner_costs(canvas, boxes, layout, outline)) + np.arange(len(boxes)) * 0.01
    best = best_corner(boxes, marker_circles(layout), list(costs))
    legend.set_loc(names[best])
    return names[best], boxes[best]
