"""The publishable static map: PNG of a day, GIF of dates, comparison of two dates (MP4: ../video.py).

Drawn with matplotlib (Agg) from the core's `Days`, so exports need no browser and look the same on every
machine. Modules: frame (Frame, layout), projection (Web Mercator, pixel_of), paths, basemap, layers,
markers, labels, placement (pure), legend, furniture, language, canvas, scene, animation, comparison,
metadata, page (texts around the map), notes (annotations), vector (SVG, PDF).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING

from .frame import Frame, map_rect_pixels
from .projection import pixel_of
from .scene import check_fits, day_png, day_vector
from .text_sizes import saving_text_sizes

if TYPE_CHECKING:
    from PIL import Image

    from ...core.compare import Comparison
    from ...core.days import Days

# Animations and comparisons are imported where they are used: a PNG of one day (a batch of exports
# runs one process per file) loads only the modules it draws with.

__all__ = [
    "Frame",
    "check_fits",
    "animation_frames",
    "map_rect_pixels",
    "pixel_of",
    "render_comparison_png",
    "render_comparison_vector",
    "render_gif",
    "render_png",
    "render_vector",
]


@saving_text_sizes
def render_png(days: Days, day: date, frame: Frame, lang: str = "en") -> bytes:
    """The map of `day` as PNG bytes, exactly frame.width x frame.height, with provenance text chunks."""
    return day_png(days, day, frame, lang)


@saving_text_sizes
def render_vector(days: Days, day: date, frame: Frame, lang: str = "en", fmt: str = "svg") -> bytes:
    """The map of `day` as SVG (editable text) or PDF (fonts embedded), drawn like the PNG."""
    return day_vector(days, day, frame, lang, fmt)


@saving_text_sizes
def render_comparison_vector(
    days: Days, comparison: Comparison, frame: Frame, lang: str = "en", fmt: str = "svg"
) -> bytes:
    """The comparison map as SVG or PDF, drawn like its PNG."""
    from .comparison import comparison_vector

    return comparison_vector(days, comparison, frame, lang, fmt)


def animation_frames(days: Days, dates: list[date], frame: Frame, lang: str = "en") -> Iterator[Image.Image]:
    """One RGB image per date, in order, sharing one legend (what any frame shows)."""
    from .animation import animated_frames

    return animated_frames(days, dates, frame, lang)


@saving_text_sizes
def render_gif(days: Days, dates: list[date], frame: Frame, lang: str = "en", frame_ms: int = 700) -> bytes:
    """One frame per date, looping; the last frame held 3x; one shared palette; a provenance comment."""
    from .animation import gif_bytes

    return gif_bytes(days, dates, frame, lang, frame_ms)


@saving_text_sizes
def render_comparison_png(days: Days, comparison: Comparison, frame: Frame, lang: str = "en") -> bytes:
    """What changed hands between comparison.start and comparison.end, as PNG bytes."""
    from .comparison import comparison_png

    return comparison_png(days, comparison, frame, lang)
