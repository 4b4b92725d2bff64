"""Who holds each piece of land over the whole period, stored as the changes only.

A dataset with ten thousand places and fifteen years has thousands of keyframes and thousands of pieces;
a dense keyframes x pieces table is hundreds of megabytes although each keyframe changes a handful of
pieces. So the owners are kept as the first keyframe's owners plus, per keyframe, the pieces whose owner
changed (a CSR-style delta list), and a full copy every `CHECKPOINT` keyframes so that any keyframe is
rebuilt from at most `CHECKPOINT` delta lists. Building it sweeps the records once in date order and
re-decides only the pieces under a place or area whose record changed: the cost follows the changes.

An owner is an integer *code*: `2 * controller + (0 if confirmed else 1)` into `controllers`, or -1 for
unassessed land, so per-keyframe areas are one `np.bincount` and the payload can send the codes as is.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

import numpy as np

from .model import AreaRecord, ControlRecord, Dataset
from .territory import UNASSESSED, Assignment, Partition, top_claim

#: A full copy of the owners every this many keyframes: bounds the replay for one keyframe.
CHECKPOINT = 64


@dataclass(frozen=True)
class OwnerTimeline:
    """Each piece's owner code at each keyframe, as sparse changes (see the module docstring)."""

    keyframes: tuple[date, ...]
    controllers: tuple[str, ...]  # code // 2 indexes this; -1 is unassessed
    checkpoints: np.ndarray  # (ceil(K / CHECKPOINT), pieces) int32 owner codes at keyframes 0, C, 2C, ...
    delta_start: np.ndarray  # (K + 1,) offsets: keyframe k's changes are [delta_start[k], delta_start[k+1])
    delta_piece: np.ndarray  # piece index of each change
    delta_code: np.ndarray  # the piece's new owner code

    @property
    def change_count(self) -> int:
        """How many (keyframe, piece) owner changes the period holds."""
        return int(len(self.delta_piece))

    def owners(self, k: int) -> np.ndarray:
        """The owner code of every piece at keyframe index `k` (a fresh array)."""
        base = k // CHECKPOINT
        codes = self.checkpoints[base].copy()
        lo, hi = self.delta_start[base * CHECKPOINT + 1], self.delta_start[k + 1]
        codes[self.delta_piece[lo:hi]] = self.delta_code[lo:hi]  # later changes overwrite earlier ones
        return codes

    def changes(self, k: int) -> tuple[np.ndarray, np.ndarray]:
        """The pieces whose owner changed at keyframe `k`, and their new codes (empty at keyframe 0)."""
        lo, hi = self.delta_start[k], self.delta_start[k + 1]
        return self.delta_piece[lo:hi], self.delta_code[lo:hi]

    def assignment(self, codes: np.ndarray) -> Assignment:
        """The territory module's view of owner codes: controller ids and certainty per piece."""
        names = np.asarray([*self.controllers, UNASSESSED], dtype=object)
        known = codes >= 0
        return Assignment(names[np.where(known, codes // 2, -1)], known & (codes % 2 == 0))

    def area_matrix(self, piece_km2: np.ndarray) -> np.ndarray:
        """km² per keyframe (rows) and code + 1 (columns; column 0 is unassessed).

        A bincount of the piece areas at each checkpoint, and in between each keyframe's changes moved
        from the old code's column to the new one: time follows the changes, and the sums are exact
        again at every checkpoint (no drift builds up).
        """
        width = 2 * len(self.controllers) + 1
        out = np.zeros((len(self.keyframes), width))
        codes = self.checkpoints[0].copy()
        for k in range(len(self.keyframes)):
            pieces, new = self.changes(k)
            if k % CHECKPOINT == 0:
                codes = self.checkpoints[k // CHECKPOINT].copy()
                out[k] = np.bincount(codes + 1, weights=piece_km2, minlength=width)
                continue
            row = out[k - 1].copy()
            # Sequentially, not with fancy indexing: one piece may change twice on one keyframe.
            for piece, code in zip(pieces.tolist(), new.tolist()):
                row[codes[piece] + 1] -= piece_km2[piece]
                row[code + 1] += piece_km2[piece]
                codes[piece] = code
            row[np.abs(row) < 1e-9] = 0.0  # a side that lost all its land has none, not -1e-13
            out[k] = row
        return out


def build_owner_timeline(dataset: Dataset, partition: Partition, keyframes: list[date]) -> OwnerTimeline:
    """Sweep every record once in date order; re-decide only the pieces its place or area covers."""
    controllers = _controller_ids(dataset)
    code_of = {c: i for i, c in enumerate(controllers)}
    place_pieces, area_pieces = _pieces_by_source(partition, len(dataset.places), len(dataset.areas))
    place_dates = [[r.date for r in p.control] for p in dataset.places]
    area_dates = [[r.date for r in a.control] for a in dataset.areas]
    place_records: list[ControlRecord | None] = [
        _in_force(p.control, d, keyframes[0]) for p, d in zip(dataset.places, place_dates)
    ]
    area_records: list[AreaRecord | None] = [
        _in_force(a.control, d, keyframes[0]) for a, d in zip(dataset.areas, area_dates)
    ]
    place_of = partition.place_index.tolist()

    def decide(piece: int) -> int:
        record = top_claim(partition.zones[piece], area_records)
        place = place_of[piece]
        if record is None and place >= 0:
            record = place_records[place]
        if record is None:
            record = top_claim(partition.regions[piece], area_records)
        if record is None:
            return -1
        return 2 * code_of[record.controller] + (0 if record.is_certain else 1)

    codes = [decide(i) for i in range(len(partition.pieces))]  # a list while sweeping: faster to index
    checkpoints, starts, pieces_out, codes_out = [list(codes)], [0, 0], [], []
    events = _events(dataset, keyframes)
    for k in range(1, len(keyframes)):
        touched: set[int] = set()
        for kind, index in events.get(k, ()):
            if kind == "place":
                place_records[index] = _in_force(dataset.places[index].control, place_dates[index], keyframes[k])
                touched.update(place_pieces[index])
            else:
                area_records[index] = _in_force(dataset.areas[index].control, area_dates[index], keyframes[k])
                touched.update(area_pieces[index])
        for piece in sorted(touched):
            new = decide(piece)
            if new != codes[piece]:
                codes[piece] = new
                pieces_out.append(piece)
                codes_out.append(new)
        starts.append(len(pieces_out))
        if k % CHECKPOINT == 0:
            checkpoints.append(list(codes))
    return OwnerTimeline(
        keyframes=tuple(keyframes),
        controllers=controllers,
        checkpoints=np.asarray(checkpoints, dtype=np.int32).reshape(len(checkpoints), len(codes)),
        delta_start=np.asarray(starts, dtype=np.int64),
        delta_piece=np.asarray(pieces_out, dtype=np.int32),
        delta_code=np.asarray(codes_out, dtype=np.int32),
    )


def _controller_ids(dataset: Dataset) -> tuple[str, ...]:
    """The factions in file order, then any controller a record names that the file lacks (never lost)."""
    ids = dict.fromkeys(dataset.factions)
    for item in (*dataset.places, *dataset.areas):
        ids.update(dict.fromkeys(r.controller for r in item.control if r.controller is not None))
    return tuple(ids)


def _pieces_by_source(partition: Partition, places: int, areas: int) -> tuple[list[list[int]], list[list[int]]]:
    by_place: list[list[int]] = [[] for _ in range(places)]
    by_area: list[list[int]] = [[] for _ in range(areas)]
    for piece, place in enumerate(partition.place_index.tolist()):
        if place >= 0:
            by_place[place].append(piece)
        for area in (*partition.zones[piece], *partition.regions[piece]):
            by_area[area].append(piece)
    return by_place, by_area


def _events(dataset: Dataset, keyframes: list[date]) -> dict[int, list[tuple[str, int]]]:
    """Per keyframe index after the first: which places and areas have a record taking effect then."""
    position = {day: k for k, day in enumerate(keyframes)}
    events: dict[int, set[tuple[str, int]]] = defaultdict(set)
    for kind, items in (("place", dataset.places), ("area", dataset.areas)):
        for index, item in enumerate(items):
            for record in item.control:
                k = position.get(record.date)
                if k:  # records before the baseline are folded into keyframe 0; after the end, ignored
                    events[k].add((kind, index))
    return {k: sorted(found) for k, found in events.items()}


def _in_force(records, dates: list[date], day: date):
    """The record in force on `day` (`dates` are the records' dates), or None before the first one."""
    index = bisect_right(dates, day) - 1
    return records[index] if index >= 0 else None
