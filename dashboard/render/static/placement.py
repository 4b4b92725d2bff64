"""Label and furniture placement as pure functions: boxes and obstacles in, chosen positions out.

Everything is in display pixels with y pointing up (matplotlib's display space) and boxes are
(x0, y0, x1, y1). No matplotlib here, so the rules can be unit-tested with plain tuples:
- a label never covers the centre of a visible marker (the exact colour tests read sits there);
- required labels (major cities) are always placed, at the least bad candidate; optional ones only where
  they overlap nothing and stay inside the map;
- furniture (legend, scale bar) goes to the corner that hides the least: markers weighted by rank plus
  whatever extra cost the caller gives each corner (e.g. how much of the country it covers).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import product

import numpy as np

Box = tuple[float, float, float, float]
Point = tuple[float, float]
#: Candidate label positions around a marker: (dx, dy unit offsets, ha, va, preference); the gap scales dx, dy.
_AROUND = (
    (1.0, 0.0, "left", "center", 0.0),
    (-1.0, 0.0, "right", "center", 0.3),
    (0.75, 0.75, "left", "bottom", 0.5),
    (0.75, -0.75, "left", "top", 0.6),
    (-0.75, 0.75, "right", "bottom", 0.7),
    (-0.75, -0.75, "right", "top", 0.8),
    (0.0, 1.0, "center", "bottom", 0.9),
    (0.0, -1.0, "center", "top", 1.0),
)
_MIRROR = {"left": "right", "right": "left", "center": "center"}


@dataclass(frozen=True)
class LabelRequest:
    """A text of size (width, height) to put beside the marker at `anchor`, `gap` pixels from its centre."""

    anchor: Point
    gap: float
    size: tuple[float, float]
    required: bool = False


@dataclass(frozen=True)
class Placement:
    """Where the text goes: its anchor point and alignment, and the box it covers."""

    x: float
    y: float
    ha: str
    va: str
    box: Box


def overlap(a: Box, b: Box) -> float:
    """The area two boxes share (0 when they only touch)."""
    dx = min(a[2], b[2]) - max(a[0], b[0])
    dy = min(a[3], b[3]) - max(a[1], b[1])
    return dx * dy if dx > 0 and dy > 0 else 0.0


def text_box(anchor: Point, size: tuple[float, float], ha: str, va: str, margin: float = 1.5) -> Box:
    """A text's box from its anchor (x, y), its size (width, height) and alignment, with a small margin for the
    halo."""
    x, y = anchor
    w, h = size
    x0 = {"left": x, "right": x - w, "center": x - w / 2}[ha]
    y0 = {"bottom": y, "top": y - h, "center": y - h / 2}[va]
    return x0 - margin, y0 - margin, x0 + w + margin, y0 + h + margin


def contains(outer: Box, inner: Box) -> bool:
    """Whether box `inner` lies wholly inside box `outer`."""
    return outer[0] <= inner[0] and outer[1] <= inner[1] and inner[2] <= outer[2] and inner[3] <= outer[3]


def covers_point(b: Box, p: Point) -> bool:
    """Whether box `b` covers point `p` (edges included)."""
    return b[0] <= p[0] <= b[2] and b[1] <= p[1] <= b[3]


def place_labels(
    requests: Sequence[LabelRequest], obstacles: Sequence[Box], markers: Sequence[Box], bounds: Box, rtl: bool = False
) -> list[Placement | None]:
    """A placement (or None) per request, in order; earlier requests are placed first and block later ones.

    `markers` are the boxes of every visible marker (their centres must stay clear; covering a rim costs
    more than standing further out, so a label sits on a marker only where no spot nearby is free); a
    request's own marker is recognised by its centre. `rtl` prefers the left side.
    Each candidate is tested against all markers and placed boxes at once with numpy: hundreds of
    labels among hundreds of markers stay well under a second.
    """
    placed = _Boxes(obstacles)
    marker_boxes = np.asarray(markers, dtype=float).reshape(-1, 4)
    centres = np.column_stack(
        [(marker_boxes[:, 0] + marker_boxes[:, 2]) / 2, (marker_boxes[:, 1] + marker_boxes[:, 3]) / 2]
    )
    out: list[Placement | None] = []
    for request in requests:
        best, best_cost = None, float("inf")
        w, h = request.size
        cx, cy = request.anchor
        others = (np.abs(centres[:, 0] - cx) > 1e-6) | (np.abs(centres[:, 1] - cy) > 1e-6)
        other_centres, other_boxes = centres[others], marker_boxes[others]
        # A required label may also stand further out when every near spot covers another marker.
        reaches = ((1.0, 0.0), (1.9, 1.5), (2.8, 3.0)) if request.required else ((1.0, 0.0),)
        for (dx, dy, ha, va, preference), (reach, penalty) in product(_AROUND, reaches):
            if rtl:
                dx, ha = -dx, _MIRROR[ha]
            preference += penalty
            x, y = cx + dx * request.gap * reach, cy + dy * request.gap * reach
            candidate = text_box((x, y), (w, h), ha, va)
            on_centre = bool(_covers(candidate, other_centres).any())
            outside = not contains(bounds, candidate)
            hidden = float(_overlaps(candidate, placed.array).sum())
            rims = 4.0 * float(_overlaps(candidate, other_boxes).sum())
            if not request.required and (on_centre or outside or hidden + rims > 0):
                continue
            cost = 1e6 * on_centre + 1e5 * outside + (hidden + rims) / max(w * h, 1.0) * 100 + preference
            if cost < best_cost:
                best, best_cost = Placement(x, y, ha, va, candidate), cost
        if best is not None:
            placed.append(best.box)
        out.append(best)
    return out


class _Boxes:
    """A growing (n, 4) array of boxes (amortised appends)."""

    def __init__(self, boxes: Sequence[Box]):
        self._data = np.asarray(boxes, dtype=float).reshape(-1, 4)
        self._n = len(self._data)
        self._data = np.vstack([self._data, np.zeros((max(16, self._n), 4))])

    @property
    def array(self) -> np.ndarray:
        return self._data[: self._n]

    def append(self, box: Box) -> None:
        if self._n == len(self._data):
            self._data = np.vstack([self._data, np.zeros_like(self._data)])
        self._data[self._n] = box
        self._n += 1


def _overlaps(a: Box, boxes: np.ndarray) -> np.ndarray:
    """The area box `a` shares with each of `boxes` (0 where they only touch), as `overlap` computes it."""
    dx = np.minimum(a[2], boxes[:, 2]) - np.maximum(a[0], boxes[:, 0])
    dy = np.minimum(a[3], boxes[:, 3]) - np.maximum(a[1], boxes[:, 1])
    return np.where((dx > 0) & (dy > 0), dx * dy, 0.0)


def _covers(b: Box, points: np.ndarray) -> np.ndarray:
    """Which points box `b` covers (edges included), as `covers_point` decides it."""
    return (b[0] <= points[:, 0]) & (points[:, 0] <= b[2]) & (b[1] <= points[:, 1]) & (points[:, 1] <= b[3])


def best_corner(
    candidates: Sequence[Box],
    circles: Sequence[tuple[float, float, float, float]],
    extra_costs: Sequence[float] | None = None,
) -> int:
    """The index of the candidate box hiding the least: each (x, y, radius, weight) circle it touches costs
    its weight; `extra_costs` add per candidate. Ties go to the earlier candidate (the caller's preference)."""
    best, best_cost = 0, float("inf")
    for index, b in enumerate(candidates):
        cost = sum(
            weight for x, y, r, weight in circles if x + r > b[0] and x - r < b[2] and y + r > b[1] and y - r < b[3]
        )
        cost += extra_costs[index] if extra_costs else 0.0
        if cost < best_cost - 1e-9:
            best, best_cost = index, cost
    return best


def fit_list(items: Sequence[str], width: float, measure, head: str, tail: str, separator: str = ", ") -> str:
    """'head A, B, C' with as many items as fit in `width`; when some are left out, `tail` (with {n}) follows
    directly (give it its leading space)."""
    full = head + separator.join(items)
    if not items or measure(full) <= width:
        return full
    for n in range(len(items) - 1, 0, -1):
        text = head + separator.join(items[:n]) + tail.format(n=len(items) - n)
        if measure(text) <= width:
            return text
    return head + tail.format(n=len(items)).lstrip()
