"""Drawing inputs kept on disk between runs: a dataset's projected basemap, the sizes of texts measured.

A batch of exports runs one process per file, and each used to project the same boundaries and measure
the same lines of text again. These files live in the `static/` folder of the run-time cache
(`paths.cache_dir`) under names that hold what their contents depend on (a dataset's fingerprint, the
library versions), so a stale file is never read; a file that cannot be read or written only costs the
time it would have saved. Files are replaced atomically and never deleted here.
"""

from __future__ import annotations

import contextlib
import pickle
from pathlib import Path

from ...core.io.files import write_atomic
from ...paths import cache_dir


def stored_path(name: str) -> Path | None:
    """The cache file called `name`, or None when there is no usable cache folder."""
    with contextlib.suppress(OSError):
        return cache_dir("static") / name
    return None


def load(path: Path | None, kind: type):
    """The object pickled at `path` if it is a `kind`, else None (missing, damaged, from another version)."""
    if path is None or not path.is_file():
        return None
    with contextlib.suppress(Exception):
        value = pickle.loads(path.read_bytes())
        if isinstance(value, kind):
            return value
    return None


def store(path: Path | None, value: object) -> None:
    """Pickle `value` to `path` atomically; a failure is ignored (the next run computes it again)."""
    if path is None:
        return
    with contextlib.suppress(OSError, pickle.PicklingError, TypeError, AttributeError):
        write_atomic(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
