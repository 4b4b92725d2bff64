"""The chart of events over time by type (a Vega-Lite spec built with Altair; Streamlit only displays it).

Weekly bars stacked by type over the whole period, with a rule on the slider's day and a band over the
window: the chart links the event counts to the map's date.
"""

from __future__ import annotations

from datetime import date

import altair as alt
import pandas as pd

from .events_layer import type_colour


def events_chart_spec(counts: pd.DataFrame, day: date, window_start: date, by: str = "week") -> dict:
    """Events per week (or day) and type, a band over the window and a rule on `day`."""
    frame = counts.assign(date=pd.to_datetime(counts["date"]).dt.strftime("%Y-%m-%d"))
    types = sorted(set(frame["type"]))
    colour = alt.Color(
        "type:N",
        scale=alt.Scale(domain=types, range=[type_colour(t) for t in types]),
        legend=alt.Legend(orient="bottom", title=None, columns=3),
    )
    bars = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("date:T", title=None, timeUnit="yearmonthdate", axis=alt.Axis(format="%d %b", labelAngle=0)),
            y=alt.Y("sum(events):Q", title=f"events per {by}"),
            color=colour,
            tooltip=[alt.Tooltip("type:N"), alt.Tooltip("date:T", format="%d %b %Y"), alt.Tooltip("sum(events):Q")],
        )
    )
    marks = pd.DataFrame({"start": [window_start.isoformat()], "end": [day.isoformat()]})
    band = alt.Chart(marks).mark_rect(opacity=0.15, color="#333333").encode(x="start:T", x2="end:T")
    rule = alt.Chart(marks).mark_rule(color="#111111", strokeWidth=2).encode(x="end:T")
    return alt.layer(bars, band, rule).properties(height=220).to_dict()
