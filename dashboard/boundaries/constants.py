"""Numeric rules of the build: projection, coordinate grid, tolerances, margins and thresholds."""

from __future__ import annotations

EQUAL_AREA = "EPSG:6933"  # WGS 84 / NSIDC EASE-Grid 2.0 Global (cylindrical equal-area)
GRID = 1e-5  # coordinates are rounded to 5 decimals (about 1 m)
DECIMALS = 5
DEFAULT_TOLERANCE = 0.005  # degrees, internal division edges only
NEIGHBOUR_MARGIN = 0.25  # the neighbours box is the country's bbox grown by 25% of its size on each side ...
NEIGHBOUR_MIN_MARGIN = 2.0  # ... and by at least 2 degrees
MAX_TILING_ERROR = 0.005  # divisions must tile the outline to within 0.5% of its area
NOTCH_BUFFER = 0.05  # degrees: near the outline, neighbours take the 10m land their 50m polygon misses
MIN_NOTCH_KM2 = 0.01
MIN_SHARE_IN_GP_COUNTRY = 0.25  # a wrong numeric code would give ~0; small islands differ between admin-0 and admin-1
MIN_SHARE_INSIDE = 0.5  # an admin-1 polygon with less than half its area inside the outline belongs elsewhere
