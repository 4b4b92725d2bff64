"""CSV exports that spreadsheets open correctly: one row per place, or one per place that changed hands.

UTF-8 with a byte-order mark by default: Excel reads a BOM-less UTF-8 file in a legacy code page and
turns Arabic names into garbage, while LibreOffice, pandas and Python's csv (`utf-8-sig`) all accept
the BOM. `bom=False` gives plain UTF-8 for tools that want it. Fields are quoted as needed (RFC 4180),
and faction and source ids are spelled out next to the ids so the file reads on its own; every row names
the data's licence (`data_licence`).
"""

from __future__ import annotations

import csv
import io

from ..core.compare import Comparison
from ..core.days import Day
from ..core.model import Dataset

PLACE_COLUMNS = [
    "id",
    "name",
    "name_ar",
    "kind",
    "lat",
    "lon",
    "controller",
    "controller_name",
    "status",
    "certainty",
    "since",
    "since_precision",
    "previous_controller",
    "besieged_by",
    "shared_with",
    "sources",
    "source_publishers",
    "data_licence",
]
CHANGE_COLUMNS = [
    "id",
    "name",
    "name_ar",
    "lat",
    "lon",
    "from_controller",
    "from_name",
    "to_controller",
    "to_name",
    "date",
    "certainty",
    "sources",
    "source_publishers",
    "data_licence",
]


def places_csv(dataset: Dataset, day: Day, *, bom: bool = True) -> bytes:
    """One row per place on the day (places without a coordinate have empty lat/lon)."""
    rows = []
    for state in day.states:
        place, record = state.place, state.record
        rows.append(
            {
                "id": place.id,
                "name": place.name,
                "name_ar": place.name_ar or "",
                "kind": place.kind,
                "lat": place.lat if place.lat is not None else "",
                "lon": place.lon if place.lon is not None else "",
                "controller": state.controller,
                "controller_name": dataset.factions[state.controller].name,
                "status": state.status,
                "certainty": state.certainty,
                "since": state.since.isoformat(),
                "since_precision": state.since_precision,
                "previous_controller": state.previous_controller or "",
                "besieged_by": " ".join(record.besieged_by),
                "shared_with": " ".join(record.shared_with),
                "sources": " ".join(record.sources),
                "source_publishers": _publishers(dataset, record.sources),
                "data_licence": _licence(dataset),
            }
        )
    return _encode(PLACE_COLUMNS, rows, bom)


def changes_csv(dataset: Dataset, comparison: Comparison, *, bom: bool = True) -> bytes:
    """One row per place held by someone else on the second date than on the first."""
    rows = []
    for change in comparison.places:
        place, after = change.after.place, change.after
        rows.append(
            {
                "id": place.id,
                "name": place.name,
                "name_ar": place.name_ar or "",
                "lat": place.lat if place.lat is not None else "",
                "lon": place.lon if place.lon is not None else "",
                "from_controller": change.before.controller,
                "from_name": dataset.factions[change.before.controller].name,
                "to_controller": after.controller,
                "to_name": dataset.factions[after.controller].name,
                "date": after.since.isoformat(),
                "certainty": after.certainty,
                "sources": " ".join(after.record.sources),
                "source_publishers": _publishers(dataset, after.record.sources),
                "data_licence": _licence(dataset),
            }
        )
    return _encode(CHANGE_COLUMNS, rows, bom)


def _licence(dataset: Dataset) -> str:
    """The data's licence on every row: a CSV has no header block, and rows get copied out one by one."""
    licence = dataset.manifest.licence
    return "" if licence is None else " ".join(filter(None, [licence.name, licence.url]))


def _publishers(dataset: Dataset, source_ids) -> str:
    return "; ".join(dict.fromkeys(dataset.sources[s].publisher for s in source_ids))


def _encode(columns: list[str], rows: list[dict], bom: bool) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig" if bom else "utf-8")
