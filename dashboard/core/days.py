"""Every day of a dataset, computed once: each day's place states and territory.

The map only changes on days when some record takes effect (a *keyframe*). Between two keyframes every
place has the same record and every piece of land the same controller, so each keyframe's states and
territory are computed once and shared by the days that follow it. A fortnight with a change every day
and a year with a change every few days then cost the same per change, not per day.

One `Days` per dataset is shared by the statistics, the browser payload, the static renderer and the
exports (the app keeps it in `st.cache_resource`; scripts build it once).
"""

from __future__ import annotations

import threading
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from .model import AreaRecord, Dataset
from .state import PlaceState, area_record, check_in_period, place_state
from .territory import Assignment, Partition, Territory, assign, build_partition, territory_of


@dataclass(frozen=True)
class Day:
    """One day: every place's state, every area's record, and the territory they imply."""

    date: date
    keyframe: date  # the last day on or before `date` when a record took effect
    states: tuple[PlaceState, ...]
    area_records: tuple[AreaRecord | None, ...]
    assignment: Assignment
    territory: Territory

    def state(self, place_id: str) -> PlaceState:
        """The state of one place on this day."""
        return next(s for s in self.states if s.place.id == place_id)


def keyframe_dates(dataset: Dataset) -> list[date]:
    """The baseline and every date on which a place or area record takes effect, in order."""
    dates = {dataset.baseline}
    for item in (*dataset.places, *dataset.areas):
        dates.update(r.date for r in item.control)
    return sorted(d for d in dates if dataset.in_period(d))


class Days:
    """Each day's states and territory for one dataset, computed once per keyframe, on first use."""

    def __init__(self, dataset: Dataset, partition: Partition | None = None):
        self.dataset = dataset
        self.partition = partition if partition is not None else build_partition(dataset)
        self.keyframes = keyframe_dates(dataset)
        self._by_keyframe: dict[date, Day] = {}
        self._territories: dict[tuple, Territory] = {}
        self._lock = threading.Lock()

    def keyframe(self, day: date) -> date:
        """The keyframe in force on `day`."""
        check_in_period(self.dataset, day)
        return self.keyframes[bisect_right(self.keyframes, day) - 1]

    def __getitem__(self, day: date) -> Day:
        """The day `day` (DateOutOfRange outside the period)."""
        keyframe = self.keyframe(day)
        with self._lock:
            base = self._by_keyframe.get(keyframe)
            if base is None:
                base = self._by_keyframe[keyframe] = self._compute(keyframe)
        if day == keyframe:
            return base
        return Day(day, keyframe, base.states, base.area_records, base.assignment, base.territory)

    def __iter__(self) -> Iterator[Day]:
        """Every day of the period, in order."""
        return (self[day] for day in self.dataset.period())

    def at_keyframes(self) -> list[Day]:
        """One day per keyframe: everything that differs between days, once."""
        return [self[day] for day in self.keyframes]

    def _compute(self, day: date) -> Day:
        states = tuple(place_state(place, day) for place in self.dataset.places)
        records = tuple(area_record(area, day) for area in self.dataset.areas)
        assignment = assign(self.partition, [s.record for s in states], list(records))
        key = assignment.key()
        territory = self._territories.get(key)
        if territory is None:
            territory = self._territories[key] = territory_of(self.partition, assignment)
        return Day(day, day, states, records, assignment, territory)
