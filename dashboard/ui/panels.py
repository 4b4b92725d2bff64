"""The page's sections as text: place panel, legend, area table, recent changes, sources.

Builders here return Markdown/HTML strings (every data text escaped), so they are cached per dataset and
tested without a browser; `page.py` only places them. Tables are real Markdown tables (read by screen
readers, cheap to send), not canvas grids.
"""

from __future__ import annotations

import html
from collections import Counter
from datetime import date, timedelta

import pandas as pd

from ..core.days import Day
from ..core.model import ControlRecord, Dataset, Source
from ..core.state import PlaceState
from ..core.stats import citation_counts, round_area
from ..core.territory import UNASSESSED
from ..core.timeline import changes_between, history
from ..render.text import citation_markdown, day_words, md_escape, short_date, title_markdown
from ..render.wording import CERTAINTY_WORDS, long_date, method_note

STATUS_WORDS = {"held": "held", "contested": "contested", "besieged": "besieged", "split": "split between sides"}


def faction_badge(dataset: Dataset, faction_id: str, suffix: str = "") -> str:
    """A coloured label for a faction, as sanitised HTML (colours are validated #RRGGBB)."""
    faction = dataset.factions[faction_id]
    return (
        f'<span class="cm-swatch" style="background:{faction.colour}" aria-hidden="true"></span>'
        f"<b>{html.escape(faction.name)}</b>{html.escape(suffix)}"
    )


def _record_lines(dataset: Dataset, record: ControlRecord, previous: str | None) -> list[str]:
    name = dataset.factions[record.controller].short_name
    when = f"**{md_escape(day_words(record.date, record.date_precision))}**"
    if previous is None:
        head = f"{when} · held by **{md_escape(name)}** at the start"
    elif previous != record.controller:
        head = f"{when} · **{md_escape(dataset.factions[previous].short_name)}** → **{md_escape(name)}**"
    else:
        head = f"{when} · **{md_escape(name)}** \\(update\\)"
    lines = [head + f" · {STATUS_WORDS[record.status]} · _{record.certainty}_"]
    for label, factions in (("Besieged by", record.besieged_by), ("Also holding part", record.shared_with)):
        if factions:
            lines.append(f"{label}: {md_escape(', '.join(dataset.factions[f].short_name for f in factions))}")
    if record.admitted_by:
        lines.append(f"Admitted by {md_escape(dataset.factions[record.admitted_by].short_name)}")
    if record.note:
        lines.append(md_escape(record.note))
    for alt in record.alternatives:
        version = " ".join(
            x
            for x in [
                alt.date.isoformat() if alt.date else "",
                dataset.factions[alt.controller].short_name if alt.controller else "",
            ]
            if x
        )
        publishers = ", ".join(dict.fromkeys(dataset.sources[s].publisher for s in alt.sources))
        lines.append(f"**Other version** {md_escape(version)}: {md_escape(alt.note)} \\({md_escape(publishers)}\\)")
    return lines


def history_markdown(dataset: Dataset, place_id: str) -> str:
    """The place's whole history as one Markdown text: each record with its excerpts and citations.

    One element instead of a bordered box per record: every element is a message to the browser on every
    slider step, and the history does not change with the date.
    """
    blocks = []
    for change in history(dataset.place(place_id)):
        record = change.record
        lines = ["  \n".join(_record_lines(dataset, record, change.previous_controller))]
        for excerpt in record.excerpts:
            lines.append(
                "> " + md_escape(excerpt.text) + "  \n> — _" + _quoted_from(dataset.sources[excerpt.source]) + "_"
            )
        lines.append("  \n".join("Source: " + citation_markdown(dataset.sources[s]) for s in record.sources))
        blocks.append("\n\n".join(lines))
    return "\n\n---\n\n".join(blocks)


def _quoted_from(source: Source) -> str:
    return "Quoted verbatim from " + md_escape(source.publisher) + ", " + md_escape(source.title)


def state_header(dataset: Dataset, state: PlaceState, day: date) -> tuple[str, str]:
    """'<badge> holds it on <date>' (HTML) and the line under it: since when, status, certainty."""
    holds = (
        f'<div class="cm-holds">{faction_badge(dataset, state.controller)}'
        f"<span> holds it on {html.escape(long_date(day))}</span></div>"
    )
    if state.previous_controller is None:
        since = "At the start of the period"
    else:
        since = (
            f"Since {day_words(state.since, state.since_precision)}, before: "
            + dataset.factions[state.previous_controller].short_name
        )
    detail = f"{since} · now {STATUS_WORDS[state.status]} · {CERTAINTY_WORDS[state.certainty]}"
    if state.record.besieged_by:
        detail += f" · besieged by {', '.join(dataset.factions[f].short_name for f in state.record.besieged_by)}"
    return holds, md_escape(detail)


