"""Names on the map: places (rank 1 always, rank 2 where they fit) and neighbouring countries.

Positions come from placement.py (pure); this module only measures texts and draws them.
"""

from __future__ import annotations

import numpy as np
import shapely
from matplotlib import patheffects

from ..style import STYLE
from .basemap import Basemap
from .canvas import Canvas
from .placement import LabelRequest, overlap, place_labels, text_box

LABELS_Z = 25
HALO = 2.2  # points: the paper-coloured outline that keeps a label legible over any fill


def draw_place_labels(
    canvas: Canvas, layout, obstacles: list, ranks=(1, 2), required_ranks=(1,), only: set[str] | None = None
) -> list:
    """Labels beside markers; returns the boxes they cover (obstacles for later texts)."""
    ax0, ay0, ax1, ay1 = canvas.axes_box
    bounds = (ax0 + 2, ay0 + 2, ax1 - 2, ay1 - 2)
    order = sorted(
        (
            i
            for i, p in enumerate(layout.places)
            if layout.visible[i] and p.rank in ranks and (only is None or p.id in only)
        ),
        key=lambda i: (layout.places[i].rank, -layout.places[i].lat),
    )
    requests, texts, props_of = [], [], []
    for i in order:
        place = layout.places[i]
        major = place.rank in required_ranks
        props = canvas.font(8.2 if place.rank == 1 else 6.6, "bold" if place.rank == 1 else "normal")
        text = canvas.language.place_name(place)
        requests.append(
            LabelRequest(
                tuple(layout.centres[i]),
                layout.reach_px[i] + canvas.px(1.5),
                canvas.text_size(text, props),
                required=major,
            )
        )
        texts.append(text)
        props_of.append(props)
    placements = place_labels(requests, obstacles, layout.boxes(), bounds, rtl=canvas.language.rtl)
    halo = [patheffects.withStroke(linewidth=canvas.pt(HALO), foreground=STYLE.paper)]
    placed = []
    for i, text, props, placement in zip(order, texts, props_of, placements):
        if placement is None:
            continue
        placed.append(placement.box)
        colour = STYLE.text if layout.places[i].rank == 1 else STYLE.minor_label
        canvas.ax.annotate(
            text,
            xy=canvas.fraction((placement.x, placement.y)),
            xycoords="figure fraction",  # not pixels: SVG and PDF are saved at 72 dpi, pixels would move
            ha=placement.ha,
            va=placement.va,
            fontproperties=props,
            color=colour,
            zorder=LABELS_Z,
            path_effects=halo,
            annotation_clip=False,
            parse_math=False,
            gid=f"halo-label-{i}",  # vector.py keeps haloed labels as SVG text (a path effect would make paths)
        )
    return placed


def draw_neighbour_labels(canvas: Canvas, basemap: Basemap, obstacles: list) -> list:
    """Neighbouring countries' names in their roomiest free spot, only where they fit (in the image's
    language: Arabic names come from the boundary file or, for any country, from CLDR by ISO code)."""
    inner = canvas.view.buffer(-(canvas.extent[1] - canvas.extent[0]) * 0.015)
    blocked = (
        shapely.union_all([shapely.box(*canvas.data_box(o)) for o in obstacles]) if obstacles else shapely.Polygon()
    )
    placed = []
    for neighbour in basemap.neighbours:
        name = neighbour.name_ar if canvas.language.rtl else neighbour.name
        if not name or (not canvas.language.rtl and ". " in name):  # abbreviations ("N. Cyprus") are not worth it
            continue
        label = name if canvas.language.rtl else " ".join(name.upper())
        part = neighbour.geometry.intersection(inner).difference(blocked).difference(basemap.outline)
        if part.is_empty or part.area < inner.area * 0.01:
            continue
        part = max(shapely.get_parts(part), key=lambda g: g.area)
        if part.geom_type != "Polygon":
            continue
        props = canvas.font(7.5, "bold")
        w, h = canvas.text_size(label, props)
        anchor = shapely.maximum_inscribed_circle(part, tolerance=part.length / 1000)
        ax_, ay_ = np.asarray(anchor.coords)[0]
        cx, cy = canvas.display([(ax_, ay_)])[0]
        bx = text_box((cx, cy), (w, h * 1.2), "center", "center")
        if not part.contains(shapely.box(*canvas.data_box(bx))) or any(
            overlap(bx, o) > 0 for o in [*obstacles, *placed]
        ):
            continue
        placed.append(bx)
        canvas.ax.text(
            float(ax_),
            float(ay_),
            label,
            fontproperties=props,
            color=STYLE.neighbour_label,
            ha="center",
            va="center",
            zorder=2.5,
            parse_math=False,
        )
    return placed
