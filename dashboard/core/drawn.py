"""Drawn territory: dated control polygons, one series per file in a dataset's `drawn/` folder.

Analysts keep control maps as drawn polygons whose shape changes from day to day. A *series* is one
such history (usually one controller's land): each feature is the series' shape from its date until the
next feature of the series, and `geometry: null` ends the claim. Only days on which the shape changed
are stored, so years of daily maps stay a reviewable file. See `geodata/README.md`, "Drawn territory".

This module holds the model and the per-file reading; the rules that need the rest of the dataset
(outline, factions, sources, overlaps between controllers) are in `drawn_rules.py`.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

import numpy as np
import shapely
from pydantic import Field, ValidationError
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from .errors import GeodataError, Problem
from .fields import CERTAINTIES, FactionId, IsoDate, SourceId, Strict
from .messages import problems_from

DRAWN_DIR = "drawn"
SERIES_PATTERN = r"^[a-z0-9-]+$"
#: Stored coordinates are rounded to 5 decimals of a degree (about 1 m), as every file we write.
COORD_DECIMALS = 5
GRID = 10**-COORD_DECIMALS
#: A repair is accepted (with a notice) when make_valid and buffer(0) agree on the area within this
#: fraction: the drawing then had one obvious meaning (a ring touching itself, a tiny loop where the
#: pen crossed its own line). When they disagree (a bow-tie, a ring folded over itself) the shape is
#: ambiguous and refused: guessing would move a front line.
REPAIR_AGREEMENT = 0.001

AddProblem = Callable[[str, str | None, str | None, str, str | None], None]


# ---------------------------------------------------------------------------------------------- records


class DrawnProperties(Strict):
    """The properties of one drawn feature (see geodata/README.md, Drawn territory)."""

    series: Annotated[str, Field(pattern=SERIES_PATTERN)]
    controller: FactionId
    date: IsoDate
    certainty: Literal[CERTAINTIES]  # type: ignore[valid-type]
    sources: Annotated[list[SourceId], Field(min_length=1)]
    contested: bool = False
    note: str | None = None
    imported_from: str | None = None


class DrawnFeatureHead(Strict):
    """A drawn feature without its geometry, which is read with Shapely (it can be megabytes)."""

    type: Literal["Feature"]
    id: str | None = None
    properties: DrawnProperties
    bbox: list[float] | None = None


@dataclass(frozen=True)
class DrawnShape:
    """One dated shape of a series: its land from `date` until the series' next shape."""

    series: str
    controller: str
    date: date
    geometry: BaseGeometry | None  # WGS84; None ends the series' claim from this date
    certainty: str
    sources: tuple[str, ...]
    contested: bool
    note: str | None
    imported_from: str | None = None

    @property
    def feature_id(self) -> str:
        """The id the importer gives the feature: `<series>-<date>`."""
        return f"{self.series}-{self.date.isoformat()}"


@dataclass(frozen=True)
class Notice:
    """Something the validator changed and accepted (a repair, a clip): reported, not an error."""

    file: str
    feature: str | None
    field: str | None
    what: str

    def __str__(self) -> str:
        where = [self.file] + ([f"feature '{self.feature}'"] if self.feature else []) + [self.field or ""]
        return ": ".join(w for w in where if w) + f": {self.what}"


def replace_file(notice: Notice, file: str) -> Notice:
    """The same notice, naming the file as `file` (the loader names files by their full path)."""
    return Notice(file, notice.feature, notice.field, notice.what)


