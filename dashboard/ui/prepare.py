"""Per-dataset work shared by every viewer: done once when a dataset (version) is first shown.

With many viewers every millisecond of a run is paid per step per viewer, so a slider step only looks
things up: the days, the browser's data file, the map component's fixed arguments, the area tables and
the text of each place's history are all computed here.
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pandas as pd

from ..core.days import Days
from ..core.files import write_atomic
from ..core.model import Dataset
from ..core.stats import area_timeseries
from ..core.timeline import change_dates
from ..render.assets import STATIC_DIR, STATIC_URL, install_static_assets
from ..render.payload import build_payload, payload_json

DATA_DIR = STATIC_DIR / "data"
#: Memoised results kept per dataset version (area tables, histories, comparisons), least recently used out.
MEMO_SIZE = 512
_OLD_NAME = re.compile(r"map-[0-9a-f]{16}\.json")


@dataclass(frozen=True)
class Prepared:
    """One dataset version, ready to serve."""

    days: Days
    data_url: str
    areas: pd.DataFrame  # one row per (date, controller): area, confirmed, uncertain
    area_wide: pd.DataFrame  # date x controller, total km²
    confirmed_wide: pd.DataFrame  # date x controller, km² resting on confirmed records
    change_days: tuple[date, ...]
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
    install_static_assets()
    days = Days(dataset)
    data_url = publish_payload(days)
    areas = area_timeseries(days)
    return Prepared(
        days=days,
        data_url=data_url,
        areas=areas,
        area_wide=areas.pivot_table(index="date", columns="controller", values="area_km2", fill_value=0.0),
        confirmed_wide=areas.pivot_table(index="date", columns="controller", values="confirmed_km2", fill_value=0.0),
        change_days=tuple(change_dates(dataset)),
        place_labels=place_labels(dataset),
    )


def payload_path(dataset: Dataset) -> Path:
    """Where a dataset version's browser data is published (a name that changes with the data)."""
    return DATA_DIR / f"map-{dataset.id}-{dataset.fingerprint[:16]}.json"


def publish_payload(days: Days) -> str:
    """Write the browser's data to `static/data/` (removing older versions of it) and return its URL.

    Called on every run: a stat when the file is there. It is written again when missing, because an edit
    that was later undone removed this version's file while the prepared data stayed cached.
    """
    dataset = days.dataset
    target = payload_path(dataset)
    name = target.name
    if target.is_file():
        return f"{STATIC_URL}/data/{name}"
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    write_atomic(target, payload_json(build_payload(days)))
    for old in DATA_DIR.glob("map-*.json"):
        # this dataset's older versions, and files named the way earlier releases named them (map-<hash>.json)
        if old.name != name and (old.name.startswith(f"map-{dataset.id}-") or _OLD_NAME.fullmatch(old.name)):
            _remove_quietly(old)
    return f"{STATIC_URL}/data/{name}"


def _remove_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):  # another process serving the same folder removed it first
        path.unlink()


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
    """Each controller's km² on `day`, firm and less certain, and the change since the day before."""
    wide, firm = prepared.area_wide, prepared.confirmed_wide
    today = wide.loc[day]
    before = wide.loc[day - timedelta(days=1)] if day - timedelta(days=1) in wide.index else today
    frame = pd.DataFrame({"area_km2": today, "confirmed_km2": firm.loc[day], "change_km2": today - before})
    frame["uncertain_km2"] = frame["area_km2"] - frame["confirmed_km2"]
    frame = frame[(frame["area_km2"] > 0) | (frame["change_km2"] != 0)]
    return frame.sort_values("area_km2", ascending=False).rename_axis("controller").reset_index()
