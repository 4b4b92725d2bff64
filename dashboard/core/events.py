"""Conflict events (ACLED, UCDP) in one normalised shape, shared by import, queries, map and exports.

Events are the user's own files: ACLED's terms forbid redistributing its data, so nothing here ships
any event, and every place an event appears (map, PNG, HTML, GeoJSON) carries its provider's credit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

ACLED, UCDP = "acled", "ucdp"
PROVIDERS = (ACLED, UCDP)

#: The credit line each provider asks for wherever its data is shown.
ATTRIBUTION = {
    ACLED: "Event data: Armed Conflict Location & Event Data (ACLED), acleddata.com",
    UCDP: "Event data: Uppsala Conflict Data Program (UCDP) Georeferenced Event Dataset, ucdp.uu.se",
}

EXACT, APPROXIMATE = "exact", "approximate"

#: The normalised columns, in storage order (lat/lon are plain columns so DuckDB needs no spatial extension).
COLUMNS = (
    "provider",
    "event_id",
    "date",
    "date_precision",
    "type",
    "sub_type",
    "actor1",
    "actor2",
    "location",
    "admin1",
    "lat",
    "lon",
    "geo_precision",
    "fatalities",
    "notes",
    "source",
)
TEXT_COLUMNS = ("type", "sub_type", "actor1", "actor2", "location", "admin1", "notes", "source")


@dataclass(frozen=True)
class Event:
    """One event as the panels and exports show it: `geo_precision` and `date_precision` are EXACT or APPROXIMATE."""

    provider: str
    event_id: str
    date: date
    date_precision: str
    type: str
    sub_type: str
    actor1: str
    actor2: str
    location: str
    admin1: str
    lat: float
    lon: float
    geo_precision: str
    fatalities: int
    notes: str
    source: str

    @property
    def key(self) -> str:
        """A stable id across providers (event ids are only unique within one provider)."""
        return f"{self.provider}:{self.event_id}"

    @property
    def attribution(self) -> str:
        """The provider's credit line."""
        return ATTRIBUTION[self.provider]


@dataclass(frozen=True)
class EventQuery:
    """Which events to show: a window of `days` days ending on `end` (inclusive), and optional filters."""

    end: date
    days: int = 1
    types: tuple[str, ...] = ()
    sub_types: tuple[str, ...] = ()
    actor: str = ""
    min_fatalities: int = 0
    bbox: tuple[float, float, float, float] | None = None  # W, S, E, N degrees

    @property
    def start(self) -> date:
        """The first day of the window."""
        return self.end - timedelta(days=max(self.days, 1) - 1)


def events_dir(dataset_dir: str | Path) -> Path:
    """Where a dataset's imported events live (git-ignored: the user's own files)."""
    return Path(dataset_dir) / "events"


def attribution_lines(providers: set[str] | list[str] | tuple[str, ...]) -> list[str]:
    """One credit line per provider whose events are shown, in a stable order."""
    return [ATTRIBUTION[p] for p in PROVIDERS if p in set(providers)]
