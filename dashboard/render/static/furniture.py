"""Everything around the map: title and subtitle, the date badge of an animation, the footer (caveat,
attribution, cited sources), and the scale bar with its north arrow. Mirrored on Arabic maps."""

from __future__ import annotations

import numpy as np
from matplotlib.patches import FancyBboxPatch, Polygon, Rectangle

from ..style import STYLE
from .canvas import Canvas
from .frame import MAP_RECT
from .language import FONT
from .legend import corner_costs, marker_circles
from .page import TITLE_TOP, Line
from .placement import best_corner, fit_list
from .projection import metres_per_map_metre

FURNITURE_Z = 29


def _x_start(canvas: Canvas) -> float:
    return MAP_RECT[2] if canvas.language.rtl else MAP_RECT[0]


def _x_end(canvas: Canvas) -> float:
    return MAP_RECT[0] if canvas.language.rtl else MAP_RECT[2]


def _top(canvas: Canvas) -> float:
    return 1 - canvas.fig_y(TITLE_TOP * 72)


def _draw_line(canvas: Canvas, line: Line, colour: str | None = None):
    return canvas.fig.text(
        _x_start(canvas),
        line.top,
        line.text,
        ha=canvas.language.start,
        va="top",
        fontproperties=canvas.font(line.size, line.weight),
        color=colour or line.colour,
        parse_math=False,
    )


def draw_head(canvas: Canvas) -> list:
    """The title and subtitle lines the page laid out, at the reading start (right on Arabic maps), and the
    framing's name, small, at the other end of the subtitle's first line when it fits and suits the language."""
    artists = [_draw_line(canvas, line) for line in canvas.page.head]
    label, top = canvas.frame.label, canvas.page.label_top
    if top is None or not canvas.language.suits(label):
        return artists
    props = canvas.font(8)
    first = next(line for line in canvas.page.head if line.top == top)
    room = (MAP_RECT[2] - MAP_RECT[0]) * canvas.frame.width - canvas.text_size(first.text, props)[0]
    if canvas.text_size(label, props)[0] + canvas.px(12) < room:
        artists.append(
            canvas.fig.text(
                _x_end(canvas),
                top,
                label,
                ha=canvas.language.end,
                va="top",
                fontproperties=props,
                color=STYLE.muted_text,
                style="italic",
                parse_math=False,
            )
        )
    return artists


def draw_badge(canvas: Canvas, text: str):
    """The animation's date: large, white on dark, in the top corner opposite the title's start."""
    size = canvas.pt(14)
    pad_in = 0.28 * size / 72
    x = (
        MAP_RECT[0] + pad_in / canvas.frame.inches[0]
        if canvas.language.rtl
        else MAP_RECT[2] - pad_in / canvas.frame.inches[0]
    )
    y = _top(canvas) - pad_in / canvas.frame.inches[1]
    return canvas.fig.text(
        x,
        y,
        text,
        ha=canvas.language.end,
        va="top",
        fontsize=size,
        family=FONT,
        weight="bold",
        color=STYLE.paper,
        parse_math=False,
        bbox=dict(boxstyle="round,pad=0.28", facecolor=STYLE.text, edgecolor="none"),
    )


class Footer:
    """The caption, caveat and credits the page laid out (date-independent) and, below them, the sources
    cited on the day. Nothing is cut: the page made the band tall enough for every line."""

    def __init__(self, canvas: Canvas):
        self.canvas = canvas
        self.width = (MAP_RECT[2] - MAP_RECT[0]) * canvas.frame.width
        self.props = canvas.font(canvas.page.fine_size)
        self.artists = [_draw_line(canvas, line) for line in canvas.page.foot]

    def measure(self, text: str) -> float:
        """The width of one footer line in display pixels, to fit lists to the frame."""
        return self.canvas.text_size(text, self.props)[0]

    def draw_sources(self, publishers: list[str]):
        """'Sources: A, B, … (+N more; …)', as many names as fit on one line."""
        language = self.canvas.language
        w = language.words
        if publishers:
            text = fit_list(
                publishers,
                self.width,
                self.measure,
                f"{w.sources}: ",
                f"{language.mark} {w.more_sources}",
                language.separator,
            )
        else:
            text = w.sources_elsewhere
        return _draw_line(
            self.canvas, Line(text, self.canvas.page.sources_top, self.canvas.page.fine_size), STYLE.muted_text
        )


