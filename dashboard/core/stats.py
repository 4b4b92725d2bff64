"""Statistics: how much land each faction holds (firm and less certain), how that changed, and how often
each source is cited. Areas are those of the derived territory, so they carry its caveat."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING

import numpy as np

from .days import Days
from .model import ControlRecord
from .territory import UNASSESSED, Territory

if TYPE_CHECKING:  # pandas is imported by the functions that build tables: an image cites sources only
    import pandas as pd

#: Area figures are rounded to this many km²: the method cannot support more precision (see territory.py).
AREA_ROUNDING_KM2 = 100


def area_by_controller(territory: Territory) -> pd.DataFrame:
    """Per controller: km² resting on confirmed records, on less certain ones, the total and the share of
    the country; largest first. Unassessed land is a row of its own (controller ""), counted in neither
    certainty column: no record claims it, so it is not "reported or disputed" either."""
    zones = territory.zones
    frame = (
        zones.assign(
            confirmed=zones["area_km2"].where(zones["certain"], 0.0),
            uncertain=zones["area_km2"].where(~zones["certain"], 0.0),
        )
        .groupby("controller", as_index=False)[["confirmed", "uncertain"]]
        .sum()
    )
    frame["area_km2"] = frame["confirmed"] + frame["uncertain"]
    if territory.unassessed_km2 > 0:
        frame.loc[len(frame)] = {
            "controller": UNASSESSED,
            "confirmed": 0.0,
            "uncertain": 0.0,
            "area_km2": territory.unassessed_km2,
        }
    frame["share"] = frame["area_km2"] / territory.outline_area_km2
    return frame.sort_values("area_km2", ascending=False).reset_index(drop=True)


def area_timeseries(days: Days) -> pd.DataFrame:
    """One row per (day, controller) over the whole period, unassessed included (controller "").

    Array work only: one bincount of piece areas per keyframe (`OwnerTimeline.area_matrix`), then each
    calendar day takes its keyframe's row; no Python loop runs over calendar days.
    """
    owners = days.owners
    matrix = days.area_matrix()  # keyframes x (1 + 2 * controllers)
    none = np.zeros((len(matrix), 1))  # unassessed land is in neither certainty column: no record claims it
    confirmed = np.column_stack([none, matrix[:, 1::2]])
    uncertain = np.column_stack([none, matrix[:, 2::2]])
    total = np.column_stack([matrix[:, 0], matrix[:, 1::2] + matrix[:, 2::2]])
    import pandas as pd

    period = pd.date_range(days.dataset.baseline, days.dataset.end, freq="D")
    keyframes = pd.DatetimeIndex(list(days.keyframes))
    rows = keyframes.searchsorted(period, side="right") - 1
    controllers = np.asarray([UNASSESSED, *owners.controllers], dtype=object)
    day_index, controller_index = np.nonzero(total[rows] > 0)
    pick = (rows[day_index], controller_index)
    return pd.DataFrame(
        {
            "date": period[day_index].date,
            "controller": controllers[controller_index],
            "area_km2": total[pick],
            "confirmed_km2": confirmed[pick],
            "uncertain_km2": uncertain[pick],
        },
        columns=["date", "controller", "area_km2", "confirmed_km2", "uncertain_km2"],
    )


def area_wide(series: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The area series as two date x controller tables (total km², km² on confirmed records), made once
    per dataset version so that a day's rows are lookups."""
    total = series.pivot_table(index="date", columns="controller", values="area_km2", fill_value=0.0)
    firm = series.pivot_table(index="date", columns="controller", values="confirmed_km2", fill_value=0.0)
    return total, firm


def area_rows(total: pd.DataFrame, firm: pd.DataFrame, day: date) -> pd.DataFrame:
    """Each controller's km² on `day`, firm and less certain, and the change since the day before: the one
    definition of the area table's rows (the page, the map as text and the tests use it)."""
    import pandas as pd

    yesterday_key = day - timedelta(days=1)
    today = total.loc[day] if day in total.index else pd.Series(dtype=float)
    yesterday = total.loc[yesterday_key] if yesterday_key in total.index else today
    confirmed = firm.loc[day] if day in firm.index else pd.Series(dtype=float)
    out = pd.DataFrame(
        {
            "area_km2": today,
            "confirmed_km2": confirmed.reindex(today.index, fill_value=0.0),
            "change_km2": today - yesterday.reindex(today.index, fill_value=0.0),
        }
    )
    out = out[(out["area_km2"] > 0) | (out["change_km2"] != 0)]
    out = out.sort_values("area_km2", ascending=False).rename_axis("controller").reset_index()
    out["uncertain_km2"] = less_certain_km2(out)  # unassessed land is in neither certainty column
    return out


def area_change(series: pd.DataFrame, day: date) -> pd.DataFrame:
    """`area_rows` straight from an area series (scripts and tests; the app keeps the tables)."""
    return area_rows(*area_wide(series), day)


def less_certain_km2(frame: pd.DataFrame) -> pd.Series:
    """A faction's area minus its confirmed area; 0 for unassessed land, which no record claims at all."""
    return (frame["area_km2"] - frame["confirmed_km2"]).where(frame["controller"] != UNASSESSED, 0.0)


def round_area(km2: float) -> int:
    """An area rounded to what the method supports (AREA_ROUNDING_KM2)."""
    return int(round(km2 / AREA_ROUNDING_KM2) * AREA_ROUNDING_KM2)


def citation_counts(records: Iterable[ControlRecord]) -> Counter[str]:
    """How many of `records` cite each source id, in first-cited order (a Counter keeps insertion order)."""
    counts: Counter[str] = Counter()
    for record in records:
        counts.update(dict.fromkeys(record.sources, 1))
    return counts
