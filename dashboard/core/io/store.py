"""Serve the latest valid data while people edit `geodata/` under a running app.

The app asks `DataStore.current()` on every run. It costs a few `stat` calls; only when a file's
size or modification time changed is the folder loaded again. If the new files are valid they are
used from then on; if not, the last valid data stays in use and the problems are returned so the
page can show them. One store per folder is shared by every session (through st.cache_resource).
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import GeodataError, Problem
from .loader import Dataset, load_dataset
from .prepared import first_load

Version = tuple[tuple[str, int, int], ...]


@dataclass(frozen=True)
class Snapshot:
    """What to show now: the dataset to use (None if there never was a valid one) and current problems."""

    dataset: Dataset | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def stale(self) -> bool:
        """True when the files on disk are invalid and an older valid dataset is being served."""
        return self.dataset is not None and bool(self.problems)


def folder_version(directory: Path) -> Version:
    """Size and mtime of every file in the folder: changes whenever anything is edited or replaced.

    Runs on every page run, so it walks the folder with `os.scandir` (one system call per directory)
    rather than a stat per path through pathlib.
    """
    entries: list[tuple[str, int, int]] = []
    pending = [(directory, "")]
    while pending:
        folder, prefix = pending.pop()
        with os.scandir(folder) as found:
            for entry in found:
                if entry.name.startswith("."):
                    continue
                if entry.is_dir(follow_symlinks=False):
                    pending.append((Path(entry.path), f"{prefix}{entry.name}/"))
                elif entry.is_file():
                    stat = entry.stat()
                    entries.append((prefix + entry.name, stat.st_mtime_ns, stat.st_size))
    return tuple(sorted(entries))


class DataStore:
    """The last valid dataset of one folder, reloaded when the folder changes."""

    def __init__(self, directory: str | Path):
        self.directory = Path(directory)
        self._lock = threading.Lock()
        self._version: Version | None = None
        self._snapshot = Snapshot(None, [])

    def current(self) -> Snapshot:
        """The data to show now: reloaded first if any file in the folder changed."""
        with self._lock:
            version = folder_version(self.directory) if self.directory.is_dir() else ()
            if version != self._version:
                self._version = version
                self._snapshot = self._reload()
            return self._snapshot

    def _reload(self) -> Snapshot:
        try:
            if self._snapshot.dataset is None:  # a (re)start: files read and checked before are not again
                return Snapshot(first_load(self.directory), [])
            return Snapshot(load_dataset(self.directory), [])
        except GeodataError as exc:
            return Snapshot(self._snapshot.dataset, exc.problems)
