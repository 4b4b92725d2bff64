"""Who holds each place (and what each area claims) on a given day, since when, and who held it before."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from .model import Area, AreaRecord, ControlRecord, Dataset, Place

if TYPE_CHECKING:
    import pandas as pd


class DateOutOfRange(ValueError):
    """A date before the baseline or after the end of the dataset: nothing is known there."""


@dataclass(frozen=True)
class PlaceState:
    """One place on one day. `since` is when the current controller took over (not the latest record)."""

    place: Place
    record: ControlRecord
    since: date
    previous_controller: str | None
    since_precision: str = "day"  # "by" when the handover is known only as "by this date"

    @property
    def controller(self) -> str:
        """Who holds the place."""
        return self.record.controller

    @property
    def status(self) -> str:
        """held, contested, besieged or split."""
        return self.record.status

    @property
    def certainty(self) -> str:
        """confirmed, reported or disputed."""
        return self.record.certainty

    def is_recent(self, day: date, window_days: int) -> bool:
        """Changed hands (not first recorded) within the last `window_days` days up to `day`."""
        return self.previous_controller is not None and day - self.since < timedelta(days=window_days)


def check_in_period(dataset: Dataset, day: date) -> None:
    """Raise `DateOutOfRange` with the valid range if `day` is outside the dataset's period."""
    if not dataset.in_period(day):
        raise DateOutOfRange(f"{day} is outside the data: choose a date from {dataset.baseline} to {dataset.end}")


def record_index(records: tuple[ControlRecord, ...], day: date) -> int:
    """Index of the record in force on `day`, or -1 before the first one."""
    return bisect_right([r.date for r in records], day) - 1


def place_state(place: Place, day: date) -> PlaceState:
    """The state of one place on `day` (which must not be before its first record)."""
    index = record_index(place.control, day)
    if index < 0:
        raise DateOutOfRange(f"{place.id} has no record on or before {day}")
    current = place.control[index]
    start = index
    while start > 0 and place.control[start - 1].controller == current.controller:
        start -= 1
    previous = place.control[start - 1].controller if start > 0 else None
    first = place.control[start]
    return PlaceState(
        place=place,
        record=current,
        since=first.date,
        previous_controller=previous,
        since_precision=first.date_precision,
    )


def area_record(area: Area, day: date) -> AreaRecord | None:
    """The area's record in force on `day`, or None before its first record."""
    index = record_index(area.control, day)
    return area.control[index] if index >= 0 else None


def state_at(dataset: Dataset, day: date) -> list[PlaceState]:
    """Every place's state on `day`, in dataset order."""
    check_in_period(dataset, day)
    return [place_state(place, day) for place in dataset.places]


def state_frame(states: list[PlaceState]) -> pd.DataFrame:
    """States as a table, one row per place, for display and CSV export."""
    rows = [
        {
            "id": s.place.id,
            "name": s.place.name,
            "name_ar": s.place.name_ar or "",
            "kind": s.place.kind,
            "rank": s.place.rank,
            "lat": s.place.lat,
            "lon": s.place.lon,
            "controller": s.controller,
            "status": s.status,
            "certainty": s.certainty,
            "since": s.since.isoformat(),
            "previous_controller": s.previous_controller or "",
            "sources": " ".join(s.record.sources),
        }
        for s in states
    ]
    import pandas as pd  # here, not at the top: a static export never builds a table

    return pd.DataFrame(rows)
