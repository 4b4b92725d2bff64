"""Per-day grid cells of the filtered events: built in one query when the filters or the zoom change,
then each slider step's window is a slice of sorted arrays instead of a query over every event.

A step's bins, total, types and providers are sums over the window's days of small per-day tables
(at zoom 6, a year of a country-sized dataset is some thousands of rows however many events there are).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

#: Cell codes pack the column and row of the grid in one integer (rows stay below this at any zoom).
ROW_SPAN = 1_000_000
#: Filters selecting at most this many events over the period keep their points too (a few MB), so a
#: step in points mode is a slice as well; above it, points come from a query (bins serve most steps).
POINTS_KEPT = 50_000


@dataclass(frozen=True)
class DailyCells:
    """Events per day and grid cell (sorted by day), and per day and type / provider."""

    zoom: int
    days: np.ndarray  # day ordinals, ascending
    cells: np.ndarray  # ix * ROW_SPAN + iy
    events: np.ndarray
    approximate: np.ndarray
    lat_sum: np.ndarray
    lon_sum: np.ndarray
    type_days: np.ndarray
    types: np.ndarray
    type_events: np.ndarray
    provider_days: np.ndarray
    providers: np.ndarray
    points: dict[str, np.ndarray] | None = None  # day, key, lat, lon, type, flags, fatalities; sorted by day

    def _slice(self, days: np.ndarray, start: date, end: date) -> slice:
        lo = int(np.searchsorted(days, start.toordinal(), side="left"))
        hi = int(np.searchsorted(days, end.toordinal(), side="right"))
        return slice(lo, hi)

    def total(self, start: date, end: date) -> int:
        """Events in the window."""
        return int(self.events[self._slice(self.days, start, end)].sum())

    def type_counts(self, start: date, end: date) -> dict[str, int]:
        """Events per type in the window, most first."""
        part = self._slice(self.type_days, start, end)
        names, index = np.unique(self.types[part], return_inverse=True)
        sums = np.bincount(index, weights=self.type_events[part], minlength=len(names))
        return {str(n): int(c) for n, c in sorted(zip(names, sums), key=lambda x: -x[1])}

    def providers_in(self, start: date, end: date) -> set[str]:
        """Providers with events in the window."""
        return {str(p) for p in self.providers[self._slice(self.provider_days, start, end)]}

    def points_in(self, start: date, end: date) -> dict[str, list] | None:
        """The window's points column by column (newest first), or None when the points were not kept."""
        if self.points is None:
            return None
        part = self._slice(self.points["day"], start, end)
        return {name: values[part][::-1].tolist() for name, values in self.points.items() if name != "day"}

    def bins(self, start: date, end: date) -> list[list]:
        """[cell id, mean lat, mean lon, events, approximate events] per cell, most events first."""
        part = self._slice(self.days, start, end)
        codes, index = np.unique(self.cells[part], return_inverse=True)
        if not len(codes):
            return []

        def total(values: np.ndarray) -> np.ndarray:
            return np.bincount(index, weights=values[part], minlength=len(codes))

        events, approximate = total(self.events), total(self.approximate)
        lat, lon = total(self.lat_sum) / events, total(self.lon_sum) / events
        order = np.argsort(-events, kind="stable")
        return [
            [
                f"{self.zoom}/{int(codes[i]) // ROW_SPAN}/{int(codes[i]) % ROW_SPAN}",
                round(float(lat[i]), 4),
                round(float(lon[i]), 4),
                int(events[i]),
                int(approximate[i]),
            ]
            for i in order
        ]
