"""The image framing (`Frame`) and the fixed layout every image shares.

The map rectangle is a fixed fraction of the image that depends only on its pixel size, so `pixel_of`
(projection.py) can say where a lon/lat lands without rendering: a title band above it, a footer below.
Sizes are in points at the 8 x 6 in design size and shrink for smaller images (`design_scale`), so
1600x1200 @ 200 dpi and 800x600 @ 100 dpi are the same picture at two resolutions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...core.captions import Captions

#: The design size in inches: at or above it text keeps its nominal size, below it everything shrinks.
DESIGN_INCHES = (8.0, 6.0)
#: The map rectangle in figure fractions (left, bottom, right, top): a title band above, a footer below.
MAP_RECT = (0.02, 0.115, 0.98, 0.875)


@dataclass(frozen=True)
class Frame:
    """What an image shows and at what size: `bbox` is widened (never stretched) to the map's aspect."""

    bbox: tuple[float, float, float, float]  # west, south, east, north in degrees
    width: int = 1600
    height: int = 1200
    dpi: int = 200
    label: str | None = None  # the framing's name, e.g. "Whole country": printed small beside the subtitle
    captions: Captions = field(default_factory=Captions)  # the publisher's title, credit, caption and notes

    def __post_init__(self) -> None:
        object.__setattr__(self, "bbox", tuple(float(v) for v in self.bbox))  # a list from JSON is fine too
        west, south, east, north = self.bbox
        if not (west < east and south < north):
            raise ValueError(f"bbox must be (west, south, east, north) with west < east and south < north: {self.bbox}")
        if self.width < 64 or self.height < 64 or self.dpi < 10:
            raise ValueError(f"image too small to draw a map: {self.width}x{self.height} @ {self.dpi} dpi")

    @property
    def inches(self) -> tuple[float, float]:
        """(width, height) in inches, matplotlib's figure size for the requested pixels at `dpi`."""
        return self.width / self.dpi, self.height / self.dpi

    @property
    def design_scale(self) -> float:
        """1 at or above the design size; below it, the factor that shrinks every point size."""
        w, h = self.inches
        return min(1.0, w / DESIGN_INCHES[0], h / DESIGN_INCHES[1])


def map_rect_pixels(
    width: int, height: int, rect: tuple[float, float, float, float] = MAP_RECT
) -> tuple[float, float, float, float]:
    """The map rectangle in image pixels from the top-left: (left, top, right, bottom). `rect` is the
    layout's map rectangle when long texts made the bands grow (`Rendered.map_rect`)."""
    left, bottom, right, top = rect
    return left * width, (1 - top) * height, right * width, (1 - bottom) * height
