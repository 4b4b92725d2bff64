"""Which markers a static map draws when there are more places than fit: by rank, then by spacing.

At the country view ten thousand markers cover the territory and the front lines they are meant to
annotate. So the map keeps every rank-1 place (and any the caller must show, such as the places a
comparison is about), then goes down the ranks in data order and keeps a place only where it stands
clear of every marker already kept, up to a limit. Pure: positions and sizes in, a mask out. A grid of
cells as wide as the largest clearance makes each test look at nine cells, so thinning stays linear.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

#: At most this many markers beyond the ones always kept: a map of a country holds no more legibly.
MAX_MARKERS = 400


def thin_by_rank(
    xy: np.ndarray,
    ranks: np.ndarray,
    radius: np.ndarray,
    spacing: float,
    limit: int = MAX_MARKERS,
    always: np.ndarray | None = None,
) -> np.ndarray:
    """A mask of the markers to draw.

    `xy` (n, 2) positions and `radius` (n,) marker radii in the same units (display pixels); a kept marker
    other than rank 1 or `always` stands at least max(`spacing`, r_i + r_j) from every other kept marker,
    and at most `limit` of them are kept.
    """
    n = len(xy)
    keep = np.zeros(n, dtype=bool)
    if n == 0:
        return keep
    forced = (np.asarray(ranks) == 1) if always is None else (np.asarray(ranks) == 1) | np.asarray(always, dtype=bool)
    order = sorted(range(n), key=lambda i: (not forced[i], ranks[i], i))
    cell = max(spacing, 2 * float(np.max(radius)), 1e-9)
    grid: dict[tuple[int, int], list[int]] = defaultdict(list)
    optional = 0
    for i in order:
        x, y = float(xy[i, 0]), float(xy[i, 1])
        cx, cy = int(np.floor(x / cell)), int(np.floor(y / cell))
        if not forced[i]:
            if optional >= limit or _crowded(xy, radius, grid, i, cell, spacing):
                continue
            optional += 1
        keep[i] = True
        grid[(cx, cy)].append(i)
    return keep


def _crowded(xy: np.ndarray, radius: np.ndarray, grid: dict, i: int, cell: float, spacing: float) -> bool:
    """Whether a kept marker stands closer to marker `i` than the spacing (or than their two radii)."""
    cx, cy = int(np.floor(xy[i, 0] / cell)), int(np.floor(xy[i, 1] / cell))
    for gx in (cx - 1, cx, cx + 1):
        for gy in (cy - 1, cy, cy + 1):
            for j in grid.get((gx, gy), ()):
                need = max(spacing, radius[i] + radius[j])
                if (xy[i, 0] - xy[j, 0]) ** 2 + (xy[i, 1] - xy[j, 1]) ** 2 < need * need:
                    return True
    return False