@dataclass(frozen=True)
class DrawnLayer:
    """Every drawn shape of a dataset, sorted by (series, date), with fast lookup by day."""

    shapes: tuple[DrawnShape, ...] = ()
    notices: tuple[Notice, ...] = ()
    _by_series: dict[str, tuple[list[date], list[DrawnShape]]] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        ordered = tuple(sorted(self.shapes, key=lambda s: (s.series, s.date)))
        object.__setattr__(self, "shapes", ordered)
        index: dict[str, tuple[list[date], list[DrawnShape]]] = {}
        for item in ordered:
            dates, items = index.setdefault(item.series, ([], []))
            dates.append(item.date)
            items.append(item)
        object.__setattr__(self, "_by_series", index)

    def series(self) -> list[str]:
        """The series ids, sorted."""
        return sorted(self._by_series)

    def change_dates(self) -> list[date]:
        """Every date on which some series' shape changes (starts, moves or ends)."""
        return sorted({s.date for s in self.shapes})

    def active_on(self, day: date) -> list[DrawnShape]:
        """Each series' latest shape with date <= day, unless that shape ends the claim (geometry None)."""
        active = []
        for series in sorted(self._by_series):
            dates, items = self._by_series[series]
            at = bisect.bisect_right(dates, day)
            if at and items[at - 1].geometry is not None:
                active.append(items[at - 1])
        return active

    def is_empty(self) -> bool:
        """True when the dataset has no drawn shapes."""
        return not self.shapes


# ---------------------------------------------------------------------------------------------- geometry


def canonical(geom: BaseGeometry) -> BaseGeometry:
    """The stored form: on the 1 m grid, RFC 7946 winding (exterior rings counter-clockwise), normalised."""
    coords = shapely.get_coordinates(geom)
    on_grid = np.array_equal(np.round(coords, COORD_DECIMALS), coords)
    # Snapping is an overlay (milliseconds for a large shape): skip it for shapes read from our own files.
    snapped = geom if on_grid else shapely.set_precision(geom, GRID)
    # set_precision leaves values such as 36.123460000000001; rounding writes them as 36.12346.
    snapped = shapely.transform(snapped, lambda xy: np.round(xy, COORD_DECIMALS))
    # normalize() fixes where each ring starts and the order of parts, so the text of a file depends
    # only on the shape: storing a shape read back from the file gives the same bytes.
    return shapely.orient_polygons(shapely.normalize(snapped), exterior_cw=False)


def same_shape(first: BaseGeometry | None, second: BaseGeometry | None) -> bool:
    """True when two shapes are the same land on the 1 m grid, whatever their ring order and start."""
    if first is None or second is None:
        return first is None and second is None
    # Half a grid step: two drawings that round to the same stored coordinates are the same shape.
    return bool(shapely.equals_exact(shapely.normalize(first), shapely.normalize(second), tolerance=GRID / 2))


def polygonal(geom: BaseGeometry) -> BaseGeometry:
    """The polygon parts of a geometry (make_valid may return lines or points beside them)."""
    parts = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
    flat = [p for g in parts for p in shapely.get_parts(g)]
    return shapely.MultiPolygon(flat) if len(flat) != 1 else flat[0]


