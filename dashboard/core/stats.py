"""Statistics: how much each faction holds and how that changed, and how often each source is cited."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, timedelta

import pandas as pd

from .loader import Dataset
from .model import ControlRecord
from .state import state_at
from .territory import Cells, Territory, territory_from_states


def area_by_controller(territory: Territory) -> pd.DataFrame:
    """Area (km²) and share of the country per controller on the territory's day, largest first."""
    frame = territory.zones[["controller", "area_km2", "share"]].copy()
    return frame.sort_values("area_km2", ascending=False).reset_index(drop=True)


def area_timeseries(dataset: Dataset, cells: Cells) -> pd.DataFrame:
    """One row per (day, controller) over the whole period: the data behind the area chart."""
    rows = []
    for day in dataset.period():
        territory = territory_from_states(state_at(dataset, day), cells, day)
        for row in territory.zones.itertuples():
            rows.append({"date": day, "controller": row.controller, "area_km2": row.area_km2})
    return pd.DataFrame(rows, columns=["date", "controller", "area_km2"])


def area_change(series: pd.DataFrame, day: date) -> pd.DataFrame:
    """Each controller's area on `day` and its change since the day before (0 on the first day)."""
    wide = series.pivot_table(index="date", columns="controller", values="area_km2", fill_value=0.0)
    today = wide.loc[day] if day in wide.index else pd.Series(dtype=float)
    yesterday = wide.loc[day - timedelta(days=1)] if (day - timedelta(days=1)) in wide.index else today
    out = pd.DataFrame({"area_km2": today, "change_km2": today - yesterday})
    out = out[(out["area_km2"] > 0) | (out["change_km2"] != 0)]
    return out.sort_values("area_km2", ascending=False).rename_axis("controller").reset_index()


def citation_counts(records: Iterable[ControlRecord]) -> Counter[str]:
    """How many of `records` cite each source id, in first-cited order (a Counter keeps insertion order)."""
    counts: Counter[str] = Counter()
    for record in records:
        counts.update(dict.fromkeys(record.sources, 1))
    return counts
