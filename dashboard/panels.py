"""The page's sections (Streamlit): place panel, legend, context, exports. Display only: every number,
geometry and text comes from the core and renderers, and all data text is escaped here."""

from __future__ import annotations

import html
from datetime import date, timedelta

import pandas as pd
import streamlit as st

from dashboard.core import Dataset, changes_between, history, place_state
from dashboard.core.model import ControlRecord
from dashboard.core.stats import citation_counts
from dashboard.render.text import citation_markdown, long_date, md_escape, short_date

CERTAINTY_WORDS = {
    "confirmed": "confirmed: two independent reports, or the losing side admitted it",
    "reported": "reported: one report, or one side's claim",
    "disputed": "disputed: inferred, or sources disagree",
}


def faction_badge(dataset: Dataset, faction_id: str, suffix: str = "") -> str:
    """A coloured label for a faction, as sanitised HTML (colours are validated #RRGGBB)."""
    faction = dataset.factions.get(faction_id)
    colour = faction.colour if faction else "#777777"
    name = faction.name if faction else faction_id
    return (f'<span style="display:inline-block;width:0.9em;height:0.9em;background:{colour};'
            f'border:1px solid #333;margin-right:0.35em;vertical-align:-0.1em"></span>'
            f"<b>{html.escape(name)}</b>{html.escape(suffix)}")


def legend(dataset: Dataset, present: set[str]) -> None:
    """Faction colours (those on the map today first), front line and marker styles."""
    items = [faction_badge(dataset, f.id) for f in dataset.factions.values() if f.id in present]
    items.append('<span style="display:inline-block;width:1.4em;height:0.25em;background:#111;'
                 'vertical-align:0.2em;margin-right:0.35em"></span><b>Front line</b>')
    items.append('<span style="display:inline-block;width:0.8em;height:0.8em;border-radius:50%;'
                 'border:2px dashed #ff7f0e;margin-right:0.35em"></span><b>Contested</b>')
    items.append('<span style="display:inline-block;width:0.8em;height:0.8em;border-radius:50%;'
                 'border:3px solid #000;margin-right:0.35em"></span><b>Changed hands in the last 3 days</b>')
    st.html('<div style="display:flex;flex-wrap:wrap;gap:0.4em 1.2em;font-size:0.9em">'
            + "".join(f"<span>{item}</span>" for item in items) + "</div>")


def _record_markdown(dataset: Dataset, record: ControlRecord, previous: str | None) -> list[str]:
    controller = dataset.factions[record.controller].short_name
    if previous is None:
        head = f"**{record.date:%d %b %Y}** · held by **{md_escape(controller)}** at the start"
    elif previous != record.controller:
        head = (f"**{record.date:%d %b %Y}** · **{md_escape(dataset.factions[previous].short_name)}** → "
                f"**{md_escape(controller)}**")
    else:
        head = f"**{record.date:%d %b %Y}** · **{md_escape(controller)}** \\(update\\)"
    lines = [head + f" · {record.status} · _{record.certainty}_"]
    if record.shared_with:
        names = ", ".join(dataset.factions[f].short_name for f in record.shared_with)
        lines.append(f"Also present: {md_escape(names)}")
    if record.note:
        lines.append(md_escape(record.note))
    for alt in record.alternatives:
        version = " ".join(x for x in [alt.date.isoformat() if alt.date else "",
                                       dataset.factions[alt.controller].short_name if alt.controller else ""] if x)
        lines.append(f"**Other version** {md_escape(version)}: {md_escape(alt.note)} "
                     f"\\({md_escape(', '.join(alt.sources))}\\)")
    return lines