class RepairRefused(ValueError):
    """An invalid shape with no single obvious repair; `reason` is GEOS's description."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def repaired(geom: BaseGeometry) -> tuple[BaseGeometry, str | None]:
    """The shape, made valid when needed, and what was repaired (None when it was valid).

    Raises `RepairRefused` when the repair is ambiguous (see REPAIR_AGREEMENT).
    """
    if shapely.is_valid(geom):
        return geom, None
    reason = shapely.is_valid_reason(geom)
    fixed = polygonal(shapely.make_valid(geom))
    other = polygonal(geom.buffer(0))
    largest = max(fixed.area, other.area)
    if fixed.is_empty or largest == 0 or abs(fixed.area - other.area) > REPAIR_AGREEMENT * largest:
        raise RepairRefused(reason)
    return fixed, f"repaired with make_valid ({reason})"


def read_geometry(raw: Any) -> tuple[BaseGeometry | None, str | None]:
    """A drawn geometry from GeoJSON (or None for null) and the repair made, or ValueError saying why not."""
    if raw is None:
        return None, None
    try:
        geom = _fast_shape(raw)
    except (KeyError, TypeError, ValueError, IndexError, shapely.errors.GEOSException):
        geom = _checked_shape(raw)  # the slow path, for its message
    if geom.geom_type not in ("Polygon", "MultiPolygon") or geom.is_empty:
        found = "an empty geometry" if geom.is_empty else geom.geom_type
        raise ValueError(f"a non-empty Polygon or MultiPolygon (or null), found {found}")
    xy = shapely.get_coordinates(geom)
    if not (np.isfinite(xy).all() and (np.abs(xy[:, 0]) <= 180).all() and (np.abs(xy[:, 1]) <= 90).all()):
        raise ValueError("[longitude, latitude] positions within ±180 and ±90 (WGS84)")
    try:
        return repaired(geom)
    except RepairRefused as exc:
        raise ValueError(
            f"a valid polygon, or one make_valid can repair without changing its area, found {exc.reason}"
        ) from None


def _fast_shape(raw: Any) -> BaseGeometry:
    """A polygon built by GEOS from the file's text, or from numpy arrays: several times faster than
    `shape()` on shapes of 3,000 vertices."""
    kind = raw["type"]
    if kind not in ("Polygon", "MultiPolygon"):
        raise ValueError(kind)
    if isinstance(raw["coordinates"], CoordinatesText):
        geom = shapely.from_geojson(f'{{"type": "{kind}", "coordinates": {raw["coordinates"].text}}}')
        return shapely.force_2d(geom) if shapely.has_z(geom) else geom
    polygons = raw["coordinates"] if kind == "MultiPolygon" else [raw["coordinates"]]
    built = [_polygon(rings) for rings in polygons]
    return built[0] if kind == "Polygon" else shapely.MultiPolygon(built)


def _polygon(rings: list) -> BaseGeometry:
    arrays = [np.asarray(ring, dtype=float) for ring in rings]
    if not arrays or any(a.ndim != 2 or a.shape[1] not in (2, 3) for a in arrays):
        raise ValueError("not a list of rings")
    return shapely.Polygon(arrays[0][:, :2], [a[:, :2] for a in arrays[1:]])


def _checked_shape(raw: Any) -> BaseGeometry:
    try:
        if isinstance(raw.get("coordinates"), CoordinatesText):
            raw = {**raw, "coordinates": json.loads(raw["coordinates"].text)}
        return shape(raw)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError, shapely.errors.GEOSException) as exc:
        raise ValueError(f"a GeoJSON Polygon or MultiPolygon (or null), found {str(exc)[:60]!r}") from None


# ---------------------------------------------------------------------------------------------- files

#: A coordinates array: only numbers, brackets, commas and spaces (NaN or Infinity are left to `json`).
_COORDINATES = re.compile(r'"coordinates"\s*:\s*(\[[-+0-9.eE,\s\[\]]*\])')
_TOKEN = "@@coordinates:"


@dataclass(frozen=True)
class CoordinatesText:
    """A geometry's coordinates as written in the file, for GEOS to parse (see `decode_series`)."""

    text: str


def decode_series(text: str) -> Any:
    """A series file's JSON, with each geometry's coordinates left as text for GEOS to read.

    Python's json module spends most of a large series' load creating one float object per number;
    GEOS reads the same text straight into a geometry, several times faster. Errors are reported as
    `json.loads(text)` reports them (the same line and column).
    """
    texts: list[str] = []

    def hold(match: re.Match[str]) -> str:
        texts.append(match.group(1))
        return f'"coordinates": "{_TOKEN}{len(texts) - 1}"'

    try:
        doc = json.loads(_COORDINATES.sub(hold, text))
    except json.JSONDecodeError:
        return json.loads(text)  # raises with the position in the file as written
    for raw in doc.get("features", []) if isinstance(doc, dict) and isinstance(doc.get("features"), list) else []:
        geometry = raw.get("geometry") if isinstance(raw, dict) else None
        token = geometry.get("coordinates") if isinstance(geometry, dict) else None
        if isinstance(token, str) and token.startswith(_TOKEN):
            geometry["coordinates"] = CoordinatesText(texts[int(token.removeprefix(_TOKEN))])
    return _restored(doc, texts)


