"""A spreadsheet of changes, one row per change, merged into places.geojson; and the reverse.

Each row names a place (an existing id, or a new place with its name and coordinates) and one control
record. The merge is all or nothing: every problem is reported by row and column, and nothing is written
while any remains. Rows already in the data are skipped, so importing the same file twice changes nothing.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..core.errors import GeodataError, Problem
from ..core.messages import expected_words
from ..core.model import ControlRecord, Dataset, PlaceProperties
from .files import places_bytes, read_json, slug, write_validated

#: The columns of the template, in order. Place columns matter only on a place's first row.
COLUMNS = [
    "place_id",
    "name",
    "name_ar",
    "alt_names",
    "kind",
    "rank",
    "admin1",
    "lon",
    "lat",
    "coord_source",
    "place_note",
    "date",
    "date_precision",
    "controller",
    "status",
    "certainty",
    "sources",
    "besieged_by",
    "shared_with",
    "admitted_by",
    "note",
]
PLACE_COLUMNS = ["name", "name_ar", "alt_names", "kind", "rank", "admin1", "lon", "lat", "coord_source", "place_note"]
LIST_COLUMNS = ["alt_names", "sources", "besieged_by", "shared_with"]


class ImportError_(ValueError):
    """Problems found in the spreadsheet, each naming its row and column."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class MergeReport:
    """What an import did (or would do)."""

    added: int = 0
    skipped: int = 0
    new_places: list[str] = field(default_factory=list)
    places: set[str] = field(default_factory=set)


def _split(value: str) -> list[str]:
    return [v for v in value.replace(";", " ").replace(",", " ").split() if v]


def _split_names(value: str) -> list[str]:
    return [v.strip() for v in value.split(";") if v.strip()]


def read_rows(path: Path) -> list[dict[str, str]]:
    """The spreadsheet's rows (UTF-8, with or without a byte-order mark), header checked."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ImportError_([f"{path}: expected a UTF-8 CSV file, found {exc}"]) from None
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    missing = [c for c in ("place_id", "date", "controller", "status", "certainty", "sources") if c not in header]
    unknown = [c for c in header if c not in COLUMNS]
    problems = []
    if missing:
        problems.append(f"{path}: header: expected the columns {', '.join(missing)} (see geodata/templates)")
    if unknown:
        problems.append(
            f"{path}: header: unknown column(s) {', '.join(unknown)}; expected some of {', '.join(COLUMNS)}"
        )
    if problems:
        raise ImportError_(problems)
    return [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]


def _record(row: dict[str, str]) -> dict[str, Any]:
    record: dict[str, Any] = {
        "date": row.get("date", ""),
        "controller": row.get("controller", ""),
        "status": row.get("status", ""),
        "certainty": row.get("certainty", ""),
        "sources": _split(row.get("sources", "")),
    }
    if row.get("date_precision") and row["date_precision"] != "day":
        record["date_precision"] = row["date_precision"]
    for key in ("besieged_by", "shared_with"):
        if row.get(key):
            record[key] = _split(row[key])
    if row.get("admitted_by"):
        record["admitted_by"] = row["admitted_by"]
    if row.get("note"):
        record["note"] = row["note"]
    return record


def _place_properties(row: dict[str, str]) -> dict[str, Any]:
    props: dict[str, Any] = {"name": row.get("name", ""), "kind": row.get("kind", ""), "rank": row.get("rank", "")}
    with contextlib.suppress(ValueError):  # a non-number is reported by the model check with its column
        props["rank"] = int(props["rank"])
    for key in ("name_ar", "admin1", "coord_source"):
        if row.get(key):
            props[key] = row[key]
    if row.get("alt_names"):
        props["alt_names"] = _split_names(row["alt_names"])
    if row.get("place_note"):
        props["note"] = row["place_note"]
    return props


def _geometry(row: dict[str, str], where: str, problems: list[str]) -> dict[str, Any] | None:
    if not row.get("lon") and not row.get("lat"):
        return None
    try:
        return {"type": "Point", "coordinates": [float(row["lon"]), float(row["lat"])]}
    except (KeyError, ValueError):
        problems.append(
            f"{where}, columns lon/lat: expected two numbers (longitude, latitude), "
            f"found {row.get('lon')!r}, {row.get('lat')!r}"
        )
        return None


def _check_record(record: dict[str, Any], where: str, problems: list[str]) -> None:
    try:
        ControlRecord.model_validate(record)
    except ValidationError as exc:
        for err in exc.errors():
            column = str(err["loc"][0]) if err["loc"] else "row"
            found = err.get("input")
            problems.append(
                f"{where}, column {column}: expected {expected_words(err)}"
                + ("" if err["type"] == "missing" else f", found {found!r}")
            )


class _Merge:
    """The places document being changed, with where each record came from (for problems by row)."""

    def __init__(self, doc: dict[str, Any]):
        self.doc = doc
        self.features = {f["id"]: f for f in doc.get("features", [])}
        self.rows: dict[tuple[str, str], int] = {}
        self.report = MergeReport()
        self.problems: list[str] = []

    def place_for(self, row: dict[str, str], where: str) -> dict[str, Any] | None:
        place_id = row.get("place_id") or slug(row.get("name", ""))
        if not place_id:
            self.problems.append(f"{where}, column place_id: expected a place id, or a name to make one from")
            return None
        feature = self.features.get(place_id)
        if feature is None:
            feature = self._new_place(place_id, row, where)
        else:
            self._check_same_place(feature, row, where)
        return feature

    def _new_place(self, place_id: str, row: dict[str, str], where: str) -> dict[str, Any] | None:
        props = _place_properties(row)
        try:
            PlaceProperties.model_validate(
                {
                    **props,
                    "control": [
                        {
                            "date": "2000-01-01",
                            "controller": "X",
                            "status": "held",
                            "certainty": "reported",
                            "sources": ["x"],
                        }
                    ],
                }
            )
        except ValidationError as exc:
            for err in exc.errors():
                column = {"note": "place_note"}.get(str(err["loc"][0]), str(err["loc"][0]))
                self.problems.append(
                    f"{where}, column {column}: expected {expected_words(err)} (for the new place {place_id!r})"
                )
            return None
        feature = {
            "type": "Feature",
            "id": place_id,
            "geometry": _geometry(row, where, self.problems),
            "properties": {**props, "control": []},
        }
        self.features[place_id] = feature
        self.doc.setdefault("features", []).append(feature)
        self.report.new_places.append(place_id)
        return feature

    def _check_same_place(self, feature: dict[str, Any], row: dict[str, str], where: str) -> None:
        props, coords = feature["properties"], (feature.get("geometry") or {}).get("coordinates") or [None, None]
        existing = {
            "name": props.get("name"),
            "kind": props.get("kind"),
            "rank": str(props.get("rank")),
            "lon": coords[0],
            "lat": coords[1],
        }
        for column, value in existing.items():
            given = row.get(column, "")
            if given and value is not None and not _same(given, value):
                self.problems.append(
                    f"{where}, column {column}: expected empty or {value} (the existing place "
                    f"{feature['id']!r}), found {given!r}"
                )

    def add(self, feature: dict[str, Any], record: dict[str, Any], row_number: int) -> None:
        control = feature["properties"]["control"]
        same_day = [r for r in control if r.get("date") == record["date"]]
        if same_day:
            if _comparable(same_day[0]) == _comparable(record):
                self.report.skipped += 1
                return
            self.problems.append(
                f"row {row_number}: place {feature['id']!r} already has a different record on "
                f"{record['date']}; edit places.geojson or use another date"
            )
            return
        control.append(record)
        control.sort(key=lambda r: r.get("date", ""))
        self.rows[(feature["id"], record["date"])] = row_number
        self.report.added += 1
        self.report.places.add(feature["id"])


def _same(given: str, value: Any) -> bool:
    try:
        return abs(float(given) - float(value)) < 1e-9
    except (TypeError, ValueError):
        return given == str(value)


def _comparable(record: dict[str, Any]) -> dict[str, Any]:
    """A record without the fields a spreadsheet cannot carry (excerpts, alternatives), for comparison."""
    return {k: v for k, v in record.items() if k not in ("excerpts", "alternatives") and v not in ([], None, "day")}


def merge_rows(folder: Path, rows: list[dict[str, str]], *, dry_run: bool = False) -> MergeReport:
    """Merge the rows into `folder`'s places.geojson: all or nothing (ImportError_ lists every problem)."""
    merge = _Merge(read_json(folder / "places.geojson"))
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        where = f"row {number}"
        record = _record(row)
        _check_record(record, where, merge.problems)
        feature = merge.place_for(row, where)
        if feature is not None and not any(p.startswith(where + ",") for p in merge.problems):
            merge.add(feature, record, number)
    if merge.problems:
        raise ImportError_(merge.problems)
    if not dry_run and merge.report.added:
        try:
            write_validated(folder, {"places.geojson": places_bytes(merge.doc)})
        except GeodataError as exc:
            raise ImportError_([_by_row(p, merge.rows) for p in exc.problems]) from None
    return merge.report