def place_panel(dataset: Dataset, place_id: str, day: date) -> None:
    """Who holds the place on `day`, since when, and its whole history with excerpts and citations."""
    place = dataset.place(place_id)
    state = place_state(place, day)
    st.markdown(f"### {md_escape(place.name)}")
    st.html(f'<div dir="rtl" lang="ar" style="font-size:1.3em;text-align:left">{html.escape(place.name_ar)}</div>')
    since = "at the start of the period" if state.previous_controller is None else f"since {long_date(state.since)}"
    st.html(f'<div style="font-size:1.05em">{faction_badge(dataset, state.controller)}'
            f'<span> holds it on {html.escape(long_date(day))}</span></div>')
    detail = f"{since[0].upper()}{since[1:]} · {state.status} · {CERTAINTY_WORDS[state.certainty]}"
    if state.previous_controller:
        detail += f" · before: {dataset.factions[state.previous_controller].short_name}"
    st.caption(md_escape(detail))
    if place.note:
        st.caption(md_escape(place.note))
    st.markdown("#### Control history")
    for change in history(place):
        record = change.record
        with st.container(border=True):
            st.markdown("  \n".join(_record_markdown(dataset, record, change.previous_controller)))
            for excerpt in record.excerpts:
                st.markdown("> " + md_escape(excerpt.text))
                st.caption("Quoted verbatim from " + md_escape(dataset.sources[excerpt.source].publisher) +
                           ", " + md_escape(dataset.sources[excerpt.source].title))
            st.markdown("  \n".join("Source: " + citation_markdown(dataset.sources[s]) for s in record.sources))
    st.caption(f"Coordinates: {place.lat:.4f}, {place.lon:.4f} ({md_escape(place.coord_source)})")


def area_table(dataset: Dataset, changes: pd.DataFrame) -> None:
    """Area per faction on the day, with the change since the day before."""
    total = changes["area_km2"].sum()
    frame = pd.DataFrame({
        "Faction": [dataset.factions[c].short_name for c in changes["controller"]],
        "Area (km²)": changes["area_km2"].round(0),
        "Share": changes["area_km2"] / total * 100,
        "± day": changes["change_km2"].round(0),
    })
    st.dataframe(frame, hide_index=True, width="stretch", column_config={
        "Area (km²)": st.column_config.NumberColumn(format="%,.0f"),
        "Share": st.column_config.NumberColumn(format="%.1f%%"),
        "± day": st.column_config.NumberColumn(format="%+,.0f", help="Change in km² since the previous day"),
    })


def recent_changes(dataset: Dataset, day: date, days: int) -> None:
    """The records dated within the last `days` days up to the selected day."""
    # Anchors only shape the zones (see geodata/README.md); they are not places a reader asks about.
    changes = [c for c in changes_between(dataset, day - timedelta(days=days), day) if c.place.kind != "anchor"]
    if not changes:
        st.caption(f"No recorded changes in the {days} days up to {short_date(day)}.")
        return
    rows = [{
        "Date": short_date(c.record.date),
        "Place": c.place.name,
        "Change": _change_words(dataset, c.previous_controller, c.record.controller, c.record.status),
        "Certainty": c.record.certainty,
        "Sources": ", ".join(dataset.sources[s].publisher for s in c.record.sources),
    } for c in reversed(changes)]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def sources_table(dataset: Dataset) -> None:
    """Every cited source with how often it is cited, so a reader can weigh who says what."""
    cited = citation_counts(record for place in dataset.places for record in place.control)
    rows = [{
        "Id": source.id,
        "Publisher": source.publisher + (f" (from {source.original_publisher})" if source.original_publisher else ""),
        "Title": source.title + ("" if source.title_captured else " (title not captured)"),
        "Published": source.published.isoformat() + (" (approx.)" if source.date_approximate else ""),
        "Copy": source.access,
        "Cited by records": cited.get(source.id, 0),
        "Link": source.url,  # validated http(s) only
    } for source in sorted(dataset.sources.values(), key=lambda s: (s.published, s.publisher))]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch",
                 column_config={"Link": st.column_config.LinkColumn(display_text="open")})


def _change_words(dataset: Dataset, before: str | None, after: str, status: str) -> str:
    """'Government → HTS / MOC', or 'Government (contested)' when only the status changed."""
    name = dataset.factions[after].short_name
    if before and before != after:
        return f"{dataset.factions[before].short_name} → {name}" + (" (contested)" if status == "contested" else "")
    return f"{name} ({status})"


def problems_list(problems) -> str:
    """The validator's problems as an escaped markdown bullet list."""
    return "\n".join(f"- {md_escape(str(p))}" for p in problems)