def area_table_markdown(dataset: Dataset, rows: pd.DataFrame) -> str:
    """Area per faction on the day, firm and less certain, rounded to what the method supports."""
    total = rows["area_km2"].sum() or 1.0
    lines = ["| Faction | km² (confirmed) | km² (reported or disputed) | Share | ± day |", "|:--|--:|--:|--:|--:|"]
    for row in rows.itertuples():
        change = round_area(row.change_km2)
        if row.controller == UNASSESSED:  # no record claims it: in neither certainty column
            name, firm, less = f"Unassessed ({round_area(row.area_km2):,} km²)", "\N{EM DASH}", "\N{EM DASH}"
        else:
            name = md_escape(dataset.factions[row.controller].short_name)
            firm, less = f"{round_area(row.confirmed_km2):,}", f"{round_area(row.uncertain_km2):,}"
        lines.append(
            f"| {name} | {firm} | {less} | {row.area_km2 / total:.0%} | {'' if change == 0 else f'{change:+,}'} |"
        )
    return "\n".join(lines)


def area_caveat(dataset: Dataset, day: date) -> str:
    """The caveat printed beside every area figure (saying so when drawn control maps are in force)."""
    return md_escape("Rounded to 100 km². " + method_note(dataset, days=[day]))


def recent_changes_markdown(dataset: Dataset, day: date, days: int) -> str:
    """The records dated within the last `days` days up to `day`, newest first, as a Markdown table."""
    changes = [c for c in changes_between(dataset, day - timedelta(days=days), day)]
    if not changes:
        return f"No recorded changes in the {days} days up to {short_date(day)}."
    lines = ["| Date | Place | Change | Certainty | Sources |", "|:--|:--|:--|:--|:--|"]
    for change in reversed(changes):
        record = change.record
        publishers = ", ".join(dict.fromkeys(dataset.sources[s].publisher for s in record.sources))
        words = _change_words(dataset, change.previous_controller, record.controller, record.status)
        lines.append(
            f"| {md_escape(day_words(record.date, record.date_precision))} | {md_escape(change.place.name)} | "
            f"{md_escape(words)} | {record.certainty} | {md_escape(publishers)} |"
        )
    return "\n".join(lines)


def sources_markdown(dataset: Dataset) -> str:
    """Every cited source with how often it is cited, so a reader can weigh who says what."""
    cited = citation_counts(r for place in dataset.places for r in place.control)
    lines = ["| Publisher | Title | Published | Copy | Cited by |", "|:--|:--|:--|:--|--:|"]
    for source in sorted(dataset.sources.values(), key=lambda s: (s.published, s.publisher)):
        lines.append(
            "| "
            + " | ".join(
                [
                    md_escape(
                        source.publisher + (f" (from {source.original_publisher})" if source.original_publisher else "")
                    ),
                    title_markdown(source),
                    source.published.isoformat() + (" \\(approx\\.\\)" if source.date_approximate else ""),
                    source.access,
                    str(cited.get(source.id, 0)),
                ]
            )
            + " |"
        )
    return "\n".join(lines)


def _change_words(dataset: Dataset, before: str | None, after: str, status: str) -> str:
    """'Army → Rebels', or 'Army (contested)' when only the status changed."""
    name = dataset.factions[after].short_name
    if before and before != after:
        return f"{dataset.factions[before].short_name} → {name}" + (f" ({status})" if status != "held" else "")
    return f"{name} ({STATUS_WORDS[status]})"


def map_as_text(dataset: Dataset, day: Day, rows: pd.DataFrame, *, every_place: bool = True) -> str:
    """What the map shows on the day, in words: who holds which places, how much land, what changed lately.

    The text alternative to the map for screen-reader users (and a quick read for anyone). Without
    `every_place`, each holder's count alone (a whole war's ten thousand names are a page of their own).
    """
    by_holder: dict[str, list[str]] = {}
    if every_place:
        for state in day.states:
            label = state.place.name + ("" if state.status == "held" else f" ({STATUS_WORDS[state.status]})")
            by_holder.setdefault(state.controller, []).append(label)
    counts = Counter(state.controller for state in day.states)
    lines = [f"**On {long_date(day.date)}**, by the records in force:", ""]
    for faction in dataset.factions.values():
        if faction.id in counts:
            names = f": {md_escape(', '.join(by_holder[faction.id]))}" if every_place else ""
            lines.append(f"- {md_escape(faction.short_name)} holds {counts[faction.id]:,} listed place(s){names}.")
    total = rows["area_km2"].sum() or 1.0
    land = ", ".join(
        f"{'unassessed' if r.controller == UNASSESSED else dataset.factions[r.controller].short_name} "
        f"about {round_area(r.area_km2):,} km² ({r.area_km2 / total:.0%})"
        for r in rows.itertuples()
    )
    lines += ["", f"Land (derived, approximate): {md_escape(land)}."]
    window = dataset.manifest.recent_change_days
    recent = [c for c in changes_between(dataset, day.date - timedelta(days=window), day.date) if c.is_handover]
    if recent:
        words = "; ".join(
            f"{c.place.name} from {dataset.factions[c.previous_controller].short_name} to "
            f"{dataset.factions[c.record.controller].short_name} ({day_words(c.record.date, c.record.date_precision)})"
            for c in recent
        )
        lines += ["", f"Changed hands in the last {window} days: {md_escape(words)}."]
    return "\n".join(lines)


def problems_list(problems) -> str:
    """The validator's problems as an escaped Markdown bullet list."""
    return "\n".join(f"- {md_escape(str(p))}" for p in problems)
