"""Where drawing inputs are kept on disk between runs: a dataset's projected basemap, measured text sizes.

A batch of exports runs one process per file, and each used to project the same boundaries and measure
the same lines of text again. These files live in the `static/` folder of the run-time cache
(`paths.cache_dir`) under names that hold what their contents depend on (a dataset's fingerprint, the
library versions), so a stale file is never read. They are read and written with `core/io/files.py`'s
`read_kept` and `keep`: atomically, and a file that cannot be read or written only costs the time it
would have saved. Never deleted here.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from ...paths import cache_dir


def stored_path(name: str) -> Path | None:
    """The cache file called `name`, or None when there is no usable cache folder."""
    with contextlib.suppress(OSError):
        return cache_dir("static") / name
    return None
