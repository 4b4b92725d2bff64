"""Every day of a dataset, computed once: each day's place states and territory.

The map only changes on days when some record takes effect (a *keyframe*). Between two keyframes every
place has the same record and every piece of land the same controller, so each keyframe's states and
territory are shared by the days that follow it. Who holds each piece is stored as sparse changes
(`owners.py`); a keyframe's states and territory are computed when first asked for and kept in a
bounded LRU cache, so a fifteen-year war costs memory per change, not per day.

One `Days` per dataset is shared by the statistics, the browser payload, the static renderer and the
exports (the app keeps it in `st.cache_resource`; scripts build it once).
"""

from __future__ import annotations

import os
import threading
import weakref
from bisect import bisect_right
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, lru_cache, partial
from typing import NamedTuple

import numpy as np

from .collector import collector_paused
from .drawn_territory import DrawnLand, cut_km2, derived_outside_km2, drawn_land, territory_with_drawn
from .geometry import Projection, projection_for
from .model import AreaRecord, Dataset
from .owners import build_owner_timeline
from .state import PlaceState, area_record, check_in_period, place_state
from .territory import Assignment, Partition, Territory, build_partition, territory_of


@dataclass(frozen=True)
class Day:
    """One day: every place's state, every area's record, and the territory they imply.

    The territory is computed on first use: a slider step in the app needs the states alone, and a day of
    drawn control maps costs a few hundred milliseconds of polygon overlay.
    """

    date: date
    keyframe: date  # the last day on or before `date` when a record took effect
    states: tuple[PlaceState, ...]
    area_records: tuple[AreaRecord | None, ...]
    assignment: Assignment
    territory_source: Callable[[], Territory] = field(repr=False, compare=False)

    @cached_property
    def territory(self) -> Territory:
        """The land each controller holds on this day, and the front lines (cached by `Days` per keyframe)."""
        return self.territory_source()

    def state(self, place_id: str) -> PlaceState:
        """The state of one place on this day."""
        return next(s for s in self.states if s.place.id == place_id)


def keyframe_dates(dataset: Dataset) -> list[date]:
    """The baseline and every date on which a place or area record takes effect or a drawn shape
    changes, in order."""
    dates = {dataset.baseline, *dataset.drawn.change_dates()}
    for item in (*dataset.places, *dataset.areas):
        dates.update(r.date for r in item.control)
    return sorted(d for d in dates if dataset.in_period(d))


#: Days (keyframes) whose states and territory are kept; each holds a few MB at ten thousand places.
DAY_CACHE_SIZE = 32


