"""An archive of drawn control maps, merged into a dataset's `drawn/<series>.geojson` files.

Each input file (or each date in a date column) is one day's map. A day's polygons are dissolved per
controller into one shape, clipped to the country outline, and stored only when it differs from the
series' previous shape. The merge is all or nothing: every problem in every file is listed, one line
each naming the file, and nothing is written while any remains. Days already stored are replaced by
the same shape, so importing the same files twice changes nothing.

Repairs (see `core.drawn.repaired`): a ring that touches itself or crosses itself in a tiny loop is
repaired with make_valid and reported; a shape whose repair is ambiguous (a bow-tie) is refused.
A shape partly outside the outline is clipped and the km² cut off reported; one entirely outside is
refused.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry

from ..core.drawn import (
    SERIES_PATTERN,
    DrawnShape,
    Notice,
    RepairRefused,
    canonical,
    decode_series,
    feature_of,
    parse_series,
    polygonal,
    repaired,
    same_shape,
)
from ..core.drawn_rules import CONFIRMED_RULE, OUTLINE_SLACK_DEG, km2, series_file
from ..core.errors import GeodataError, Problem
from ..core.fields import CERTAINTIES
from ..core.geojson_format import format_places
from ..core.geometry import Projection, projection_for
from ..core.io.loader import load_dataset
from ..core.model import Dataset
from .file_dates import date_from_name, date_value, name_pattern
from .files import write_validated
from .vector_files import Layer, UnreadableFile, read_layers, vector_files

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ImportOptions:
    """The command line's choices: who holds the land, where its date is, what cites it."""

    controller: str
    sources: tuple[str, ...]
    certainty: str = "reported"
    date_pattern: str | None = None
    date_field: str | None = None
    controller_field: str | None = None
    series: str | None = None


@dataclass
class SeriesReport:
    """What an import did to one series."""

    series: str
    days_read: int = 0
    days_stored: int = 0
    days_unchanged: int = 0
    first: tuple[date, float] | None = None
    last: tuple[date, float] | None = None


@dataclass
class ImportReport:
    """What an import read and stored, and what it repaired or clipped on the way."""

    files: int
    series: list[SeriesReport] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------- reading


@dataclass
class _Collected:
    """Polygons read so far, keyed by (controller, day), with the files they came from."""

    pieces: dict[tuple[str, date], list[BaseGeometry]] = field(default_factory=dict)
    files: dict[tuple[str, date], set[str]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)

    def add(self, path: Path, feature: str | None, fld: str | None, expected: str, found: str | None = None) -> None:
        self.problems.append(Problem(str(path), feature, fld, expected, found))


class _Rules:
    """What each row is checked against: the dataset's ids, period and outline, and the options."""

    def __init__(self, dataset: Dataset, options: ImportOptions):
        self.dataset, self.options = dataset, options
        self.outline = dataset.outline
        shapely.prepare(self.outline)

    def controller(self, row: dict[str, Any]) -> str:
        """The row's controller: its controller field when filled, else --controller."""
        field_name = self.options.controller_field
        value = row.get(field_name) if field_name else None
        controller = str(value).strip() if isinstance(value, str) and value.strip() else self.options.controller
        if controller not in self.dataset.factions:
            known = ", ".join(sorted(self.dataset.factions))
            expected = f"a faction id from factions.json ({known})"
            raise RowProblem(field_name or "--controller", expected, repr(controller))
        return controller

    def day(self, row: dict[str, Any], file_day: date | None) -> date:
        """The row's date: the file's (from its name), or its date field's, within the period."""
        if self.options.date_field is None:
            assert file_day is not None
            return file_day
        value = row.get(self.options.date_field)
        try:
            day = date_value(value)
        except ValueError as exc:
            expected, _, found = str(exc).partition(", found ")
            raise RowProblem(self.options.date_field, expected, found or repr(value)) from None
        if not self.dataset.in_period(day):
            expected = f"a date from {self.dataset.baseline} to {self.dataset.end}"
            raise RowProblem(self.options.date_field, expected, str(day))
        return day


