"""The pure core: load and validate geodata, state at a date, territory, front lines, statistics.

Nothing here imports Streamlit or Folium, so scripts and tests use it directly.
"""

from .errors import GeodataError, Problem
from .loader import Dataset, load_dataset, validate_dataset
from .state import DateOutOfRange, PlaceState, place_state, state_at, state_frame
from .territory import Cells, Territory, build_cells, territory_at, territory_from_states
from .timeline import Change, all_changes, change_dates, changes_between, history

__all__ = [
    "Cells", "Change", "Dataset", "DateOutOfRange", "GeodataError", "PlaceState", "Problem", "Territory",
    "all_changes", "build_cells", "change_dates", "changes_between", "history", "load_dataset", "place_state",
    "state_at", "state_frame", "territory_at", "territory_from_states", "validate_dataset",
]
