"""Place markers: an opaque circle in the controller's colour (paler when the record is not confirmed),
its ring saying the status, and an outer ring when the place changed hands recently.

- contested: dashed ring in STYLE.contested;
- besieged: solid ring in the (first) besieger's colour;
- split: dashed ring in the colour of the (first) other side;
- recent change (within the dataset's `recent_change_days`): a thick outer ring.
The centre pixel of every marker is exactly its fill colour: the tests read colours there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
from matplotlib.colors import to_hex, to_rgb

from ...core.model import Dataset, Place
from ...core.state import PlaceState
from ..style import STYLE
from .canvas import Canvas
from .projection import mercator_xy
from .thinning import thin_by_rank

MARKERS_Z = 20
#: Smallest distance (CSS pixels) between the centres of two markers below rank 1 when places must be thinned.
MARKER_SPACING_CSS = 14.0


def pale(colour: str, opacity: float = STYLE.uncertain_marker_opacity, under: str = STYLE.paper) -> str:
    """`colour` at `opacity` over `under`, as an opaque colour (exact, so the GIF palette can keep it)."""
    c, u = np.asarray(to_rgb(colour)), np.asarray(to_rgb(under))
    return to_hex(opacity * c + (1 - opacity) * u)


@dataclass(frozen=True)
class Marker:
    """How one place is drawn on one day."""

    place: Place
    fill: str
    controller: str
    certain: bool
    ring: str  # "plain", "contested", "besieged" or "split"
    ring_faction: str | None  # the besieger or the other side
    recent: bool


def marker_of(state: PlaceState, day: date, dataset: Dataset) -> Marker:
    """How a place is drawn on the day: fill (pale when uncertain), ring for its status, recent-change flag."""
    record, colour = state.record, dataset.factions[state.controller].colour
    certain = record.is_certain
    ring, other = "plain", None
    if state.status == "contested":
        ring = "contested"
    elif state.status == "besieged" and record.besieged_by:
        ring, other = "besieged", record.besieged_by[0]
    elif state.status == "split" and record.shared_with:
        ring, other = "split", record.shared_with[0]
    recent = state.is_recent(day, dataset.manifest.recent_change_days)
    return Marker(state.place, colour if certain else pale(colour), state.controller, certain, ring, other, recent)


class PlaceLayout:
    """The shown places in Web Mercator with their marker radii, which do not change with the date."""

    def __init__(self, canvas: Canvas, dataset: Dataset, always: set[str] | None = None):
        # Anchors are points that shape territory in older data, not places a reader would look for.
        self.places = [p for p in dataset.places if p.is_shown]
        xs, ys = mercator_xy([p.lon for p in self.places], [p.lat for p in self.places])
        self.xy = np.column_stack([xs, ys]) if self.places else np.zeros((0, 2))
        self.radius_pt = np.asarray([canvas.css(STYLE.radius(p.rank)) for p in self.places])
        self.radius_px = self.radius_pt * canvas.frame.dpi / 72
        #: How far a marker may reach with its recent-change ring: labels keep clear of it on every date.
        self.reach_px = (self.radius_pt + recent_ring_gap(canvas) + recent_ring_width(canvas)) * canvas.frame.dpi / 72
        margin = float(self.radius_px.max()) * canvas.metres_per_pixel() if self.places else 0.0
        self.visible = canvas.in_view(self.xy, margin) if self.places else np.zeros(0, dtype=bool)
        self.index = {p.id: i for i, p in enumerate(self.places)}
        self.centres = canvas.display(self.xy) if self.places else np.zeros((0, 2))
        self.visible &= self._thinned(canvas, always or set())

    def _thinned(self, canvas: Canvas, always: set[str]) -> np.ndarray:
        """Which places fit at this scale (thinning.py): every rank-1 place and `always`, then by rank and
        spacing, so that the territory and the fronts stay readable under ten thousand places."""
        keep = np.zeros(len(self.places), dtype=bool)
        shown = np.nonzero(self.visible)[0]
        if not len(shown):
            return keep
        keep[shown] = thin_by_rank(
            self.centres[shown],
            np.asarray([self.places[i].rank for i in shown]),
            self.radius_px[shown],
            spacing=canvas.css(MARKER_SPACING_CSS) * canvas.frame.dpi / 72,
            always=np.asarray([self.places[i].id in always for i in shown]),
        )
        return keep

    def boxes(self) -> list[tuple[float, float, float, float]]:
        """Display boxes of the visible markers."""
        return [(x - r, y - r, x + r, y + r) for (x, y), r, v in zip(self.centres, self.reach_px, self.visible) if v]


def recent_ring_gap(canvas: Canvas) -> float:
    """The gap between a marker and its recent-change ring, in points."""
    return canvas.css(1.5)


def recent_ring_width(canvas: Canvas) -> float:
    """The recent-change ring's line width, in points."""
    return canvas.css(STYLE.recent_weight) * 0.8


def markers_of(layout: PlaceLayout, states, day: date, dataset: Dataset) -> list[Marker]:
    """The visible places' markers on the day."""
    by_id = {s.place.id: s for s in states}
    return [marker_of(by_id[p.id], day, dataset) for p, v in zip(layout.places, layout.visible) if v and p.id in by_id]


def draw_markers(canvas: Canvas, layout: PlaceLayout, markers: list[Marker], dataset: Dataset) -> list:
    """The day's markers: one scatter of fills with their status rings (big places on top), one of recent-change
    rings; returns the artists drawn."""
    if not markers:
        return []
    rows = []
    for m in markers:
        i = layout.index[m.place.id]
        r = layout.radius_pt[i]
        if m.ring == "contested":
            edge, width, dashes = STYLE.contested, STYLE.contested_weight, (0, STYLE.contested_dash)
        elif m.ring in ("besieged", "split"):
            edge, width = dataset.factions[m.ring_faction].colour, STYLE.besieged_weight
            dashes = (0, STYLE.contested_dash) if m.ring == "split" else "solid"
        else:
            edge, width, dashes = STYLE.marker_edge, STYLE.marker_weight, "solid"
        width = min(canvas.css(width), 0.55 * r)  # a small town's ring must leave its fill visible
        rows.append((m.place.rank, i, m.fill, edge, width, dashes))
    rows.sort(key=lambda row: -row[0])  # big places last, on top
    index = [row[1] for row in rows]
    artists = [
        canvas.ax.scatter(
            layout.xy[index, 0],
            layout.xy[index, 1],
            s=(layout.radius_pt[index] * 2) ** 2,
            marker="o",
            facecolors=[r[2] for r in rows],
            edgecolors=[r[3] for r in rows],
            linewidths=[r[4] for r in rows],
            linestyles=[r[5] for r in rows],
            zorder=MARKERS_Z,
        )
    ]
    recent = [layout.index[m.place.id] for m in markers if m.recent]
    if recent:
        width = recent_ring_width(canvas)
        outer = layout.radius_pt[recent] + recent_ring_gap(canvas) + width / 2
        artists.append(
            canvas.ax.scatter(
                layout.xy[recent, 0],
                layout.xy[recent, 1],
                s=(outer * 2) ** 2,
                marker="o",
                facecolors="none",
                edgecolors=STYLE.recent_edge,
                linewidths=width,
                zorder=MARKERS_Z - 0.5,
            )
        )
    return artists
