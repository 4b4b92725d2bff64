"""Reading shareable links (`?date=YYYY-MM-DD&place=<id>`): never trusted, always answered clearly."""

from __future__ import annotations

from datetime import date

from dashboard.core import Dataset


def resolve_date(raw: str | None, dataset: Dataset, default: date) -> tuple[date, str | None]:
    """The date a link asks for, or the nearest valid one plus a message saying why it differs."""
    if raw is None or raw == "":
        return default, None
    first, last = dataset.metadata.baseline_date, dataset.metadata.end_date
    try:
        wanted = date.fromisoformat(raw.strip())
    except ValueError:
        shown = raw if len(raw) <= 40 else raw[:39] + "…"
        return default, (f"The link's date {shown!r} is not a date in the form YYYY-MM-DD. "
                         f"Showing {default.isoformat()}; the data covers {first} to {last}.")
    if wanted < first:
        return first, f"The link's date {wanted} is before the data starts; showing the first day, {first}."
    if wanted > last:
        return last, f"The link's date {wanted} is after the data ends; showing the last day, {last}."
    return wanted, None


def resolve_place(raw: str | None, dataset: Dataset) -> tuple[str | None, str | None]:
    """The place id a link asks for, or None plus a message when there is no such place."""
    if not raw:
        return None, None
    ids = {p.id for p in dataset.places if p.kind != "anchor"}
    if raw in ids:
        return raw, None
    shown = raw if len(raw) <= 40 else raw[:39] + "…"
    return None, f"The link names a place {shown!r} that is not in the data; pick one from the list."
