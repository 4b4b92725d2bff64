"""The area chart (a Vega-Lite spec built with Altair; Streamlit only displays it).

One spec per dataset version, drawn once with the page (it does not change with the date), so a slider
step never rebuilds or resends it. Areas carry the method's caveat; unassessed land is a line of its own.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..core.model import Dataset
from ..core.territory import UNASSESSED
from .style import STYLE

UNASSESSED_LABEL = "Unassessed"


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
