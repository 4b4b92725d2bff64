"""The page around the map: title and subtitle above it, caption, caveat and credits below it, each wrapped
to the map's width, and the rectangle that is left for the map.

Measured before the map is drawn, so that long texts make their band taller and the map smaller instead
of being cut off or running over the map. The default bands are MAP_RECT's at the design size, scaled like
the text: a 4:3 or wider image whose texts fit keeps MAP_RECT exactly (so `pixel_of` without a `rect`
stays exact for it), and a tall image (4:5, 1:1) does not waste its height on empty bands.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..style import STYLE
from .frame import DESIGN_INCHES, MAP_RECT

TITLE_TOP = 0.13  # inches below the top edge, at the design size
FOOTER_GAP = 0.06  # inches between the map and the footer
TITLE_SIZE, SUBTITLE_SIZE, CAPTION_SIZE = 14.5, 8.0, 7.2
FINE_SIZES = (6.4, 6.1, 5.8, 5.5)  # the fine print shrinks this far to stay in the default band, then it grows
GROWN_FINE_SIZE = 6.0
MIN_MAP_SHARE = 0.4  # of the image height: below this the texts are too long for the image


@dataclass(frozen=True)
class PageText:
    """Every text around the map, already in the image's language; empty strings are left out."""

    title: str
    subtitle: str
    label: str | None = None  # the framing's name, beside the subtitle's first line when it fits
    caption: str = ""
    caveat: str = ""
    credits: str = ""
    title_size: float = TITLE_SIZE
    badge: str = ""  # animations: a sample of the date badge, whose room the title leaves free


@dataclass(frozen=True)
class Line:
    """One line of text: its top as a figure fraction, its size in design points, weight and colour."""

    text: str
    top: float
    size: float
    weight: str = "normal"
    colour: str = STYLE.text


@dataclass(frozen=True)
class PageLayout:
    """Where every line goes and the map rectangle (left, bottom, right, top) in figure fractions."""

    rect: tuple[float, float, float, float]
    head: tuple[Line, ...]
    foot: tuple[Line, ...]
    sources_top: float
    fine_size: float
    label_top: float | None


def wrap(text: str, width: float, measure, max_lines: int | None = None) -> list[str]:
    """Greedy word wrap to `width` display pixels (a word longer than the width gets a line of its own).
    Stops after `max_lines` + 1 lines: a text that long cannot fit anyway, and measuring it all is slow."""
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if line and measure(candidate) > width:
            lines.append(line)
            line = word
            if max_lines is not None and len(lines) > max_lines:
                return lines
        else:
            line = candidate
    return lines + ([line] if line else [])


def lay_out(canvas, text: PageText) -> PageLayout:
    """The page for `text` on the canvas's figure (measured with its renderer); ValueError, one line, when
    the texts would leave less than MIN_MAP_SHARE of the image to the map."""
    height = canvas.frame.height
    width = (MAP_RECT[2] - MAP_RECT[0]) * canvas.frame.width
    head, y = _head(canvas, text, width)
    top = 1 - max(y, _band(canvas, 1 - MAP_RECT[3])) / height
    foot, sources_at, fine, needed = _foot(canvas, text, width)
    bottom = max(needed, _band(canvas, MAP_RECT[1])) / height
    if top - bottom < MIN_MAP_SHARE:
        raise ValueError(
            f"the title, caption and credits leave {100 * (top - bottom):.0f}% of the image to the map: "
            "shorten them, or choose a taller --aspect or --height"
        )
    subtitle_tops = [line.top for line in head if line.colour == STYLE.muted_text]
    return PageLayout(
        (MAP_RECT[0], bottom, MAP_RECT[2], top),
        tuple(Line(line.text, 1 - line.top / height, line.size, line.weight, line.colour) for line in head),
        tuple(Line(line.text, bottom - line.top / height, line.size, line.weight, line.colour) for line in foot),
        bottom - sources_at / height,
        fine,
        1 - subtitle_tops[0] / height if subtitle_tops else None,
    )


def _band(canvas, fraction: float) -> float:
    """A default band in pixels: `fraction` of the design height, scaled like the text."""
    return fraction * DESIGN_INCHES[1] * canvas.k * canvas.frame.dpi


def _lines(canvas, text: str, size: float, weight: str, width: float) -> list[str]:
    props = canvas.font(size, weight)
    most = int(canvas.frame.height / max(canvas.px(size * 1.25), 1.0)) + 1  # more lines than the image holds
    return wrap(text, width, lambda t: canvas.text_size(t, props)[0], max_lines=most)


def _head(canvas, text: PageText, width: float) -> tuple[list[Line], float]:
    """Title and subtitle lines with their tops in pixels from the image's top, and the band's height."""
    title_width = width
    if text.badge:
        title_width -= canvas.text_size(text.badge, canvas.font(14, "bold"))[0] + canvas.px(24)
    y, lines = canvas.px(TITLE_TOP * 72), []
    for line in _lines(canvas, text.title, text.title_size, "bold", title_width):
        lines.append(Line(line, y, text.title_size, "bold"))
        y += canvas.px(text.title_size * 1.25)
    y += canvas.px(5.5)
    for line in _lines(canvas, text.subtitle, SUBTITLE_SIZE, "normal", width):
        lines.append(Line(line, y, SUBTITLE_SIZE, "normal", STYLE.muted_text))
        y += canvas.px(SUBTITLE_SIZE * 1.3)
    return lines, y + canvas.px(7)


def _foot(canvas, text: PageText, width: float) -> tuple[list[Line], float, float, float]:
    """Caption, caveat and credit lines with their tops in pixels below the map, where the sources line
    goes, the fine-print size, and the band's height."""
    default_band = _band(canvas, MAP_RECT[1])
    caption = _lines(canvas, text.caption, CAPTION_SIZE, "normal", width)  # its size never changes: wrap once
    for fine in (*FINE_SIZES, GROWN_FINE_SIZE):
        y, lines = canvas.px(FOOTER_GAP * 72), []
        for line in caption:
            lines.append(Line(line, y, CAPTION_SIZE))
            y += canvas.px(CAPTION_SIZE * 1.3)
        for paragraph in (text.caveat, text.credits):
            for line in _lines(canvas, paragraph, fine, "normal", width):
                lines.append(Line(line, y, fine))
                y += canvas.px(fine * 1.25)
        sources_at = y + canvas.px(fine * 0.2)
        needed = sources_at + canvas.px(fine * 1.25 + 3)
        if needed <= default_band:
            break
    return lines, sources_at, fine, needed