class RowProblem(ValueError):
    """What is wrong with one row's attributes: the field, what was expected and what was found."""

    def __init__(self, fld: str, expected: str, found: str):
        super().__init__(expected)
        self.field, self.expected, self.found = fld, expected, found


def _read_file(path: Path, rules: _Rules, collected: _Collected) -> None:
    """Every polygon of one file into `collected`, or its problems."""
    file_day = None
    if rules.options.date_pattern is not None:
        try:
            file_day = date_from_name(path.name, rules.options.date_pattern)
        except ValueError as exc:
            collected.add(path, None, "file name", str(exc), repr(path.name))
            return
        if not rules.dataset.in_period(file_day):
            period = f"{rules.dataset.baseline} to {rules.dataset.end}"
            collected.add(path, None, "file name", f"a date in the dataset's period ({period})", str(file_day))
            return
    try:
        layers = read_layers(path)
    except UnreadableFile as exc:
        collected.add(path, None, None, exc.expected, exc.found)
        return
    if rules.options.date_field is not None and not any(rules.options.date_field in layer.frame for layer in layers):
        columns = sorted({c for layer in layers for c in layer.frame.columns if c != "geometry"})
        collected.add(path, None, rules.options.date_field, "a date column of this name", f"columns {columns}")
        return
    for layer in layers:
        _read_layer(path, layer, file_day, rules, collected)


def _read_layer(path: Path, layer: Layer, file_day: date | None, rules: _Rules, collected: _Collected) -> None:
    frame = layer.frame
    columns = [c for c in frame.columns if c != frame.geometry.name]
    records = frame[columns].to_dict("records") if columns else [{} for _ in range(len(frame))]
    for index, (row, geom) in enumerate(zip(records, frame.geometry.array, strict=True)):
        label = _row_label(layer, row, index)
        try:
            controller, day = rules.controller(row), rules.day(row, file_day)
        except RowProblem as exc:
            collected.add(path, label, exc.field, exc.expected, exc.found)
            continue
        shape = _polygon_of(path, label, geom, rules, collected)
        if shape is not None:
            collected.pieces.setdefault((controller, day), []).append(shape)
            collected.files.setdefault((controller, day), set()).add(path.name)


def _row_label(layer: Layer, row: dict[str, Any], index: int) -> str:
    name = row.get("Name") or row.get("name")
    label = f"{name} (#{index})" if isinstance(name, str) and name.strip() else f"#{index}"
    return f"layer {layer.name}: {label}" if layer.name else label


def _polygon_of(path: Path, label: str, geom: Any, rules: _Rules, collected: _Collected) -> BaseGeometry | None:
    """The row's polygon (2D, valid, touching the country), or None with a problem recorded."""
    if geom is None or geom.is_empty:
        collected.add(path, label, "geometry", "a Polygon or MultiPolygon", "no geometry")
        return None
    geom = shapely.force_2d(geom)
    kinds = {part.geom_type for part in shapely.get_parts(geom)}
    if not kinds <= {"Polygon", "MultiPolygon"}:
        collected.add(path, label, "geometry", "a Polygon or MultiPolygon", " and ".join(sorted(kinds)))
        return None
    geom = polygonal(geom)
    try:
        geom, repair = repaired(geom)
    except RepairRefused as exc:
        expected = "a valid polygon, or one make_valid can repair without changing its area"
        collected.add(path, label, "geometry", expected, exc.reason)
        return None
    if repair:
        collected.notices.append(Notice(str(path), label, "geometry", repair))
    if not rules.outline.intersects(geom):
        country = rules.dataset.manifest.country.name
        bounds = ", ".join(f"{v:.2f}" for v in geom.bounds)
        found = f"one entirely outside it (bounds {bounds})"
        collected.add(path, label, "geometry", f"a shape inside {country}'s outline", found)
        return None
    return geom


# ---------------------------------------------------------------------------------------------- merging


def _series_of(controller: str, options: ImportOptions) -> str:
    return options.series or re.sub(r"[^a-z0-9-]+", "-", controller.lower()).strip("-")


