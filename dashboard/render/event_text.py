"""Events as Markdown for the page's panels: every text from the data escaped, so a `<script>` in an
event's notes is shown as characters and never run or rendered."""

from __future__ import annotations

import pandas as pd

from ..core.events import APPROXIMATE, attribution_lines
from .text import md_escape

MAX_LISTED = 50


def event_markdown(row) -> str:
    """One event: date (and its precision), type, actors, location (and its precision), fatalities, notes, source."""
    day = pd.Timestamp(row.date).date().isoformat()
    when = day + (" (approximate date)" if row.date_precision == APPROXIMATE else "")
    where = row.location or row.admin1 or f"{row.lat:.3f}, {row.lon:.3f}"
    where += " (approximate location)" if row.geo_precision == APPROXIMATE else " (exact location)"
    kind = row.type + (f" · {row.sub_type}" if row.sub_type else "")
    actors = " vs ".join(a for a in (row.actor1, row.actor2) if a) or "actors not named"
    lines = [
        f"**{md_escape(when)} · {md_escape(kind)}**",
        f"{md_escape(actors)}",
        f"{md_escape(where)} · fatalities: {int(row.fatalities)}",
    ]
    if row.notes:
        lines.append(f"_{md_escape(row.notes)}_")
    lines.append(
        f"Source: {md_escape(row.source or 'not given')} ({md_escape(row.provider.upper())} {md_escape(row.event_id)})"
    )
    return "  \n".join(lines)


def events_markdown(events: pd.DataFrame, empty: str = "No events.") -> str:
    """A list of events (newest first, at most MAX_LISTED) followed by the providers' credit lines."""
    if events.empty:
        return empty
    parts = [event_markdown(row) for row in events.head(MAX_LISTED).itertuples(index=False)]
    if len(events) > MAX_LISTED:
        parts.append(f"… and {len(events) - MAX_LISTED:,} more.")
    credits = attribution_lines(set(events["provider"]))
    parts.append("  \n".join(md_escape(c) for c in credits))
    return "\n\n".join(parts)