def _by_row(problem: Problem, rows: dict[tuple[str, str], int]) -> str:
    """The validator's problem, led by the spreadsheet row it came from when there is one."""
    text = str(problem).split(": ", 1)[-1] if problem.file.endswith("places.geojson") else str(problem)
    if problem.feature and problem.field and "control[" in problem.field:
        for (place_id, _day), number in rows.items():
            if place_id == problem.feature:
                return f"row {number} (place {place_id!r}): {text}"
    return text


def changes_rows(dataset: Dataset) -> list[dict[str, str]]:
    """Every record of the dataset as template rows (place columns on each place's first row)."""
    rows = []
    for place in dataset.places:
        for index, record in enumerate(place.control):
            row = dict.fromkeys(COLUMNS, "")
            row["place_id"] = place.id
            if index == 0:
                row.update(
                    name=place.name,
                    name_ar=place.name_ar or "",
                    alt_names="; ".join(place.alt_names),
                    kind=place.kind,
                    rank=str(place.rank),
                    admin1=place.admin1 or "",
                    lon=_number(place.lon),
                    lat=_number(place.lat),
                    coord_source=place.coord_source or "",
                    place_note=place.note or "",
                )
            data = json.loads(record.model_dump_json(exclude_defaults=True))
            row.update(
                date=data["date"],
                date_precision=data.get("date_precision", ""),
                controller=data["controller"],
                status=data["status"],
                certainty=data["certainty"],
                sources=" ".join(data["sources"]),
                besieged_by=" ".join(data.get("besieged_by", [])),
                shared_with=" ".join(data.get("shared_with", [])),
                admitted_by=data.get("admitted_by", ""),
                note=data.get("note", ""),
            )
            rows.append(row)
    return rows


def _number(value: float | None) -> str:
    return "" if value is None else repr(value)


def rows_csv(rows: list[dict[str, str]]) -> bytes:
    """Template rows as CSV (UTF-8 with a byte-order mark, for spreadsheets)."""
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")
