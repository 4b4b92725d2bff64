"""Compare mode: what changed hands between an earlier date and the selected one (ISW-style gains).

The map draws the land that changed hands in the gainer's colour outlined in the loser's; the page lists
the places that changed and the km² each faction gained and lost (rounded like every area figure).
"""

from __future__ import annotations

from datetime import date, timedelta

import streamlit as st

from ..core.compare import Comparison, compare
from ..core.model import Dataset
from ..core.stats import round_area
from ..core.territory import UNASSESSED
from ..render.text import day_words, md_escape, short_date
from .prepare import Prepared


def compare_controls(dataset: Dataset, day: date) -> date | None:
    """A toggle and the earlier date; None when compare mode is off (or the date is the first day)."""
    comparing = st.toggle("Compare with an earlier date: show what changed hands", key="comparing")
    if not comparing or day <= dataset.baseline:
        return None
    period = dataset.period()
    earlier = [d for d in period if d <= day]
    wanted = st.session_state.get("compare_from")
    if wanted not in earlier or wanted == day:
        wanted = max(dataset.baseline, day - timedelta(days=dataset.manifest.recent_change_days * 2))
        st.session_state.compare_from = wanted if wanted < day else earlier[0]
    with_year = period[0].year != period[-1].year
    st.select_slider(
        "Changes since",
        options=earlier,
        key="compare_from",
        format_func=lambda d: short_date(d, with_year),
        help="The earlier date of the comparison",
    )
    start = st.session_state.compare_from
    return start if start < day else None


def comparison_markdown(ready: Prepared, start: date, end: date) -> str:
    """The changes between the two dates as Markdown: km² per faction, then the places, newest first."""
    return ready.memo(("compare", start, end), lambda: _markdown(ready.dataset, compare(ready.days, start, end)))


def _name(dataset: Dataset, controller: str) -> str:
    return "Unassessed" if controller == UNASSESSED else dataset.factions[controller].short_name


def _markdown(dataset: Dataset, result: Comparison) -> str:
    lines = [f"**What changed hands from {day_words(result.start)} to {day_words(result.end)}**", ""]
    if result.balance.empty and not result.places:
        return "\n".join([*lines, "Nothing changed hands between these dates."])
    lines += ["| Faction | km² gained | km² lost | Net |", "|:--|--:|--:|--:|"]
    for row in result.balance.itertuples():
        lines.append(
            f"| {md_escape(_name(dataset, row.controller))} | {round_area(row.gained_km2):,} | "
            f"{round_area(row.lost_km2):,} | {round_area(row.net_km2):+,} |"
        )
    lines += [
        "",
        f"{len(result.places)} place(s) changed hands:",
        "",
        "| Place | From | To | Since | Certainty |",
        "|:--|:--|:--|:--|:--|",
    ]
    for change in sorted(result.places, key=lambda c: c.after.since, reverse=True):
        after = change.after
        lines.append(
            f"| {md_escape(after.place.name)} | {md_escape(_name(dataset, change.before.controller))} | "
            f"{md_escape(_name(dataset, after.controller))} | {day_words(after.since, after.since_precision)} | "
            f"{after.certainty} |"
        )
    return "\n".join(lines)
