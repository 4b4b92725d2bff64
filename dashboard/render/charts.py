"""Charts for the context panel (Altair specs; Streamlit only displays them)."""

from __future__ import annotations

from datetime import date

import altair as alt
import pandas as pd

from ..core.loader import Dataset


def area_chart(series: pd.DataFrame, dataset: Dataset, day: date) -> alt.LayerChart:
    """Area held by each faction over the period, with a rule at the selected day."""
    factions = [f for f in dataset.factions.values() if f.id in set(series["controller"])]
    frame = series.assign(
        faction=series["controller"].map({f.id: f.short_name for f in factions}),
        thousand_km2=series["area_km2"] / 1000,
        date=pd.to_datetime(series["date"]),
    )
    colour = alt.Color("faction:N", scale=alt.Scale(domain=[f.short_name for f in factions],
                                                    range=[f.colour for f in factions]),
                       legend=alt.Legend(orient="bottom", title=None, columns=4, symbolType="stroke"))
    lines = alt.Chart(frame).mark_line(point=True, strokeWidth=2).encode(
        x=alt.X("date:T", title=None, axis=alt.Axis(format="%d %b", labelAngle=0)),
        y=alt.Y("thousand_km2:Q", title="thousand km²"),
        color=colour,
        tooltip=[alt.Tooltip("faction:N"), alt.Tooltip("date:T", format="%d %b %Y"),
                 alt.Tooltip("area_km2:Q", format=",.0f", title="km²")],
    )
    rule = alt.Chart(pd.DataFrame({"date": [pd.Timestamp(day)]})).mark_rule(color="#111", strokeDash=[4, 3]).encode(
        x="date:T")
    return (lines + rule).properties(height=260)
