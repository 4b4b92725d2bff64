"""Charts for the context panel (Vega-Lite specs built with Altair; Streamlit only displays them)."""

from __future__ import annotations

import copy
from datetime import date

import altair as alt
import pandas as pd

from ..core.loader import Dataset

#: Named datasets: the spec itself never changes between days, only the one-row "selected" dataset does,
#: so the browser updates the chart's data in place instead of rebuilding the chart on every slider step.
AREAS, SELECTED = "areas", "selected"


def area_chart_spec(series: pd.DataFrame, dataset: Dataset) -> dict:
    """Area held by each faction over the period, with a rule at the selected day (see `for_day`)."""
    factions = [f for f in dataset.factions.values() if f.id in set(series["controller"])]
    frame = series.assign(
        faction=series["controller"].map({f.id: f.short_name for f in factions}),
        thousand_km2=series["area_km2"] / 1000,
        date=pd.to_datetime(series["date"]).dt.strftime("%Y-%m-%d"),
    )
    colour = alt.Color("faction:N", scale=alt.Scale(domain=[f.short_name for f in factions],
                                                    range=[f.colour for f in factions]),
                       legend=alt.Legend(orient="bottom", title=None, columns=4, symbolType="stroke"))
    lines = alt.Chart(alt.NamedData(AREAS)).mark_line(point=True, strokeWidth=2).encode(
        x=alt.X("date:T", title=None, axis=alt.Axis(format="%d %b", labelAngle=0)),
        y=alt.Y("thousand_km2:Q", title="thousand km²"),
        color=colour,
        tooltip=[alt.Tooltip("faction:N"), alt.Tooltip("date:T", format="%d %b %Y"),
                 alt.Tooltip("area_km2:Q", format=",.0f", title="km²")],
    )
    rule = alt.Chart(alt.NamedData(SELECTED)).mark_rule(color="#111", strokeDash=[4, 3]).encode(x="date:T")
    spec = (lines + rule).properties(height=260).to_dict()
    records = frame[["date", "faction", "thousand_km2", "area_km2"]].to_dict(orient="records")
    spec["datasets"] = {AREAS: records, SELECTED: []}
    return spec


def for_day(spec: dict, day: date) -> dict:
    """The chart spec with its rule at `day`."""
    out = copy.copy(spec)
    out["datasets"] = {**spec["datasets"], SELECTED: [{"date": day.isoformat()}]}
    return out
