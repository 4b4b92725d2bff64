"""The pure core: load and validate datasets, state at a date, territory, front lines, statistics.

Nothing here imports Streamlit, Folium or matplotlib, so scripts and tests use it directly.
"""

from .days import Day, Days
from .errors import GeodataError, Problem
from .loader import load_dataset, validate_dataset
from .model import Area, Dataset, Place
from .state import DateOutOfRange, PlaceState, place_state, state_at, state_frame
from .territory import UNASSESSED, Partition, Territory, build_partition
from .timeline import Change, all_changes, change_dates, changes_between, history

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
