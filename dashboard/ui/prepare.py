"""Per-dataset work shared by every viewer: done once when a dataset (version) is first shown.

With many viewers every millisecond of a run is paid per step per viewer, so a slider step only looks
things up: the days, the browser's data file, the map component's fixed arguments, the area tables and
the text of each place's history are all computed here.
"""

from __future__ import annotations

import functools
import hashlib
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from ..core.days import Days
from ..core.io.files import write_atomic
from ..core.io.prepared import days_for, store_areas
from ..core.model import Dataset
from ..core.stats import area_rows as stats_area_rows
from ..core.stats import area_timeseries, area_wide
from ..paths import cache_dir
from ..render.payload import payload_json, payload_parts

#: Memoised results kept per dataset version (area tables, histories, comparisons), least recently used out.
MEMO_SIZE = 512
#: Map data files nobody has published for this long are removed (a replica still serving one re-publishes
#: it on its next run, so sharing one cache folder between processes is safe).
STALE_AFTER_S = 7 * 24 * 3600


@dataclass(frozen=True)
class Prepared:
    """One dataset version, ready to serve."""

    days: Days
    data_file: str  # the browser's data, a file name in `map_data_dir()`
    areas: pd.DataFrame  # one row per (date, controller): area, confirmed, uncertain
    area_wide: pd.DataFrame  # date x controller, total km²
    confirmed_wide: pd.DataFrame  # date x controller, km² resting on confirmed records
    place_labels: dict[str, str]
    memos: OrderedDict[tuple, Any] = field(default_factory=OrderedDict, compare=False)
    exports: ExportCache = field(default_factory=lambda: ExportCache(), compare=False)
    memo_lock: threading.Lock = field(default_factory=threading.Lock, compare=False, repr=False)

    @property
    def dataset(self) -> Dataset:
        """The dataset these results belong to."""
        return self.days.dataset

    def memo(self, key: tuple, build: Callable[[], Any]) -> Any:
        """Something made from this dataset version (a day's area table, a place's history, the map's
        component arguments), built on first use.

        Shared by every session through the cached `Prepared`; a plain lookup on later runs, without the
        argument hashing a cached function call costs on every slider step. Least recently used first out
        beyond `MEMO_SIZE` entries: keys such as (compare, start, end) would otherwise grow as days².
        """
        with self.memo_lock:
            found = self.memos.get(key)
            if found is not None:
                self.memos.move_to_end(key)
                return found
        found = build()  # outside the lock: a slow build must not hold up other viewers' lookups
        with self.memo_lock:
            self.memos[key] = found
            while len(self.memos) > MEMO_SIZE:
                self.memos.popitem(last=False)
        return found


class ExportCache:
    """Recently made export files, shared by every viewer, and a gate for the heavy ones.

    Streamlit makes a deferred download in a worker thread, so an export never blocks the server's event
    loop; but a GIF or a video takes seconds of CPU. Only one animation is made at a time (other
    viewers' slider steps keep their share of the CPU), and a file asked for twice is made once.
    """

    def __init__(self, size: int = 12):
        self.size = size
        self._files: OrderedDict[tuple, bytes] = OrderedDict()
        self._lock = threading.Lock()
        self._heavy = threading.BoundedSemaphore(1)

    def get(self, key: tuple, make: Callable[[], bytes], *, heavy: bool = False) -> bytes:
        """The cached file for `key`, or `make()` (under the one-at-a-time gate when `heavy`)."""
        with self._lock:
            if key in self._files:
                self._files.move_to_end(key)
                return self._files[key]
        if heavy:
            with self._heavy:
                data = make()
        else:
            data = make()
        with self._lock:
            self._files[key] = data
            while len(self._files) > self.size:
                self._files.popitem(last=False)
        return data


def prepare_dataset(dataset: Dataset) -> Prepared:
    """Compute everything a run looks up, and publish the browser's data as a static file."""
    days = days_for(dataset)  # a version with the same places reuses the partition; stored km² are reused
    data_file = publish_payload(days)
    areas = area_timeseries(days)
    store_areas(days)
    total, firm = area_wide(areas)
    return Prepared(
        days=days,
        data_file=data_file,
        areas=areas,
        area_wide=total,
        confirmed_wide=firm,
        place_labels=place_labels(dataset),
    )


def map_data_dir() -> Path:
    """The run-time folder the browser's map data is published in (outside the package)."""
    return cache_dir("map-data")


@functools.cache
def code_fingerprint() -> str:
    """A hash of the code that writes the browser's data, so a new release never serves an older file."""
    from ..render import payload, style, wording

    digest = hashlib.sha256()
    for module in (payload, style, wording):
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()[:8]


def payload_path(dataset: Dataset) -> Path:
    """Where a dataset version's browser data is published (a name that changes with the data and with
    the code that writes it)."""
    return map_data_dir() / f"map-{dataset.id}-{dataset.fingerprint[:16]}-{code_fingerprint()}.json"


def publish_payload(days: Days) -> str:
    """Write the browser's data to the map-data folder when it is not there, and return its file name.

    The data is a head (what the first map needs: the land, the places and the chunk of frames around the
    opening day) and, for long periods, chunks of frames in files named `<head>-c<index>.json` that the map
    fetches after its first view (render/payload.py `payload_parts`). Called on every run: a stat when the
    head is there. Written again when missing (another process pruned it, or the cache was cleared); files
    are written atomically, chunks before the head, and named by content, so processes sharing the folder
    never see a half-written or a different file under one name; old ones are pruned by age, never by
    "not mine".
    """
    target = payload_path(days.dataset)
    if not target.is_file():
        dataset = days.dataset
        head, chunks = payload_parts(days, around=dataset.manifest.default_view.date)
        for chunk in chunks:
            if chunk["index"] != head["loaded"][0]["index"]:
                write_atomic(chunk_path(target, chunk["index"]), payload_json(chunk))
        write_atomic(target, payload_json(head))
        _prune(target.parent, keep=target)
    return target.name


def chunk_path(head: Path, index: int) -> Path:
    """The file of one chunk of frames beside its head (the map derives the same name from the head's)."""
    return head.with_name(f"{head.stem}-c{index}.json")


def _prune(folder: Path, keep: Path) -> None:
    """Remove map data files untouched for STALE_AFTER_S (refreshing the kept one's time)."""
    now = time.time()
    os.utime(keep)
    for old in folder.glob("map-*.json"):
        try:
            if not old.name.startswith(keep.stem) and now - old.stat().st_mtime > STALE_AFTER_S:
                old.unlink()
        except OSError:  # another process pruned or replaced it first
            continue


def place_labels(dataset: Dataset) -> dict[str, str]:
    """The place list's entries, biggest places first: every name is in the label, so typing any common
    spelling (Deraa, Dar'a, درعا) finds the place in the list's search."""
    labels = {}
    for place in sorted(dataset.places, key=lambda p: (p.rank, p.name)):
        label = place.name + (f" · {place.name_ar}" if place.name_ar else "")
        if place.alt_names:
            label += f" (also {', '.join(place.alt_names)})"
        if not place.is_shown:
            label += " — not on the map"
        labels[place.id] = label
    return labels


def area_rows(prepared: Prepared, day: date) -> pd.DataFrame:
    """The area table's rows on `day` (core/stats.area_rows on the prepared tables)."""
    return stats_area_rows(prepared.area_wide, prepared.confirmed_wide, day)
