"""One figure with its map axes: the shared drawing surface and the unit conversions every layer uses."""

from __future__ import annotations

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from PIL import Image
from shapely.geometry import box

from ..style import STYLE
from .frame import Frame
from .language import FONT, Language
from .page import PageText, lay_out
from .placement import Box
from .projection import map_extent
from .text_sizes import text_sizes


class Canvas:
    """A figure of exactly the frame's size, its map axes set to the frame's extent in Web Mercator metres.
    The texts around the map are measured first (page.py): the map takes the room they leave."""

    def __init__(self, frame: Frame, language: Language, text: PageText):
        self.frame, self.language = frame, language
        self.k = frame.design_scale
        self.fig = Figure(figsize=frame.inches, dpi=frame.dpi, facecolor=STYLE.paper)
        FigureCanvasAgg(self.fig)
        self.renderer = self.fig.canvas.get_renderer()
        self.page = lay_out(self, text)
        self.rect = left, bottom, right, top = self.page.rect
        self.ax = ax = self.fig.add_axes((left, bottom, right - left, top - bottom))
        self.extent = x0, x1, y0, y1 = map_extent(frame.bbox, frame.width, frame.height, self.rect)
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_aspect("auto")
        ax.set_autoscale_on(False)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_facecolor(STYLE.sea)
        for spine in ax.spines.values():
            spine.set_edgecolor(STYLE.map_frame)
            spine.set_linewidth(0.6 * self.k)
            spine.set_zorder(31)
        self.view = box(x0, y0, x1, y1)
        self.axes_box: Box = tuple(ax.get_window_extent(self.renderer).extents)

    # -- sizes -------------------------------------------------------------------------------------

    def pt(self, points: float) -> float:
        """A design size in points, shrunk for images smaller than the design size."""
        return points * self.k

    def css(self, pixels: float) -> float:
        """A STYLE size (CSS pixels, as the browser map uses) in scaled points."""
        return pixels * 0.75 * self.k

    def px(self, points: float) -> float:
        """Scaled points to display pixels."""
        return points * self.k * self.frame.dpi / 72

    def fig_x(self, points: float) -> float:
        """A horizontal distance in scaled points as a fraction of the figure width."""
        return self.px(points) / self.frame.width

    def fig_y(self, points: float) -> float:
        """A vertical distance in scaled points as a fraction of the figure height."""
        return self.px(points) / self.frame.height

    def font(self, size: float, weight: str = "normal", style: str = "normal") -> FontProperties:
        """The map's font at `size` scaled points, so text keeps its proportions at any image size."""
        return FontProperties(family=FONT, size=self.pt(size), weight=weight, style=style)

    def text_size(self, text: str, props: FontProperties) -> tuple[float, float]:
        """(width, height) of a one-line text in display pixels (measured once, kept between runs)."""
        w, h, _ = text_sizes().measure(self.renderer, text, props)
        return w, h

    # -- positions ---------------------------------------------------------------------------------

    def display(self, xy: np.ndarray) -> np.ndarray:
        """Web Mercator metres to display pixels (origin bottom-left)."""
        return self.ax.transData.transform(np.asarray(xy, dtype=float).reshape(-1, 2))

    def fraction(self, xy) -> tuple[float, float]:
        """A display pixel position as a figure fraction: the same place whatever dpi the figure is saved at."""
        return float(xy[0]) / self.fig.bbox.width, float(xy[1]) / self.fig.bbox.height

    def data_box(self, b: Box) -> Box:
        """A display box in Web Mercator metres."""
        (x0, y0), (x1, y1) = self.ax.transData.inverted().transform([(b[0], b[1]), (b[2], b[3])])
        return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)

    def in_view(self, xy: np.ndarray, margin_m: float = 0.0) -> np.ndarray:
        """Which Web Mercator points fall inside the drawn extent (grown by `margin_m` metres on every side)."""
        x0, x1, y0, y1 = self.extent
        xy = np.asarray(xy, dtype=float).reshape(-1, 2)
        return (
            (xy[:, 0] >= x0 - margin_m)
            & (xy[:, 0] <= x1 + margin_m)
            & (xy[:, 1] >= y0 - margin_m)
            & (xy[:, 1] <= y1 + margin_m)
        )

    def metres_per_pixel(self) -> float:
        """Web Mercator metres per display pixel across the map: turns pixel sizes into map distances."""
        x0, x1, _, _ = self.extent
        return (x1 - x0) / (self.axes_box[2] - self.axes_box[0])

    def texts(self) -> list:
        """Every visible text artist of the figure and its map axes (after drawing)."""
        found = self.fig.findobj(lambda a: hasattr(a, "get_text") and hasattr(a, "get_window_extent"))
        return [t for t in found if t.get_visible() and str(t.get_text()).strip()]

    # -- output ------------------------------------------------------------------------------------

    def image(self) -> Image.Image:
        """The figure as an RGB image of exactly width x height pixels."""
        self.fig.canvas.draw()
        buffer = self.fig.canvas.buffer_rgba()
        height, width = np.asarray(buffer).shape[:2]
        # PIL drops the alpha channel in one pass; slicing the array and copying it took twice as long.
        rgba = Image.frombuffer("RGBA", (width, height), buffer, "raw", "RGBA", 0, 1)
        return self.padded(rgba.convert("RGB"))

    def sized(self, rgb: np.ndarray) -> Image.Image:
        """An RGB array of the figure as an image of exactly width x height pixels."""
        return self.padded(Image.fromarray(np.ascontiguousarray(rgb), "RGB"))

    def padded(self, image: Image.Image) -> Image.Image:
        """Pad or crop (never rescale) to the exact size: figure sizes in inches can round by a pixel."""
        if image.size != (self.frame.width, self.frame.height):
            canvas = Image.new("RGB", (self.frame.width, self.frame.height), STYLE.paper)
            canvas.paste(image, (0, 0))
            image = canvas
        return image
