"""Where things are: the datasets a command works on, and the cache folder for files made at run time.

The package never writes into itself: a wheel or a read-only install works like a checkout. Datasets are
found the same way by every command and by the app, and run-time files (the browser's map data, prepared
datasets) go to a per-user cache folder that several app processes may share.
"""

from __future__ import annotations

import os
from pathlib import Path

#: The folder this package's source tree sits in (a checkout, or site-packages for an installed wheel).
PROJECT_ROOT = Path(__file__).resolve().parent.parent
#: Set CONFLICT_MAP_GEODATA to serve other data: a folder of dataset folders, or one dataset folder.
ENV_VARIABLE = "CONFLICT_MAP_GEODATA"
#: Set CONFLICT_MAP_CACHE to put run-time files somewhere else than the user's cache folder.
CACHE_VARIABLE = "CONFLICT_MAP_CACHE"


def data_root(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The folder of datasets: `explicit` (a command's --data), else $CONFLICT_MAP_GEODATA, else ./geodata."""
    if explicit:
        return Path(explicit)
    configured = os.environ.get(ENV_VARIABLE)
    if configured:
        return Path(configured)
    return Path.cwd() / "geodata"


def cache_dir(*parts: str) -> Path:
    """A folder under the run-time cache ($CONFLICT_MAP_CACHE, else the platform's user cache folder),
    created on first use."""
    configured = os.environ.get(CACHE_VARIABLE)
    if configured:
        root = Path(configured)
    else:
        from platformdirs import user_cache_dir

        root = Path(user_cache_dir("conflict-map", appauthor=False))
    folder = root.joinpath(*parts)
    folder.mkdir(parents=True, exist_ok=True)
    return folder
