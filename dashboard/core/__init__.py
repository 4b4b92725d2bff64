"""The pure core: load and validate datasets, state at a date, territory, front lines, statistics.

Nothing here imports Streamlit, Folium or matplotlib, so scripts and tests use it directly.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .days import Day, Days
    from .errors import GeodataError, Problem
    from .io.loader import load_dataset, validate_dataset
    from .model import Area, Dataset, Place
    from .state import DateOutOfRange, PlaceState, place_state, state_at, state_frame
    from .territory import UNASSESSED, Partition, Territory, build_partition
    from .timeline import Change, all_changes, change_dates, changes_between, history

#: Where each public name lives. Loaded on first use (PEP 562), so that importing a light module such as
#: `dashboard.core.errors` or `dashboard.core.countries` does not pull in pandas and GeoPandas.
_HOMES = {
    "days": ("Day", "Days"),
    "errors": ("GeodataError", "Problem"),
    "io.loader": ("load_dataset", "validate_dataset"),
    "model": ("Area", "Dataset", "Place"),
    "state": ("DateOutOfRange", "PlaceState", "place_state", "state_at", "state_frame"),
    "territory": ("UNASSESSED", "Partition", "Territory", "build_partition"),
    "timeline": ("Change", "all_changes", "change_dates", "changes_between", "history"),
}
_MODULE_OF = {name: module for module, names in _HOMES.items() for name in names}


def __getattr__(name: str) -> Any:
    if name not in _MODULE_OF:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_MODULE_OF[name]}"), name)
    globals()[name] = value
    return value


__all__ = [
    "UNASSESSED",
    "Area",
    "Change",
    "Dataset",
    "DateOutOfRange",
    "Day",
    "Days",
    "GeodataError",
    "Partition",
    "Place",
    "PlaceState",
    "Problem",
    "Territory",
    "all_changes",
    "build_partition",
    "change_dates",
    "changes_between",
    "history",
    "load_dataset",
    "place_state",
    "state_at",
    "state_frame",
    "validate_dataset",
]
