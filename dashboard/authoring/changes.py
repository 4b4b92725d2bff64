"""A spreadsheet of changes, one row per change, merged into places.geojson; and the reverse.

Each row names a place (an existing id, or a new place with its name and coordinates) and one control
record, optionally with a verbatim `excerpt` from its first source. The merge is all or nothing: one run
reports every problem of every row (dates, factions, sources, certainty, coordinates), each by its own row
and column, and nothing is written while any remains. Rows already in the data are skipped, so importing
the same file twice changes nothing.
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
    "excerpt",
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
    refitted: bool = False  # the scaffold's whole-country framing was replaced by one around the places


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
    if row.get("excerpt") and record["sources"]:  # quoted from the first source, which must store its text
        record["excerpts"] = [{"source": record["sources"][0], "text": row["excerpt"]}]
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
        self.first_row: dict[str, int] = {}  # the row that created (or first touched) each place
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

    def drop_empty_new_places(self) -> None:
        """Remove new places no row could give a record to, so the trial dataset does not blame them."""
        empty = {pid for pid in self.report.new_places if not self.features[pid]["properties"]["control"]}
        self.doc["features"] = [f for f in self.doc.get("features", []) if f["id"] not in empty]
        self.report.new_places = [pid for pid in self.report.new_places if pid not in empty]
        for pid in empty:
            del self.features[pid]

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
        self.first_row.setdefault(feature["id"], row_number)
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
    """Merge the rows into `folder`'s places.geojson: all or nothing (ImportError_ lists every problem).

    Rows that are well formed are merged into a trial copy and the whole dataset validated there, even when
    other rows are not, so that one run reports everything; a row that is not well formed is checked
    against factions.json and sources.json on its own, so its every problem shows too."""
    merge = _Merge(read_json(folder / "places.geojson"))
    known = _Known.of(folder)
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        where = f"row {number}"
        record = _record(row)
        before = len(merge.problems)
        _check_record(record, where, merge.problems)
        if len(merge.problems) > before:
            known.check(record, where, merge.problems)
        feature = merge.place_for(row, where)
        if feature is not None and not any(p.startswith(where + ",") for p in merge.problems):
            merge.add(feature, record, number)
    merge.drop_empty_new_places()  # places whose every row failed: their rows already say why
    files = {"places.geojson": places_bytes(merge.doc)}
    if merge.report.added or merge.report.new_places:
        try:
            write_validated(folder, files, dry_run=True)
        except GeodataError as exc:
            merge.problems += [_by_row(p, merge) for p in exc.problems]
    if merge.problems:
        raise ImportError_(sorted(dict.fromkeys(merge.problems), key=_row_order))
    if not dry_run and merge.report.added:
        write_validated(folder, files)
        from .scaffold import refit_default_framing

        merge.report.refitted = refit_default_framing(folder)
    return merge.report


@dataclass(frozen=True)
class _Known:
    """The faction and source ids a row may name (and each source's publisher), for rows the trial
    dataset cannot take because they are malformed."""

    factions: frozenset[str]
    origins: dict[str, str]

    @classmethod
    def of(cls, folder: Path) -> _Known:
        factions = read_json(folder / "factions.json").get("factions", [])
        sources = read_json(folder / "sources.json").get("sources", [])
        return cls(
            frozenset(str(f.get("id")) for f in factions if isinstance(f, dict)),
            {
                str(s.get("id")): str(s.get("original_publisher") or s.get("publisher") or "").strip().casefold()
                for s in sources
                if isinstance(s, dict)
            },
        )

    def check(self, record: dict[str, Any], where: str, problems: list[str]) -> None:
        """Unknown factions and sources, and 'confirmed' resting on one publisher."""
        names = ", ".join(sorted(self.factions))
        for column in ("controller", "besieged_by", "shared_with", "admitted_by"):
            value = record.get(column) or []
            for faction in [value] if isinstance(value, str) else value:
                if faction and faction not in self.factions:
                    problems.append(
                        f"{where}, column {column}: expected a faction id from factions.json ({names})"
                        f", found {faction!r}"
                    )
        unknown = [s for s in record.get("sources", []) if s not in self.origins]
        for source in unknown:
            problems.append(f"{where}, column sources: expected a source id from sources.json, found {source!r}")
        origins = {self.origins[s] for s in record.get("sources", []) if s in self.origins}
        if record.get("certainty") == "confirmed" and not record.get("admitted_by") and len(origins) < 2:
            problems.append(
                f"{where}, column certainty: expected 'confirmed' only with sources from two different publishers "
                "or an admitted_by (otherwise 'reported' or 'disputed')"
            )


def _row_order(problem: str) -> tuple[int, str]:
    """Problems in sheet order: by row number, then as written."""
    head = problem.split(",", 1)[0].split(" (", 1)[0]
    number = head.removeprefix("row ")
    return (int(number), problem) if number.isdigit() else (0, problem)


#: Validator fields (after `properties.control[i].`, or of the place) and the sheet column they come from.
_FIELD_COLUMNS = {
    "geometry.coordinates": "lon/lat",
    "geometry": "lon/lat",
    "properties.coord_source": "coord_source",
    "properties.note": "place_note",
    "properties.name": "name",
    "properties.kind": "kind",
    "properties.rank": "rank",
}


def _by_row(problem: Problem, merge: _Merge) -> str:
    """The validator's problem as the spreadsheet row and column it came from, when there is one."""
    text = f"expected {problem.expected}" + (f", found {problem.found}" if problem.found is not None else "")
    feature = merge.features.get(problem.feature or "")
    field_ = problem.field or ""
    if feature is not None and field_.startswith("properties.control["):
        index_text, _, rest = field_.removeprefix("properties.control[").partition("].")
        control = feature["properties"]["control"]
        if index_text.isdigit() and int(index_text) < len(control):
            number = merge.rows.get((feature["id"], control[int(index_text)].get("date", "")))
            if number is not None:
                column = rest.split("[", 1)[0].split(".", 1)[0].replace("excerpts", "excerpt")
                return f"row {number}, column {column} (place {feature['id']!r}): {text}"
    if feature is not None and feature["id"] in merge.first_row:
        column = _FIELD_COLUMNS.get(field_, field_.removeprefix("properties."))
        return f"row {merge.first_row[feature['id']]}, column {column} (place {feature['id']!r}): {text}"
    return str(problem)


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
                excerpt=data["excerpts"][0]["text"] if data.get("excerpts") else "",
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