class Days:
    """Each day's states and territory for one dataset, computed on demand from a sparse owner timeline.

    Nothing per day or per keyframe is kept beyond two bounded LRU caches (`cache_size` keyframes of
    states, the same number of territories), so memory follows the changes, not the period.
    """

    @collector_paused()
    def __init__(self, dataset: Dataset, partition: Partition | None = None, cache_size: int = DAY_CACHE_SIZE):
        self.dataset = dataset
        self.partition = partition if partition is not None else build_partition(dataset)
        self.keyframes = keyframe_dates(dataset)
        self.owners = build_owner_timeline(dataset, self.partition, self.keyframes)
        self._start_caches(cache_size)

    def __getstate__(self) -> dict:
        """What a pickle keeps (the prepared-dataset cache): the data and timeline, not the caches or lock."""
        return {"dataset": self.dataset, "partition": self.partition, "owners": self.owners, "size": self._size}

    def __setstate__(self, state: dict) -> None:
        self.dataset, self.partition, self.owners = state["dataset"], state["partition"], state["owners"]
        self.keyframes = list(self.owners.keyframes)
        self._start_caches(state["size"])

    def _start_caches(self, cache_size: int) -> None:
        self._size = cache_size
        self._areas: np.ndarray | None = None
        self._lock = threading.Lock()
        # Per instance (not a module-level cache): a dataset version's days go when the version goes.
        self._keyframe_day = _weak_lru(self, Days._compute, cache_size)
        self._territory = _weak_lru(self, Days._territory_of, cache_size)
        self._drawn = _weak_lru(self, Days._drawn_of, cache_size)
        self._changed_at: list[list[int]] | None = None
        self._last_states: tuple[int, tuple[PlaceState, ...]] | None = None

    def keyframe_index(self, day: date) -> int:
        """The index into `keyframes` of the keyframe in force on `day`."""
        check_in_period(self.dataset, day)
        return bisect_right(self.keyframes, day) - 1

    def keyframe(self, day: date) -> date:
        """The keyframe in force on `day`."""
        return self.keyframes[self.keyframe_index(day)]

    def __getitem__(self, day: date) -> Day:
        """The day `day` (DateOutOfRange outside the period)."""
        k = self.keyframe_index(day)
        with self._lock:
            base = self._keyframe_day(k)
        # A new Day each time, holding this Days strongly through its territory source (the cached parts
        # must not hold it, or each would make a cycle the collector has to free).
        return Day(day, base.day, base.states, base.area_records, base.assignment, partial(self._territory_on, k))

    def _territory_on(self, k: int) -> Territory:
        with self._lock:
            return self._territory(self.owners.owners(k).tobytes(), self.drawn_key(k))

    def __iter__(self) -> Iterator[Day]:
        """Every day of the period, in order (territory for each: prefer `owners` for whole-period work)."""
        return (self[day] for day in self.dataset.period())

    def at_keyframes(self) -> list[Day]:
        """One day per keyframe: everything that differs between days, once (costly for long periods)."""
        return [self[day] for day in self.keyframes]

    def area_matrix(self) -> np.ndarray:
        """km² per keyframe and owner code (`OwnerTimeline.area_matrix`), computed once: the area series
        and the browser data both read it."""
        if self._areas is None:
            areas = self.owners.area_matrix(self.partition.areas_km2)
            drawn = [k for k in range(len(self.keyframes)) if self.drawn_key(k)]
            # A drawn keyframe's row is polygon overlay, and GEOS releases the GIL: the cores share them
            # (two years of daily drawn maps: 28 s on one core).
            with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1, max(1, len(drawn)))) as pool:
                width = areas.shape[1]
                rows = pool.map(lambda k: self._area_row(self.owners.owners(k), self.drawn_key(k), width), drawn)
                for k, row in zip(drawn, rows, strict=True):
                    areas[k] = row
            self._areas = areas
        return self._areas

    @property
    def has_area_matrix(self) -> bool:
        """True once `area_matrix` is computed or given (`use_area_matrix`)."""
        return self._areas is not None

    def use_area_matrix(self, matrix: np.ndarray) -> None:
        """Take an area matrix computed earlier for this very data (core/io/prepared.py keeps it on disk:
        at hundreds of drawn keyframes it is a minute of polygon overlay)."""
        expected = (len(self.keyframes), 1 + 2 * len(self.owners.controllers))
        if matrix.shape != expected:
            raise ValueError(f"an area matrix of shape {matrix.shape}, expected {expected}")
        self._areas = matrix

    @property
    def projection(self) -> Projection:
        """The dataset's equal-area projection (the partition's)."""
        return projection_for(self.dataset.outline)

    def drawn_key(self, k: int) -> tuple[str, ...]:
        """The feature ids of the drawn shapes active at keyframe `k` (empty: the derived map alone)."""
        return tuple(s.feature_id for s in self.dataset.drawn.active_on(self.keyframes[k]))

    def drawn_land(self, key: tuple[str, ...]) -> tuple[DrawnLand, np.ndarray]:
        """The drawn land for `drawn_key`'s shapes and each piece's km² under it (cached)."""
        with self._lock:
            return self._drawn(key)

    def _drawn_of(self, key: tuple[str, ...]) -> tuple[DrawnLand, np.ndarray]:
        wanted = set(key)
        shapes = [s for s in self.dataset.drawn.shapes if s.feature_id in wanted]
        land = drawn_land(shapes, self.dataset.outline, self.projection)
        return land, cut_km2(self.partition, land.union, self.projection)

    def _area_row(self, codes: np.ndarray, key: tuple[str, ...], width: int) -> np.ndarray:
        """km² per code + 1 with the drawn land: derived land outside the union, plus the drawn shapes."""
        land, cut = self._drawn(key)
        row = derived_outside_km2(self.partition, codes, cut, width)
        code_of = {c: i for i, c in enumerate(self.owners.controllers)}
        for controller, sure, area in zip(land.controllers, land.certain, land.areas_km2):
            row[1 + 2 * code_of[controller] + (0 if sure else 1)] += area
        row[np.abs(row) < 1e-9] = 0.0
        return row

    def cache_info(self) -> tuple:
        """The two LRU caches' statistics (days, territories): their `currsize` never exceeds the bound."""
        return self._keyframe_day.cache_info(), self._territory.cache_info()

    def _compute(self, k: int) -> _Keyframe:
        day = self.keyframes[k]
        states = self._states_at(k)
        records = tuple(area_record(area, day) for area in self.dataset.areas)
        # (Its territory is asked of `_territory`, keyed by the owners themselves: keyframes that change
        # only statuses share one territory.)
        return _Keyframe(day, states, records, self.owners.assignment(self.owners.owners(k)))

    def _states_at(self, k: int) -> tuple[PlaceState, ...]:
        """Every place's state at keyframe `k`: from the last keyframe computed, only the places with a record
        between the two are worked out again (a slider step changes a handful of ten thousand places)."""
        places, day = self.dataset.places, self.keyframes[k]
        if self._changed_at is None:
            self._changed_at = self._places_by_keyframe()
        last = self._last_states
        touched: set[int] = set()
        if last is not None:
            for i in range(min(last[0], k) + 1, max(last[0], k) + 1):
                touched.update(self._changed_at[i])
        if last is None or len(touched) > len(places) // 4:
            states = tuple(place_state(place, day) for place in places)
        else:
            changed = list(last[1])
            for i in touched:
                changed[i] = place_state(places[i], day)
            states = tuple(changed)
        self._last_states = (k, states)
        return states

    def _places_by_keyframe(self) -> list[list[int]]:
        """For each keyframe, the places (indices) with a record dated on it."""
        index = {day: k for k, day in enumerate(self.keyframes)}
        out: list[list[int]] = [[] for _ in self.keyframes]
        for i, place in enumerate(self.dataset.places):
            for record in place.control:
                k = index.get(record.date)
                if k is not None:
                    out[k].append(i)
        return out

    def _territory_of(self, key: bytes, drawn: tuple[str, ...] = ()) -> Territory:
        codes = np.frombuffer(key, dtype=np.int32)
        if drawn:
            return self._territory_with_drawn(codes, drawn)
        return territory_of(self.partition, self.owners.assignment(codes))

    def _territory_with_drawn(self, codes: np.ndarray, drawn: tuple[str, ...]) -> Territory:
        """The derived territory (from the cache) with the day's drawn land laid over it."""
        base = self._territory(codes.tobytes(), ())
        land, cut = self._drawn(drawn)
        outside = derived_outside_km2(self.partition, codes, cut, 2 * len(self.owners.controllers) + 1)
        derived = {
            (controller, sure): float(outside[1 + 2 * i + (0 if sure else 1)])
            for i, controller in enumerate(self.owners.controllers)
            for sure in (True, False)
        }
        return territory_with_drawn(base, self.partition, land, derived, float(outside[0]), self.projection)


class _Keyframe(NamedTuple):
    """What a keyframe's days share, as cached: everything of a `Day` but its date and territory."""

    day: date
    states: tuple[PlaceState, ...]
    area_records: tuple[AreaRecord | None, ...]
    assignment: Assignment


def _weak_lru(owner: Days, method: Callable, size: int) -> Callable:
    """`lru_cache` of one of `owner`'s methods, holding `owner` weakly: a cache of a bound method would make
    a cycle, so a dropped dataset version (30,000 records) waited for the cyclic collector to be freed."""
    ref = weakref.ref(owner)
    return lru_cache(maxsize=size)(lambda *args: method(ref(), *args))
