"""The publisher's notes: a short boxed text with a leader line to a place or a point.

The box goes to whichever of a ring of candidate spots, a little away from the point, covers the least
of what is already drawn (markers, labels, legend, scale bar, other notes) and stays inside the map, so a
note never hides the place it points at.
"""

from __future__ import annotations

import math

from ...core.captions import Note
from ..style import STYLE
from .canvas import Canvas
from .page import wrap
from .placement import Box, overlap
from .projection import mercator_xy

NOTES_Z = 27
NOTE_SIZE = 7.2
NOTE_WIDTH = 120  # points: the widest line before the text wraps
#: Directions to try, preferring the side away from where labels usually go (right of a marker).
_ANGLES = (135, 45, 225, 315, 90, 270, 180, 0)


def draw_notes(canvas: Canvas, layout, notes: tuple[Note, ...], obstacles: list[Box]) -> list[Box]:
    """Draw every note that points inside the map; returns the boxes they cover."""
    props = canvas.font(NOTE_SIZE)
    ax0, ay0, ax1, ay1 = canvas.axes_box
    markers = layout.boxes()
    placed: list[Box] = []
    for note in notes:
        mx, my = mercator_xy(note.lon, note.lat)
        if not canvas.in_view([(float(mx), float(my))])[0]:
            raise ValueError(f"note {note.target!r}: the point is outside the map's framing")
        (px, py) = canvas.display([(float(mx), float(my))])[0]
        lines = wrap(note.text, canvas.px(NOTE_WIDTH), lambda t: canvas.text_size(t, props)[0])
        text = "\n".join(lines)
        w = max(canvas.text_size(line, props)[0] for line in lines) + canvas.px(8)
        h = len(lines) * canvas.px(NOTE_SIZE * 1.25) + canvas.px(6)
        box, centre = _best_box(canvas, (px, py), (w, h), [*obstacles, *placed], markers, (ax0, ay0, ax1, ay1))
        placed.append(box)
        canvas.ax.annotate(
            text,
            xy=(float(mx), float(my)),
            xycoords="data",
            xytext=canvas.fraction(centre),
            textcoords="figure fraction",
            ha="center",
            va="center",
            multialignment=canvas.language.start,
            fontproperties=props,
            color=STYLE.text,
            zorder=NOTES_Z,
            annotation_clip=False,
            parse_math=False,
            bbox=dict(boxstyle="round,pad=0.3", facecolor=STYLE.paper, edgecolor=STYLE.text, linewidth=0.6 * canvas.k),
            arrowprops=dict(
                arrowstyle="-", color=STYLE.text, linewidth=0.8 * canvas.k, shrinkA=0, shrinkB=canvas.pt(2.5)
            ),
        )
    return placed


def _best_box(
    canvas: Canvas, point, size, texts: list[Box], markers: list[Box], bounds: Box
) -> tuple[Box, tuple[float, float]]:
    """The candidate box (and its centre) that overlaps least, inside the map, whose leader line crosses no
    label or legend; nearer and earlier wins ties."""
    w, h = size
    taken = [*texts, *markers]
    best = None
    for reach in (28, 44, 64):
        for rank, angle in enumerate(_ANGLES):
            dx, dy = math.cos(math.radians(angle)), math.sin(math.radians(angle))
            cx = point[0] + dx * (canvas.px(reach) + w / 2)
            cy = point[1] + dy * (canvas.px(reach) + h / 2)
            box = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
            outside = max(0.0, bounds[0] - box[0], box[2] - bounds[2], bounds[1] - box[1], box[3] - bounds[3])
            crossed = _crossings(point, (cx, cy), texts)
            cost = sum(overlap(box, t) for t in taken) + outside * 1e6 + crossed * 1e4 + rank * 1e-3 + reach * 1e-2
            if best is None or cost < best[0]:
                best = (cost, box, (cx, cy))
    return best[1], best[2]


def _crossings(start, end, boxes: list[Box], samples: int = 24) -> int:
    """How many points along the leader line (its far half: the box covers the rest) fall in a text box."""
    hits = 0
    for k in range(samples):
        t = 0.05 + 0.6 * k / samples
        x, y = start[0] + (end[0] - start[0]) * t, start[1] + (end[1] - start[1]) * t
        hits += any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)
    return hits