def _restored(value: Any, texts: list[str]) -> Any:
    """Any other "coordinates" member (not a feature's geometry) back as plain JSON."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "coordinates" and isinstance(item, str) and item.startswith(_TOKEN):
                value[key] = json.loads(texts[int(item.removeprefix(_TOKEN))])
            elif isinstance(item, dict | list):
                _restored(item, texts)
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict | list):
                _restored(item, texts)
    return value


def parse_series(label: str, series: str, doc: Any, add: AddProblem) -> tuple[list[DrawnShape], list[Notice]]:
    """The shapes of one `drawn/<series>.geojson` document; problems go to `add(file, feature, field, ...)`."""
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection" or not isinstance(doc.get("features"), list):
        add(label, None, "type", "a GeoJSON FeatureCollection with a list of features", None)
        return [], []
    if not re.match(SERIES_PATTERN, series):
        add(label, None, None, "a file name <series>.geojson with a series id of a-z, 0-9 and '-'", repr(series))
    shapes, notices, previous = [], [], None
    for index, raw in enumerate(doc["features"]):
        item = _parse_feature(label, index, raw, add, notices)
        if item is None:
            continue
        where = item.feature_id
        if item.series != series:
            add(label, where, "properties.series", f"'{series}' (the file's name)", repr(item.series))
        if previous is not None and item.date <= previous:
            add(label, where, "properties.date", f"dates strictly increasing (after {previous})", str(item.date))
        previous = item.date
        shapes.append(item)
    return shapes, notices


def _parse_feature(label: str, index: int, raw: Any, add: AddProblem, notices: list[Notice]) -> DrawnShape | None:
    feature = raw.get("id") if isinstance(raw, dict) and isinstance(raw.get("id"), str) else f"#{index}"
    head = {k: v for k, v in raw.items() if k != "geometry"} if isinstance(raw, dict) else raw
    try:
        parsed = DrawnFeatureHead.model_validate(head)
    except ValidationError as exc:
        for problem in problems_from(exc, label, feature):
            add(problem.file, problem.feature, problem.field, problem.expected, problem.found)
        return None
    props = parsed.properties
    feature = parsed.id or f"{props.series}-{props.date.isoformat()}"
    if "geometry" not in raw:
        add(label, feature, "geometry", "a geometry member (a Polygon, MultiPolygon or null)", None)
        return None
    try:
        geometry, repair = read_geometry(raw["geometry"])
    except ValueError as exc:
        add(label, feature, "geometry", str(exc), None)
        return None
    if repair:
        notices.append(Notice(label, feature, "geometry", repair))
    return DrawnShape(
        series=props.series,
        controller=props.controller,
        date=props.date,
        geometry=geometry,
        certainty=props.certainty,
        sources=tuple(props.sources),
        contested=props.contested,
        note=props.note,
        imported_from=props.imported_from,
    )


def read_drawn(folder: Path) -> DrawnLayer:
    """The drawn layer of a dataset folder, read file by file (no outline or id checks: see the loader).

    An empty layer when there is no `drawn/` folder; GeodataError listing every problem otherwise.
    """
    problems: list[Problem] = []

    def add(file: str, feature: str | None, fld: str | None, expected: str, found: str | None) -> None:
        problems.append(Problem(file, feature, fld, expected, found))

    shapes, notices = [], []
    for path in series_files(Path(folder)):
        try:
            doc = decode_series(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            add(str(path), None, None, "a readable GeoJSON file", str(exc)[:80])
            continue
        found, noted = parse_series(str(path), path.stem, doc, add)
        shapes += found
        notices += noted
    if problems:
        raise GeodataError(problems)
    return DrawnLayer(tuple(shapes), tuple(notices))


def series_files(folder: Path) -> list[Path]:
    """The series files of a dataset folder, sorted: `drawn/*.geojson`."""
    drawn = folder / DRAWN_DIR
    return sorted(drawn.glob("*.geojson")) if drawn.is_dir() else []


def feature_of(item: DrawnShape) -> dict[str, Any]:
    """The stored GeoJSON feature of a shape (coordinates on the 1 m grid, RFC 7946 winding)."""
    props: dict[str, Any] = {
        "series": item.series,
        "controller": item.controller,
        "date": item.date.isoformat(),
        "certainty": item.certainty,
        "sources": list(item.sources),
        "contested": item.contested,
    }
    if item.note:
        props["note"] = item.note
    if item.imported_from:
        props["imported_from"] = item.imported_from
    geometry = None if item.geometry is None else shapely.geometry.mapping(canonical(item.geometry))
    return {"type": "Feature", "id": item.feature_id, "geometry": geometry, "properties": props}
