"""Web Mercator (EPSG:3857), the projection of the interactive map, so a PNG looks like what users saw.

North is straight up everywhere on the map (the north arrow relies on it); the scale varies with
latitude, so the scale bar is true at the map centre's latitude (`metres_per_map_metre`).
"""

from __future__ import annotations

import math

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry.base import BaseGeometry

from ...core.geometry import WGS84
from .frame import MAP_RECT, map_rect_pixels

MERCATOR = "EPSG:3857"
EARTH_RADIUS_M = 6378137.0
_TO_MERCATOR = Transformer.from_crs(WGS84, MERCATOR, always_xy=True)


def mercator_xy(lon, lat) -> tuple[np.ndarray, np.ndarray]:
    """Degrees to Web Mercator metres, element-wise."""
    x, y = _TO_MERCATOR.transform(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
    return np.asarray(x), np.asarray(y)


def to_mercator(geom: BaseGeometry) -> BaseGeometry:
    """A WGS84 geometry in Web Mercator metres."""
    return shapely.transform(geom, lambda xy: np.column_stack(_TO_MERCATOR.transform(xy[:, 0], xy[:, 1])))


def to_degrees(x, y) -> tuple[np.ndarray, np.ndarray]:
    """Web Mercator metres back to degrees."""
    lon, lat = _TO_MERCATOR.transform(np.asarray(x, dtype=float), np.asarray(y, dtype=float), direction="INVERSE")
    return np.asarray(lon), np.asarray(lat)


def map_extent(
    bbox: tuple[float, float, float, float], width: int, height: int, rect: tuple[float, float, float, float] = MAP_RECT
) -> tuple[float, float, float, float]:
    """The bbox in Web Mercator metres (x0, x1, y0, y1), widened to the map rectangle's aspect ratio."""
    west, south, east, north = bbox
    (x0, x1), (y0, y1) = mercator_xy([west, east], [south, north])
    left, top, right, bottom = map_rect_pixels(width, height, rect)
    aspect = (right - left) / (bottom - top)
    cx, cy, w, h = (x0 + x1) / 2, (y0 + y1) / 2, x1 - x0, y1 - y0
    if w / h < aspect:
        w = h * aspect
    else:
        h = w / aspect
    return cx - w / 2, cx + w / 2, cy - h / 2, cy + h / 2


def pixel_of(
    lon: float,
    lat: float,
    *,
    bbox: tuple[float, float, float, float],
    width: int,
    height: int,
    rect: tuple[float, float, float, float] = MAP_RECT,
) -> tuple[int, int]:
    """Where (lon, lat) lands in the rendered image: (x, y) pixels from its top-left corner.

    Uses the renderer's own layout and projection; the result may lie outside the image when the point is
    outside the framing. `rect` is the map rectangle of an image whose texts made the bands grow, or of an
    image taller than 4:3 (`Rendered.map_rect`, or `Canvas.rect`); the default is exact for 4:3 and wider
    images with the dataset's own texts. Independent of dpi: dpi only scales text and lines.
    """
    x0, x1, y0, y1 = map_extent(bbox, width, height, rect)
    left, top, right, bottom = map_rect_pixels(width, height, rect)
    mx, my = mercator_xy(lon, lat)
    px = left + (float(mx) - x0) / (x1 - x0) * (right - left)
    py = bottom - (float(my) - y0) / (y1 - y0) * (bottom - top)
    return math.floor(px), math.floor(py)


def metres_per_map_metre(extent: tuple[float, float, float, float]) -> float:
    """True metres per Web Mercator metre at the latitude of the extent's centre."""
    _, _, y0, y1 = extent
    lat = math.degrees(math.atan(math.sinh((y0 + y1) / 2 / EARTH_RADIUS_M)))
    return math.cos(math.radians(lat))
