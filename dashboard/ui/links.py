"""Reading shareable links (`?dataset=…&date=YYYY-MM-DD&place=<id>`): never trusted, always answered clearly.

Pure functions (no Streamlit), so they are unit-tested directly; the page shows the messages they return.
"""

from __future__ import annotations

from datetime import date

from ..core.model import Dataset
from ..core.search import find_places, normalise


def _shown(raw: str) -> str:
    return raw if len(raw) <= 40 else raw[:39] + "…"


def resolve_dataset(raw: str | None, known: list[str], default: str) -> tuple[str, str | None]:
    """The dataset a link asks for, or the default plus a message naming the ones there are."""
    if not raw:
        return default, None
    if raw in known:
        return raw, None
    lowered = raw.strip().lower()
    if lowered in known:
        return lowered, None
    return default, (
        f"The link asks for a dataset {_shown(raw)!r} that does not exist; showing {default}. "
        f"Datasets: {', '.join(known)}."
    )


def resolve_date(raw: str | None, dataset: Dataset, default: date) -> tuple[date, str | None]:
    """The date a link asks for, or the nearest valid one plus a message saying why it differs."""
    if raw is None or raw == "":
        return default, None
    first, last = dataset.baseline, dataset.end
    try:
        wanted = date.fromisoformat(raw.strip())
    except ValueError:
        return default, (
            f"The link's date {_shown(raw)!r} is not a date in the form YYYY-MM-DD. "
            f"Showing {default.isoformat()}; the data covers {first} to {last}."
        )
    if wanted < first:
        return first, f"The link's date {wanted} is before the data starts; showing the first day, {first}."
    if wanted > last:
        return last, f"The link's date {wanted} is after the data ends; showing the last day, {last}."
    return wanted, None


def resolve_place(raw: str | None, dataset: Dataset) -> tuple[str | None, str | None]:
    """The place id a link asks for (an id, or any of its names), or None plus a message."""
    if not raw:
        return None, None
    if dataset.has_place(raw):
        return raw, None
    matches = find_places(dataset, raw)
    exact = [p for p in matches if normalise(raw) in {normalise(n) for n in (p.id, *p.names)}]
    if len(exact) == 1:
        return exact[0].id, None
    return None, f"The link names a place {_shown(raw)!r} that is not in the data; pick one from the list."