def nice_km(canvas: Canvas) -> tuple[float, float]:
    """A round length near a fifth of the map width, and map metres per true metre at the map's centre."""
    x0, x1, _, _ = canvas.extent
    stretch = 1 / metres_per_map_metre(canvas.extent)
    target = (x1 - x0) / stretch / 1000 / 5
    steps = [m * 10**e for e in range(0, 4) for m in (1, 2, 2.5, 5)]
    return max((n for n in steps if n <= target), default=1), stretch


def draw_scale_bar(canvas: Canvas, layout, outline, taken: tuple[str, ...]):
    """A two-segment scale bar (true at the map centre's latitude) and a north arrow, in a free corner.
    Returns the display box it occupies."""
    ax, k = canvas.ax, canvas.k
    km, stretch = nice_km(canvas)
    x0, x1, _, _ = canvas.extent
    bar_w = km * 1000 * stretch / (x1 - x0)  # axes fraction
    ax0, ay0, ax1, ay1 = canvas.axes_box
    fx = lambda points: canvas.px(points) / (ax1 - ax0)  # noqa: E731
    fy = lambda points: canvas.px(points) / (ay1 - ay0)  # noqa: E731
    block_w, block_h, pad_x, pad_y = bar_w + fx(44), fy(34), fx(8), fy(8)
    options = {
        "lower left": (pad_x, pad_y),
        "lower right": (1 - pad_x - block_w, pad_y),
        "upper left": (pad_x, 1 - pad_y - block_h),
        "upper right": (1 - pad_x - block_w, 1 - pad_y - block_h),
    }
    names = [n for n in options if n not in taken]
    boxes = [
        (
            ax0 + options[n][0] * (ax1 - ax0),
            ay0 + options[n][1] * (ay1 - ay0),
            ax0 + (options[n][0] + block_w) * (ax1 - ax0),
            ay0 + (options[n][1] + block_h) * (ay1 - ay0),
        )
        for n in names
    ]
    costs = np.asarray(corner_costs(canvas, boxes, layout, outline)) + np.arange(len(boxes)) * 0.01
    best = best_corner(boxes, marker_circles(layout), list(costs))
    bx, by = options[names[best]]
    t, z = ax.transAxes, FURNITURE_Z
    ax.add_patch(
        FancyBboxPatch(
            (bx, by),
            block_w,
            block_h,
            boxstyle="square,pad=0",
            transform=t,
            facecolor=STYLE.paper,
            edgecolor="none",
            alpha=0.75,
            zorder=z - 1,
        )
    )
    arrow_left = canvas.language.rtl  # the arrow sits where a reader's eye ends the bar
    bar_x = bx + (fx(30) if arrow_left else fx(8))
    bar_y, bar_h = by + fy(8), fy(4)
    for i in range(2):
        ax.add_patch(
            Rectangle(
                (bar_x + i * bar_w / 2, bar_y),
                bar_w / 2,
                bar_h,
                transform=t,
                facecolor=STYLE.text if i == 0 else STYLE.paper,
                edgecolor=STYLE.text,
                linewidth=0.6 * k,
                zorder=z,
            )
        )
    text = dict(
        transform=t,
        fontproperties=canvas.font(6.5),
        color=STYLE.text,
        zorder=z,
        ha="center",
        va="bottom",
        parse_math=False,
    )
    ax.text(bar_x, bar_y + bar_h + fy(2), "0", **text)
    ax.text(bar_x + bar_w / 2, bar_y + bar_h + fy(2), f"{km / 2:g}", **text)
    ax.text(bar_x + bar_w, bar_y + bar_h + fy(2), f"{km:g} {canvas.language.words.km}", **text)
    # Web Mercator keeps north straight up everywhere on the map.
    arrow_x, arrow_y = (bx + fx(14)) if arrow_left else (bx + block_w - fx(14)), by + fy(6)
    arrow = [
        (arrow_x, arrow_y + fy(16)),
        (arrow_x - fx(5), arrow_y),
        (arrow_x, arrow_y + fy(4)),
        (arrow_x + fx(5), arrow_y),
    ]
    ax.add_patch(
        Polygon(
            arrow, closed=True, transform=t, facecolor=STYLE.text, edgecolor=STYLE.text, linewidth=0.5 * k, zorder=z
        )
    )
    ax.text(
        arrow_x,
        arrow_y + fy(17),
        canvas.language.words.north,
        transform=t,
        fontproperties=canvas.font(7.5, "bold"),
        color=STYLE.text,
        ha="center",
        va="bottom",
        zorder=z,
        parse_math=False,
    )
    return names[best], boxes[best]
