"""Animation frames drawn fast: the unchanging bottom (basemap, title, caveat) and top (labels, legend,
scale bar) are rendered once; each frame draws only the day's layers between them.

Text with halos is most of a full redraw's cost. After `start`, a frame restores the saved background,
draws the middle layers (zones, hatching, unassessed land, divisions, outline, front lines, markers) and the
day's figure texts (date badge, sources line), then blends the saved overlay over them. The result is
the same image as a full redraw (a test compares them).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import numpy as np
from matplotlib.colors import to_rgb
from PIL import Image

from ...core.days import Days
from ..gif import encode_gif
from ..style import STYLE
from .frame import Frame
from .layers import ZONES_Z
from .markers import pale
from .metadata import Provenance
from .scene import DayScene

OVERLAY_Z = 25  # labels, scale bar, legend and the map's border from here up


class Animator:
    """Frames of one scene, drawing per frame only what changes with the date."""

    def __init__(self, scene: DayScene, first: date):
        self.scene = scene
        scene.show_day(first)
        fig, ax = scene.canvas.fig, scene.canvas.ax
        canvas = fig.canvas
        axes_artists = ax.get_children()
        everything = [*axes_artists, *fig.texts, fig.patch]
        saved = {artist: artist.get_visible() for artist in everything}
        try:
            for artist in axes_artists:
                artist.set_visible(saved[artist] and (artist is ax.patch or artist.get_zorder() < ZONES_Z))
            for artist in fig.texts:
                artist.set_visible(saved[artist] and artist not in scene.day_artists)
            canvas.draw()
            self.background = canvas.copy_from_bbox(fig.bbox)
            for artist in everything:
                artist.set_visible(
                    saved[artist]
                    and artist.get_zorder() >= OVERLAY_Z
                    and artist is not ax.patch
                    and artist not in fig.texts
                    and artist is not fig.patch
                )
            canvas.draw()
            overlay = np.asarray(canvas.buffer_rgba()).astype(np.float32)
        finally:
            for artist, visible in saved.items():
                artist.set_visible(visible)
        alpha = overlay[..., 3] / 255
        covered = alpha > 0
        self.overlay_index = np.flatnonzero(covered)
        self.overlay_colour = overlay[..., :3][covered] * alpha[covered, None] + 0.5
        self.overlay_keep = 1 - alpha[covered, None]

    def frame(self, day: date) -> Image.Image:
        scene = self.scene
        fig, ax = scene.canvas.fig, scene.canvas.ax
        scene.show_day(day)
        fig.canvas.restore_region(self.background)
        middle = [
            a
            for a in (*ax.collections, *ax.patches, *ax.texts, *ax.lines)
            if ZONES_Z <= a.get_zorder() < OVERLAY_Z and a.get_visible()
        ]
        for artist in sorted(middle, key=lambda a: a.get_zorder()):
            ax.draw_artist(artist)
        for text in fig.texts:
            if text in scene.day_artists:
                fig.draw_artist(text)
        buffer = np.asarray(fig.canvas.buffer_rgba())
        rgb = buffer[..., :3].reshape(-1, 3).copy()
        under = rgb[self.overlay_index].astype(np.float32)
        rgb[self.overlay_index] = (self.overlay_colour + under * self.overlay_keep).astype(np.uint8)
        return scene.canvas.sized(rgb.reshape(buffer.shape[0], buffer.shape[1], 3))


def animation(
    days: Days, dates: list[date], frame: Frame, lang: str = "en"
) -> tuple[Iterator[Image.Image], Provenance]:
    """The frames (drawn lazily, one per date) and the provenance of the whole animation."""
    if not dates:
        raise ValueError("an animation needs at least one date")
    scene = DayScene(days, frame, lang, dates, animated=True)
    animator = Animator(scene, dates[0])
    return (animator.frame(day) for day in dates), scene.provenance(dates)


def animated_frames(days: Days, dates: list[date], frame: Frame, lang: str = "en") -> Iterator[Image.Image]:
    return animation(days, dates, frame, lang)[0]


def fixed_palette(dataset) -> list[tuple[int, int, int]]:
    """Colours that must survive GIF quantization exactly: faction fills, tints and pale fills, the basemap."""
    colours = [
        STYLE.paper,
        STYLE.text,
        STYLE.muted_text,
        STYLE.marker_edge,
        STYLE.recent_edge,
        STYLE.sea,
        STYLE.land,
        STYLE.neighbour_fill,
        STYLE.neighbour_edge,
        STYLE.outline,
        STYLE.division,
        STYLE.contested,
        STYLE.front,
        STYLE.swatch_fill,
        STYLE.unassessed,
        pale(STYLE.unassessed, STYLE.unassessed_opacity, STYLE.land),
    ]
    for faction in dataset.factions.values():
        colours += [
            faction.colour,
            pale(faction.colour),
            pale(faction.colour, STYLE.zone_opacity, STYLE.land),
            pale(faction.colour, STYLE.uncertain_opacity, STYLE.land),
        ]
    unique = list(dict.fromkeys(tuple(round(v * 255) for v in to_rgb(c)) for c in colours))
    return unique[:128]


def gif_bytes(days: Days, dates: list[date], frame: Frame, lang: str = "en", frame_ms: int = 700) -> bytes:
    images, provenance = animation(days, dates, frame, lang)
    frames = list(images)
    durations = [frame_ms] * (len(frames) - 1) + [frame_ms * 3]
    return encode_gif(frames, fixed_palette(days.dataset), durations, comment=provenance.gif_comment())
