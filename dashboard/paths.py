"""Where things are: the data root the app and the command line use when not told otherwise."""

from __future__ import annotations

import os
from pathlib import Path

#: The repository checkout this package runs from (editable install: `pip install -e .`).
PROJECT_ROOT = Path(__file__).resolve().parent.parent
#: Set CONFLICT_MAP_GEODATA to serve other data: a folder of dataset folders, or one dataset folder.
ENV_VARIABLE = "CONFLICT_MAP_GEODATA"


def data_root() -> Path:
    """The folder of datasets: $CONFLICT_MAP_GEODATA, else the checkout's geodata/, else ./geodata."""
    configured = os.environ.get(ENV_VARIABLE)
    if configured:
        return Path(configured)
    bundled = PROJECT_ROOT / "geodata"
    return bundled if bundled.is_dir() else Path.cwd() / "geodata"