def _dissolved(
    key: tuple[str, date], pieces: list[BaseGeometry], outline: BaseGeometry, slack: BaseGeometry, report: Callable
) -> BaseGeometry:
    """One day's polygons of one controller as one shape inside the outline; the km² clipped reported."""
    shape = pieces[0] if len(pieces) == 1 else polygonal(shapely.union_all(pieces))
    if slack.contains(shape):
        return shape
    clipped = polygonal(shapely.intersection(shape, outline))
    report(key, shape, clipped)
    return clipped


def _existing(dataset: Dataset, series: str, problems: list[Problem]) -> list[DrawnShape]:
    path = dataset.directory / series_file(series)
    if not path.is_file():
        return []

    def add(file: str, feature: str | None, fld: str | None, expected: str, found: str | None) -> None:
        problems.append(Problem(file, feature, fld, expected, found))

    try:
        doc = decode_series(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        problems.append(Problem(str(path), None, None, "a readable GeoJSON file", str(exc)[:80]))
        return []
    return parse_series(str(path), series, doc, add)[0]


def merged(existing: list[DrawnShape], imported: list[DrawnShape]) -> tuple[list[DrawnShape], int]:
    """The series with the imported days set, and how many imported days equalled the day before.

    An imported day equal to the series' previous shape is not stored (and removes a different shape
    stored on that date: the archive says the land did not change). Otherwise it replaces what is
    stored on its date. Running this twice with the same days gives the same series.
    """
    by_date = {item.date: item for item in existing}
    unchanged = 0
    for item in sorted(imported, key=lambda s: s.date):
        earlier = [d for d in by_date if d < item.date]
        previous = by_date[max(earlier)] if earlier else None
        if previous is not None and same_shape(previous.geometry, item.geometry):
            by_date.pop(item.date, None)
            unchanged += 1
            continue
        by_date[item.date] = item
    return [by_date[d] for d in sorted(by_date)], unchanged


def series_bytes(shapes: list[DrawnShape]) -> bytes:
    """A series file in the project's GeoJSON layout."""
    doc = {"type": "FeatureCollection", "features": [feature_of(item) for item in shapes]}
    return format_places(doc).encode("utf-8")


# ---------------------------------------------------------------------------------------------- import


def import_areas(
    folder: Path,
    paths: list[Path],
    options: ImportOptions,
    progress: Progress | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Read every file, check everything, then write the merged series; GeodataError lists all problems."""
    dataset = load_dataset(folder)
    problems = _option_problems(dataset, options)
    files, missing = vector_files(paths)
    problems += [Problem(str(path), None, None, expected) for path, expected in missing]
    if not files and not missing:
        problems.append(Problem(", ".join(map(str, paths)), None, None, "at least one vector file (see --help)"))
    if problems:
        raise GeodataError(problems)
    rules, collected = _Rules(dataset, options), _Collected()
    for done, path in enumerate(files, start=1):
        _read_file(path, rules, collected)
        if progress:
            progress(done, len(files))
    controllers = {controller for controller, _ in collected.pieces}
    if options.series and len(controllers) > 1:
        found = ", ".join(sorted(controllers))
        collected.problems.append(Problem("the command line", None, "--series", "one controller per series", found))
    if collected.problems:
        raise GeodataError(collected.problems)
    report = ImportReport(files=len(files), notices=list(collected.notices))
    outputs = _merge_all(dataset, options, collected, report)
    if outputs:
        try:
            write_validated(Path(folder), outputs, dry_run=dry_run)
        except GeodataError as exc:  # e.g. the new shapes overlap another controller's series
            raise GeodataError([_in_folder(p, Path(folder)) for p in exc.problems]) from None
    return report


def _in_folder(problem: Problem, folder: Path) -> Problem:
    """A problem found in the trial copy, naming the file in the real dataset folder instead."""
    marker = f"/{folder.name}/"
    at = problem.file.find(marker)
    file = str(folder / problem.file[at + len(marker) :]) if at >= 0 else problem.file
    return Problem(file, problem.feature, problem.field, problem.expected, problem.found)


def _option_problems(dataset: Dataset, options: ImportOptions) -> list[Problem]:
    problems = []

    def bad(option: str, expected: str, found: str) -> None:
        problems.append(Problem("the command line", None, option, expected, found))

    if options.controller not in dataset.factions:
        bad(
            "--controller",
            f"a faction id from factions.json ({', '.join(sorted(dataset.factions))})",
            repr(options.controller),
        )
    for source in options.sources:
        if source not in dataset.sources:
            bad("--source", "a source id from sources.json (add it with conflict-map add-source)", repr(source))
    origins = {dataset.sources[s].origin for s in options.sources if s in dataset.sources}
    if options.certainty == "confirmed" and len(origins) < 2:
        bad("--certainty", CONFIRMED_RULE + ": give --source twice", f"'confirmed' resting on {len(origins)} publisher")
    if options.certainty not in CERTAINTIES:
        bad("--certainty", f"one of {', '.join(CERTAINTIES)}", repr(options.certainty))
    if options.series is not None and not re.match(SERIES_PATTERN, options.series):
        bad("--series", "a series id of a-z, 0-9 and '-'", repr(options.series))
    if (options.date_pattern is None) == (options.date_field is None):
        bad("--date-from-name/--date-field", "exactly one of the two", "both" if options.date_pattern else "neither")
    if options.date_pattern is not None:
        try:
            name_pattern(options.date_pattern)
        except ValueError as exc:
            bad("--date-from-name", str(exc), repr(options.date_pattern))
    return problems


def _merge_all(
    dataset: Dataset, options: ImportOptions, collected: _Collected, report: ImportReport
) -> dict[str, bytes]:
    projection = projection_for(dataset.outline)
    slack = dataset.outline.buffer(OUTLINE_SLACK_DEG, quad_segs=2)
    shapely.prepare(slack)

    def clipped(key: tuple[str, date], shape: BaseGeometry, inside: BaseGeometry) -> None:
        lost = km2(shape, projection) - km2(inside, projection)
        where = ", ".join(sorted(collected.files[key]))
        what = f"clipped to the country outline ({lost:,.2f} km² outside) on {key[1]}"
        collected.notices.append(Notice(where, None, None, what))

    by_series: dict[str, list[DrawnShape]] = {}
    for key in sorted(collected.pieces, key=lambda k: (k[1], k[0])):
        controller, day = key
        shape = _dissolved(key, collected.pieces[key], dataset.outline, slack, clipped)
        series = _series_of(controller, options)
        item = DrawnShape(
            series=series,
            controller=controller,
            date=day,
            geometry=canonical(shape),
            certainty=options.certainty,
            sources=tuple(options.sources),
            contested=False,
            note=None,
            imported_from=", ".join(sorted(collected.files[key])),
        )
        by_series.setdefault(series, []).append(item)
    report.notices = list(collected.notices)
    problems: list[Problem] = []
    outputs = {}
    for series, imported in sorted(by_series.items()):
        existing = _existing(dataset, series, problems)
        shapes, unchanged = merged(existing, imported)
        stored = _changed_days(existing, shapes)
        report.series.append(_series_report(series, imported, stored, unchanged, projection))
        if stored or len(shapes) != len(existing):
            outputs[series_file(series)] = series_bytes(shapes)
    if problems:
        raise GeodataError(problems)
    return outputs


def _changed_days(existing: list[DrawnShape], shapes: list[DrawnShape]) -> int:
    """How many stored days are new or different from what the file held."""
    before = {item.date: item for item in existing}

    def same(old: DrawnShape | None, new: DrawnShape) -> bool:
        if old is None:
            return False
        return dataclasses.replace(old, geometry=None) == dataclasses.replace(new, geometry=None) and same_shape(
            old.geometry, new.geometry
        )

    return sum(1 for item in shapes if not same(before.get(item.date), item))


def _series_report(
    series: str, imported: list[DrawnShape], stored: int, unchanged: int, projection: Projection
) -> SeriesReport:
    first, last = imported[0], imported[-1]
    return SeriesReport(
        series=series,
        days_read=len(imported),
        days_stored=stored,
        days_unchanged=unchanged,
        first=(first.date, km2(first.geometry, projection)),
        last=(last.date, km2(last.geometry, projection)),
    )
