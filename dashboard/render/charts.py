"""The area chart (a Vega-Lite spec built with Altair; Streamlit only displays it).

One spec per dataset version, drawn once with the page (it does not change with the date), so a slider
step never rebuilds or resends it. Areas carry the method's caveat; unassessed land is a line of its own.
"""

from __future__ import annotations

from datetime import date

import altair as alt
import pandas as pd

from ..core.model import Dataset
from ..core.territory import UNASSESSED
from .style import STYLE

UNASSESSED_LABEL = "Unassessed"


def only_changes(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows where a faction's area changes, and each faction's first and last day: drawn as steps, the
    line is the same, and years of days cost what their changes cost (Vega-Lite specs stay small)."""
    frame = frame.sort_values(["faction", "date"])
    by = frame.groupby("faction")["thousand_km2"]
    keep = by.diff().fillna(1).ne(0) | frame["date"].eq(frame.groupby("faction")["date"].transform("max"))
    return frame[keep].reset_index(drop=True)


def area_chart_spec(series: pd.DataFrame, dataset: Dataset) -> dict:
    """Area held by each faction (and unassessed land) over the whole period, in thousand km²."""
    names = {f.id: f.short_name for f in dataset.factions.values()} | {UNASSESSED: UNASSESSED_LABEL}
    present = [f for f in dataset.factions.values() if f.id in set(series["controller"])]
    domain = [f.short_name for f in present] + (
        [UNASSESSED_LABEL] if (series["controller"] == UNASSESSED).any() else []
    )
    colours = [f.colour for f in present] + ([STYLE.unassessed] if len(domain) > len(present) else [])
    frame = pd.DataFrame(
        {
            "date": pd.to_datetime(series["date"]).dt.strftime("%Y-%m-%d"),
            "faction": series["controller"].map(names),
            "thousand_km2": (series["area_km2"] / 1000).round(1),
            "km2": (series["area_km2"] / 100).round() * 100,
        }
    )
    frame = only_changes(frame)
    colour = alt.Color(
        "faction:N",
        scale=alt.Scale(domain=domain, range=colours),
        legend=alt.Legend(orient="bottom", title=None, columns=5, symbolType="stroke"),
    )
    chart = (
        alt.Chart(frame)
        .mark_line(strokeWidth=2, interpolate="step-after")
        .encode(
            x=alt.X("date:T", title=None, axis=alt.Axis(format="%d %b", labelAngle=0)),
            y=alt.Y("thousand_km2:Q", title="thousand km² (derived, approximate)"),
            color=colour,
            tooltip=[
                alt.Tooltip("faction:N"),
                alt.Tooltip("date:T", format="%d %b %Y"),
                alt.Tooltip("km2:Q", format=",.0f", title="km² (rounded)"),
            ],
        )
    )
    return chart.properties(height=260).to_dict()


def change_strip(shown_changes: dict, first: date, last: date) -> tuple[pd.DataFrame, str]:
    """How many things change on the map each week (each month over more than three years), as a table for a
    thin bar strip over the whole period, so a person finds the busy weeks of a long war at a glance; and
    the bucket's name ("week" or "month")."""
    monthly = (last - first).days > 3 * 366
    sizes = [len(v) for v in shown_changes.values()]
    frame = pd.DataFrame({"date": pd.to_datetime(list(shown_changes) or [first]), "changes": sizes or [0]})
    bucket = frame["date"].dt.to_period("M" if monthly else "W").dt.start_time
    counts = frame.groupby(bucket)["changes"].sum().rename_axis("date").reset_index()
    return counts, "month" if monthly else "week"


def change_strip_spec(counts: pd.DataFrame, bucket: str) -> dict:
    """The change strip (`change_strip`'s table) as thin bars, built once per dataset version: a slider step
    then sends the spec as it is (building it with Altair on each step cost about 10 ms of server time)."""
    chart = (
        alt.Chart(counts.assign(date=counts["date"].dt.strftime("%Y-%m-%d")))
        .mark_bar(color=STYLE.front)
        .encode(
            x=alt.X("date:T", title=None),
            y=alt.Y("changes:Q", title=None),
            tooltip=[
                alt.Tooltip("date:T", format="%b %Y" if bucket == "month" else "%d %b %Y", title=bucket),
                alt.Tooltip("changes:Q", title="changes"),
            ],
        )
    )
    return chart.properties(height=90).to_dict()
