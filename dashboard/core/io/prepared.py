"""The prepared dataset (validated data, partition, owner timeline) kept on disk between runs.

Newsrooms script exports in batches, and each `conflict-map export` process used to read, validate and
partition the dataset again: seconds of work for a result that only changes when the files do. So the
prepared `Days` is pickled into the user's cache folder under a name made of the folder's content hash
and this module's format version; a later run with the same files reads it back in a fraction of the
time. Any edit changes the hash, so a stale file is never used; files are written atomically and never
deleted here (another process may be reading one), and the cache folder can be emptied at any time.

The folder is `prepared/` in the run-time cache (`paths.cache_dir`: $CONFLICT_MAP_CACHE, else the user's
cache folder for "conflict-map").
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import threading
from collections import OrderedDict
from pathlib import Path

import numpy as np
import shapely

from ...paths import cache_dir
from ..collector import collector_paused
from ..days import Days
from ..model import Dataset
from ..territory import Partition, build_partition
from .files import keep, read_kept, write_atomic

#: Bump when `Days`, `Dataset` or anything they hold changes shape: older files are then ignored.
FORMAT = 2


def load_dataset(folder: Path) -> Dataset:
    """`loader.load_dataset`, imported only on a cache miss: validation pulls in modules a hit never needs."""
    from .loader import load_dataset as load

    return load(folder)


def cache_folder() -> Path:
    """Where prepared datasets are kept: the `prepared/` folder of the run-time cache (paths.py)."""
    return cache_dir("prepared")


def folder_hash(folder: Path) -> str:
    """A hash of every file's relative path and bytes under `folder` (hidden files aside)."""
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        relative = path.relative_to(folder).as_posix()
        if any(part.startswith(".") for part in relative.split("/")):
            continue
        digest.update(relative.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def cache_path(folder: Path) -> Path:
    """The cache file for the folder's current contents, checked and prepared by this version of the core
    (a new validation rule must see the data again)."""
    return cache_folder() / f"{folder.resolve().name}-{folder_hash(folder)}-{_core_code_hash()}-v{FORMAT}.pickle"


def prepared_days(folder: str | Path, use_cache: bool = True) -> Days:
    """The folder's `Days`, read from the cache when its files are unchanged, else prepared and cached.

    Invalid data raises `GeodataError` as `load_dataset` does (nothing is cached for it). A cache that
    cannot be read or written is only slower, never an error.
    """
    folder = Path(folder)
    target = None
    if use_cache:
        with contextlib.suppress(OSError):  # no writable cache folder: prepare every time
            target = cache_path(folder)
    with collector_paused():  # 30,000 records read back: a third of the time without the collector
        days = read_kept(target, Days)
    if days is None:
        days = Days(load_dataset(folder))
        keep(target, days)
    attach_stored_areas(days)
    return days


@functools.cache
def _core_code_hash() -> str:
    """A hash of the core's code (loading, validation, territory): what is kept on disk is only reused by
    the code that made it."""
    digest = hashlib.blake2b(digest_size=8)
    core = Path(__file__).resolve().parent.parent
    for path in sorted(core.rglob("*.py")):
        digest.update(path.relative_to(core).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def area_matrix_path(days: Days) -> Path:
    """Where the area matrix of this data (its fingerprint) and this code is kept."""
    dataset = days.dataset
    return cache_folder() / f"areas-{dataset.id}-{dataset.fingerprint[:24]}-{_core_code_hash()}-v{FORMAT}.npy"


def attach_stored_areas(days: Days) -> bool:
    """Give `days` the area matrix stored for its data, if there is one; True if it was found.

    The matrix (km² per keyframe and controller) is the one costly whole-period product: with hundreds of
    days of drawn maps, a minute of polygon overlay that a restart of the app or the next export reuses.
    """
    if days.has_area_matrix or not days.dataset.fingerprint:
        return days.has_area_matrix
    with contextlib.suppress(Exception):  # missing, truncated, another shape: computed again when needed
        days.use_area_matrix(np.load(area_matrix_path(days), allow_pickle=False))
    return days.has_area_matrix


def store_areas(days: Days) -> None:
    """Keep `days`' area matrix on disk once it is computed (nothing to do before, or if already kept)."""
    if not days.has_area_matrix or not days.dataset.fingerprint:
        return
    with contextlib.suppress(OSError):
        target = area_matrix_path(days)
        if not target.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            buffer = io.BytesIO()
            np.save(buffer, days.area_matrix(), allow_pickle=False)
            write_atomic(target, buffer.getvalue())


def first_load(folder: Path) -> Dataset:
    """The folder's dataset when a process first opens it, from the prepared cache when its files are
    unchanged; the prepared partition is kept for `days_for`.

    Restarting the app on two years of daily drawn maps read and validated 88 MB of GeoJSON again (4 s
    of a restart's 7.5); the prepared cache holds the checked data and its partition.
    """
    days = prepared_days(folder)
    _keep_partition(partition_key(days.dataset), days.partition)
    return days.dataset


#: Partitions kept in memory for reuse by later versions of a dataset (hot reload), most recent last.
_PARTITIONS: OrderedDict[str, Partition] = OrderedDict()
_PARTITIONS_KEPT = 4
_PARTITIONS_LOCK = threading.Lock()


def partition_key(dataset: Dataset) -> str:
    """A hash of everything the partition depends on: the outline, the drawn places' positions, the areas'
    shapes and kinds, and the reach. Control records are not in it, so editing one keeps the key."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(shapely.to_wkb(dataset.outline) + repr(dataset.manifest.territory.reach_km).encode())
    for place in dataset.places:
        digest.update(f"{place.is_shown}|{place.lon}|{place.lat};".encode())
    for area in dataset.areas:
        digest.update(area.kind.encode() + shapely.to_wkb(area.geometry))
    return digest.hexdigest()


def days_for(dataset: Dataset) -> Days:
    """`Days(dataset)`, reusing the partition of an earlier version with the same land and positions.

    An edit to a control record (the common edit while the app runs) then costs the owner timeline, not
    the Voronoi cells and overlays: seconds at ten thousand places.
    """
    key = partition_key(dataset)
    with _PARTITIONS_LOCK:
        partition = _PARTITIONS.get(key)
        if partition is not None:
            _PARTITIONS.move_to_end(key)
    if partition is None:
        partition = build_partition(dataset)
        _keep_partition(key, partition)
    days = Days(dataset, partition)
    attach_stored_areas(days)  # a restart on the same data skips the costliest whole-period product
    return days


def _keep_partition(key: str, partition: Partition) -> None:
    """Keep a partition for later versions of its dataset, the most recent `_PARTITIONS_KEPT` only."""
    with _PARTITIONS_LOCK:
        _PARTITIONS[key] = partition
        _PARTITIONS.move_to_end(key)
        while len(_PARTITIONS) > _PARTITIONS_KEPT:
            _PARTITIONS.popitem(last=False)
