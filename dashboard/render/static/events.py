"""Imported events (ACLED / UCDP) on the static map: PNG, GIF and MP4 with `--events`.

An events scene is a day scene whose `show_day` also draws the window's events (filled dots; hollow
rings where the place is approximate, dashed where the date is) and a box naming the window and each
provider whose events appear (their attribution is a condition of use). The events sit between front
lines and place markers, inside the band the animator redraws per frame, so GIF and MP4 work unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date

import pandas as pd
from PIL import Image

from ...core.days import Days
from ...core.events import APPROXIMATE, EventQuery, attribution_lines
from ...core.io.event_store import EventStore
from ..events_layer import type_colour
from ..gif import encode_gif
from ..style import STYLE
from .animation import Animator, fixed_palette
from .canvas import Canvas
from .frame import Frame
from .markers import MARKERS_Z
from .metadata import Provenance
from .projection import mercator_xy
from .scene import DayScene

EVENTS_Z = MARKERS_Z - 1


@dataclass(frozen=True)
class EventWindows:
    """The events a frame shows on a day: the query's window and filters, ending on that day."""

    store: EventStore
    query: EventQuery

    def events(self, day: date) -> pd.DataFrame:
        """The window's events ending on `day`."""
        return self.store.window(replace(self.query, end=day))

    def label(self, day: date) -> str:
        """The window in words, e.g. "7 days to 2025-10-29"."""
        n = self.query.days
        return f"{day.isoformat()}" if n <= 1 else f"{n} days to {day.isoformat()}"


def draw_events(canvas: Canvas, events: pd.DataFrame) -> list:
    """The events as small dots coloured by type; approximate places hollow, approximate dates dashed."""
    if events.empty:
        return []
    x, y = mercator_xy(events["lon"].to_numpy(), events["lat"].to_numpy())
    colours = [type_colour(t) for t in events["type"]]
    hollow = (events["geo_precision"] == APPROXIMATE).to_numpy()
    dashed = (events["date_precision"] == APPROXIMATE).to_numpy()
    size = (canvas.css(3.2) * 2) ** 2
    artists = []
    for mask, filled in ((~hollow, True), (hollow, False)):
        if not mask.any():
            continue
        picked = [c for c, m in zip(colours, mask) if m]
        artists.append(
            canvas.ax.scatter(
                x[mask],
                y[mask],
                s=size,
                marker="o",
                facecolors=picked if filled else "none",
                edgecolors=STYLE.paper if filled else picked,
                linewidths=canvas.css(0.6 if filled else 1.2),
                linestyles=["dashed" if d else "solid" for d in dashed[mask]],
                alpha=0.85,
                zorder=EVENTS_Z,
            )
        )
    return artists


def draw_events_box(canvas: Canvas, events: pd.DataFrame, label: str, lower: bool = True) -> list:
    """In the map's lower left corner (upper right when the legend is there), one line each: the window and
    count, each type (in its colour, with its count), how precision is drawn, and each provider's credit."""
    counts = events["type"].value_counts()
    lines = [(f"Events, {label}: {len(events):,}", STYLE.text, "bold")]
    lines += [(f"\N{BLACK CIRCLE} {t} ({n:,})", type_colour(t), "normal") for t, n in counts.items()]
    lines.append(("Filled: exact place · hollow: approximate · dashed: approximate date", STYLE.muted_text, "normal"))
    lines += [(c, STYLE.text, "normal") for c in attribution_lines(set(events["provider"]))]
    step = canvas.font(5.6).get_size_in_points() * 1.45
    if lower:
        lines.reverse()  # stacked upwards from the corner: the heading ends on top
    return [
        canvas.ax.annotate(
            text,
            xy=(0.005, 0.008) if lower else (0.995, 0.993),
            xycoords="axes fraction",
            xytext=(0, i * step if lower else -i * step),
            textcoords="offset points",
            ha="left" if lower else "right",
            va="bottom" if lower else "top",
            fontproperties=canvas.font(5.6, weight=weight),
            color=colour,
            bbox={"boxstyle": "square,pad=0.25", "facecolor": STYLE.paper, "edgecolor": "none", "alpha": 0.9},
            zorder=EVENTS_Z,
            annotation_clip=False,
        )
        for i, (text, colour, weight) in enumerate(lines)
    ]


class EventsScene(DayScene):
    """A day scene that also draws each day's events and their credit."""

    def __init__(self, days: Days, frame: Frame, lang: str, dates: list[date], windows: EventWindows):
        # Every provider seen over all the frames' windows, known before drawing: a video's tags come first.
        span = replace(windows.query, end=max(dates), days=(max(dates) - min(dates)).days + windows.query.days)
        self.windows, self.providers = windows, set(windows.store.providers(span))
        super().__init__(days, frame, lang, dates, animated=len(dates) > 1)

    def show_day(self, day: date) -> None:
        """The day's map, then its events and the events box."""
        super().show_day(day)
        events = self.windows.events(day)
        self.day_artists += draw_events(self.canvas, events)
        self.day_artists += draw_events_box(self.canvas, events, self.windows.label(day), self.box_lower())

    def box_lower(self) -> bool:
        """True unless the legend sits in the map's lower left quarter."""
        if self.legend_box is None:
            return True
        x0, y0, x1, y1 = self.canvas.axes_box
        lx0, ly0, lx1, ly1 = self.legend_box
        return not ((lx0 + lx1) / 2 < (x0 + x1) / 2 and (ly0 + ly1) / 2 < (y0 + y1) / 2)

    def provenance(self, dates: list[date]) -> Provenance:
        """The map's provenance with the event providers' credit added to its attribution."""
        base = super().provenance(dates)
        return replace(base, attribution=" ".join([base.attribution, *attribution_lines(self.providers)]))


def events_png(days: Days, day: date, frame: Frame, lang: str, windows: EventWindows) -> bytes:
    """One day's map with its window's events, as PNG bytes with provenance."""
    scene = EventsScene(days, frame, lang, [day], windows)
    scene.show_day(day)
    return scene.provenance([day]).png(scene.canvas.image(), frame.dpi)


def events_animation(
    days: Days, dates: list[date], frame: Frame, lang: str, windows: EventWindows
) -> tuple[Iterator[Image.Image], Provenance]:
    """Frames (drawn lazily) with each date's events, and the provenance naming every provider shown."""
    scene = EventsScene(days, frame, lang, dates, windows)
    animator = Animator(scene, dates[0])
    return (animator.frame(day) for day in dates), scene.provenance(dates)


def events_gif(
    days: Days, dates: list[date], frame: Frame, lang: str, windows: EventWindows, frame_ms: int = 700
) -> bytes:
    """The GIF of `dates` with each date's window of events."""
    images, provenance = events_animation(days, dates, frame, lang, windows)
    frames = list(images)
    palette = fixed_palette(days.dataset)
    palette += [tuple(int(c[i : i + 2], 16) for i in (1, 3, 5)) for c in {type_colour(t) for t in ("", *_TYPES)}]
    durations = [frame_ms] * (len(frames) - 1) + [frame_ms * 3]
    return encode_gif(frames, palette[:160], durations, comment=provenance.gif_comment())


_TYPES = ("Battles", "Explosions/Remote violence", "Violence against civilians", "Strategic developments", "Protests")
