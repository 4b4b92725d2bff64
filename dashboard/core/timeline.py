"""The dated records as a timeline: which days something happened, and what."""

from __future__ import annotations

import weakref
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date

from .model import ControlRecord, Dataset, Place


@dataclass(frozen=True)
class Change:
    """One dated record of one place, with the controller it replaced (None for the baseline)."""

    place: Place
    record: ControlRecord
    previous_controller: str | None

    @property
    def is_handover(self) -> bool:
        """True when control passed to another faction (not a status change or a confirmation)."""
        return self.previous_controller is not None and self.previous_controller != self.record.controller


#: Each loaded dataset's changes in date order, worked out once (a slider step asks for the last few days'
#: changes; sorting a whole war's 30,000 records each time took about 100 ms). Dropped with the dataset.
_SORTED: dict[int, tuple[tuple[Change, ...], tuple[date, ...]]] = {}


def _sorted_changes(dataset: Dataset) -> tuple[tuple[Change, ...], tuple[date, ...]]:
    """The dataset's changes oldest first, and their dates (for bisecting), from the cache."""
    key = id(dataset)
    found = _SORTED.get(key)
    if found is None:
        changes = []
        for place in dataset.places:
            for before, record in zip(place.control, place.control[1:]):
                changes.append(Change(place, record, before.controller))
        changes.sort(key=lambda c: c.record.date)
        found = (tuple(changes), tuple(c.record.date for c in changes))
        _SORTED[key] = found
        weakref.finalize(dataset, _SORTED.pop, key, None)
    return found


def all_changes(dataset: Dataset) -> list[Change]:
    """Every place record after the baseline, oldest first (ties in dataset order)."""
    return list(_sorted_changes(dataset)[0])


def change_dates(dataset: Dataset, handovers_only: bool = False) -> list[date]:
    """The distinct dates on which records exist, in order: the stops of 'next/previous change'."""
    dates = {c.record.date for c in all_changes(dataset) if c.is_handover or not handovers_only}
    if not handovers_only:
        dates.update(r.date for area in dataset.areas for r in area.control[1:])
    return sorted(dates)


def changes_between(dataset: Dataset, after: date, until: date) -> list[Change]:
    """Records dated in the interval (after, until], oldest first."""
    changes, dates = _sorted_changes(dataset)
    return list(changes[bisect_right(dates, after) : bisect_right(dates, until)])


def history(place: Place) -> list[Change]:
    """A place's full history, baseline included, oldest first."""
    previous = None
    out = []
    for record in place.control:
        out.append(Change(place, record, previous))
        previous = record.controller
    return out


def shown_change_dates(dataset: Dataset) -> dict[date, list[str]]:
    """The days on which something drawn on the map changes, each with what changed (place and area names,
    and "drawn territory"): the stops of "next/previous change", which must never land on a day where
    nothing visible moves (a record of a place with no coordinate)."""
    changed: dict[date, list[str]] = {}
    for c in all_changes(dataset):
        if c.place.is_shown:
            changed.setdefault(c.record.date, []).append(c.place.name)
    for area in dataset.areas:
        for record in area.control[1:]:
            changed.setdefault(record.date, []).append(area.name)
    drawn = getattr(dataset, "drawn", None)
    for day in drawn.change_dates() if drawn is not None else ():
        if dataset.in_period(day) and day != dataset.baseline:
            changed.setdefault(day, []).append("drawn territory")
    return dict(sorted(changed.items()))
