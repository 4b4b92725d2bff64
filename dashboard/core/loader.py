"""Load `geodata/` and check every rule at once, so an editor fixes all problems in one pass.

Each problem names the file, the feature id, the field and what was expected (see `errors.Problem`).
Loading never raises anything but `GeodataError` for bad data: a traceback would mean a bug here.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import shapely
from pydantic import BaseModel, ValidationError
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry

from .errors import GeodataError, Problem, short_repr
from .model import DatasetMetadata, Faction, Place, PlaceFeature, Source

PLACES_FILE = "places.geojson"
FACTIONS_FILE = "factions.json"
SOURCES_FILE = "sources.json"
OUTLINE_FILE = "boundaries/syria.geojson"
GOVERNORATES_FILE = "boundaries/governorates.geojson"
NEIGHBOURS_FILE = "boundaries/neighbours.geojson"

#: Largest file the loader reads. The bundled places file is ~100 KB; 10 MB leaves room for
#: thousands of places while refusing a mistaken multi-gigabyte file before it exhausts memory.
MAX_FILE_BYTES = 10 * 1024 * 1024

#: Points may sit this far (degrees, ~1 km) outside the simplified outline: border towns such as
#: Kobani lie a few hundred metres outside Natural Earth's generalised line.
OUTLINE_TOLERANCE_DEG = 0.01


@dataclass(frozen=True)
class Dataset:
    """Everything loaded from one geodata folder, validated and ready for the core functions."""

    directory: Path
    metadata: DatasetMetadata
    factions: dict[str, Faction]
    sources: dict[str, Source]
    source_texts: dict[str, str]
    places: tuple[Place, ...]
    outline: BaseGeometry
    governorates: list[dict[str, Any]] = field(default_factory=list)
    neighbours: list[dict[str, Any]] = field(default_factory=list)
    fingerprint: str = ""

    def place(self, place_id: str) -> Place:
        """The place with this id; KeyError if there is none."""
        for place in self.places:
            if place.id == place_id:
                return place
        raise KeyError(place_id)

    def period(self) -> list[date]:
        """Every day from the baseline to the end of the dataset, the slider's range."""
        first, last = self.metadata.baseline_date, self.metadata.end_date
        return [first + timedelta(days=i) for i in range((last - first).days + 1)]


class _Reader:
    """Reads files relative to the geodata folder, collecting problems instead of raising."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.problems: list[Problem] = []
        self.digest = hashlib.sha256()

    def label(self, name: str) -> str:
        return str(self.directory / name)

    def add(self, name: str, feature: str | None, fld: str | None, expected: str, found: str | None = None):
        self.problems.append(Problem(self.label(name), feature, fld, expected, found))

    def read_text(self, name: str, required: bool = True) -> str | None:
        path = self.directory / name
        if not path.is_file():
            if required:
                self.add(name, None, None, "this file to exist")
            return None
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            self.add(name, None, None, f"a file of at most {_size_words(MAX_FILE_BYTES)}", _size_words(size))
            return None
        raw = path.read_bytes()
        self.digest.update(name.encode() + b"\0" + raw)
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            self.add(name, None, None, "UTF-8 text", f"an undecodable byte at offset {exc.start}")
            return None

    def read_json(self, name: str, required: bool = True) -> Any:
        text = self.read_text(name, required)
        if text is None:
            return None
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            self.add(name, None, f"line {exc.lineno}, column {exc.colno}", "valid JSON", f"a syntax error ({exc.msg})")
            return None

    def pydantic_problems(self, name: str, feature: str | None, prefix: str, exc: ValidationError) -> None:
        reported = set()
        for err in exc.errors():
            path = _format_loc(prefix, err["loc"])
            if path in reported:  # a union reports once per member type; the first says enough
                continue
            reported.add(path)
            found = None if err["type"] == "missing" else short_repr(err.get("input"))
            self.add(name, feature, path, _expected_from_error(err), found)


def _size_words(size: int) -> str:
    """'10 MB' or '1,000 bytes': sizes as a person reads them."""
    return f"{size / 2**20:.3g} MB" if size >= 2**20 else f"{size:,} bytes"


def _format_loc(prefix: str, loc: tuple[Any, ...]) -> str:
    text = prefix
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif part in _UNION_TAGS or "[" in part:  # pydantic's names for union members and validators
            continue
        else:
            text += f".{part}" if text else str(part)
    return text


_UNION_TAGS = {"float", "int", "str", "bool"}

_TYPE_WORDS = {
    "string_type": "text (a JSON string)",
    "float_type": "a number",
    "int_type": "a whole number",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "an object",
    "model_type": "an object",
    "model_attributes_type": "an object",
    "date_type": "an ISO date YYYY-MM-DD",
}


def _expected_from_error(err: dict[str, Any]) -> str:
    """Turn a pydantic error into the words 'expected …' so messages read the same everywhere."""
    kind, ctx = err["type"], err.get("ctx") or {}
    if kind == "missing":
        return "this required field"
    if kind == "extra_forbidden":
        return "no field of this name (unknown field; see geodata/README.md)"
    if kind == "literal_error":
        return f"one of {ctx.get('expected')}"
    if kind == "string_pattern_mismatch":
        return f"text matching {ctx.get('pattern')}"
    if kind in ("too_short", "too_long"):
        return f"at least {ctx.get('min_length')} item(s)" if kind == "too_short" else "fewer items"
    if kind == "value_error":
        return str(ctx.get("error") or err["msg"]).removeprefix("Value error, ")
    if kind in _TYPE_WORDS:
        return _TYPE_WORDS[kind]
    return err["msg"][0].lower() + err["msg"][1:]


def _model_list(reader: _Reader, name: str, doc: Any, key: str, model: type[BaseModel]) -> list[Any]:
    """Parse `{"<key>": [...]}` into models, one problem list per bad item, named by its id."""
    if not isinstance(doc, dict) or not isinstance(doc.get(key), list):
        if doc is not None:
            reader.add(name, None, key, f'an object {{"{key}": [...]}}', short_repr(doc))
        return []
    items, seen = [], set()
    for index, raw in enumerate(doc[key]):
        label = raw.get("id") if isinstance(raw, dict) and isinstance(raw.get("id"), str) else f"#{index}"
        try:
            item = model.model_validate(raw)
        except ValidationError as exc:
            reader.pydantic_problems(name, label, "", exc)
            continue
        if item.id in seen:
            reader.add(name, label, "id", "a unique id", f"'{item.id}' used twice")
            continue
        seen.add(item.id)
        items.append(item)
    return items


def _load_outline(reader: _Reader) -> BaseGeometry | None:
    """Syria's outline: every feature a valid, non-empty polygon, each problem named by feature."""
    doc = reader.read_json(OUTLINE_FILE)
    if doc is None:
        return None
    if not isinstance(doc, dict) or not isinstance(doc.get("features"), list) or not doc["features"]:
        reader.add(OUTLINE_FILE, None, "features", "a GeoJSON FeatureCollection with at least one polygon feature")
        return None
    polygons = []
    for index, raw in enumerate(doc["features"]):
        label = f"#{index}"
        try:
            geom = shape(raw["geometry"])
        except (KeyError, TypeError, ValueError, AttributeError, IndexError, shapely.errors.GEOSException) as exc:
            reader.add(OUTLINE_FILE, label, "geometry", "a GeoJSON Polygon or MultiPolygon", short_repr(str(exc)))
            continue
        if geom.geom_type not in ("Polygon", "MultiPolygon") or geom.is_empty:
            reader.add(OUTLINE_FILE, label, "geometry", "a non-empty Polygon or MultiPolygon",
                       "an empty geometry" if geom.is_empty else geom.geom_type)
        elif not geom.is_valid:
            reader.add(OUTLINE_FILE, label, "geometry", "a valid polygon (no self-intersection)",
                       shapely.is_valid_reason(geom))
        else:
            polygons.append(geom)
    if len(polygons) != len(doc["features"]):
        return None
    return shapely.union_all(polygons)


def _optional_features(reader: _Reader, name: str) -> list[dict[str, Any]]:
    doc = reader.read_json(name, required=False)
    if doc is None:
        return []
    if not isinstance(doc, dict) or not isinstance(doc.get("features"), list):
        reader.add(name, None, "features", "a GeoJSON FeatureCollection")
        return []
    return doc["features"]


def _load_source_texts(reader: _Reader, sources: list[Source]) -> dict[str, str]:
    texts = {}
    for source in sources:
        if source.text_file:
            text = reader.read_text(source.text_file, required=False)
            if text is None and not (reader.directory / source.text_file).is_file():
                reader.add(SOURCES_FILE, source.id, "text_file", "a stored text file", source.text_file)
            elif text is not None:
                texts[source.id] = text
    return texts


def _parse_places(reader: _Reader, doc: Any) -> list[PlaceFeature]:
    if doc is None:
        return []
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        reader.add(PLACES_FILE, None, "type", "a GeoJSON FeatureCollection", short_repr(doc))
        return []
    raw_features = doc.get("features")
    if not isinstance(raw_features, list):
        reader.add(PLACES_FILE, None, "features", "a list of features", short_repr(raw_features))
        return []
    if not raw_features:
        reader.add(PLACES_FILE, None, "features", "at least one place (the dataset is empty)")
    features, seen = [], set()
    for index, raw in enumerate(raw_features):
        label = raw.get("id") if isinstance(raw, dict) and isinstance(raw.get("id"), str) else f"#{index}"
        try:
            feature = PlaceFeature.model_validate(raw)
        except ValidationError as exc:
            reader.pydantic_problems(PLACES_FILE, label, "", exc)
            continue
        if feature.id in seen:
            reader.add(PLACES_FILE, label, "id", "a unique place id", f"'{feature.id}' used twice")
            continue
        seen.add(feature.id)
        features.append(feature)
    return features


def _check_metadata(reader: _Reader, doc: Any) -> DatasetMetadata | None:
    if not isinstance(doc, dict):
        return None
    try:
        meta = DatasetMetadata.model_validate(doc.get("metadata"))
    except ValidationError as exc:
        reader.pydantic_problems(PLACES_FILE, None, "metadata", exc)
        return None
    if not meta.baseline_date < meta.start_date <= meta.end_date:
        reader.add(PLACES_FILE, None, "metadata", "baseline_date < start_date <= end_date")
        return None
    return meta


@dataclass
class _Refs:
    """What records may refer to: the ids and texts the cross-checks look up."""

    factions: dict[str, Faction]
    sources: dict[str, Source]
    texts: dict[str, str]
    meta: DatasetMetadata | None
    outline: BaseGeometry | None


def _check_place(reader: _Reader, feature: PlaceFeature, refs: _Refs) -> None:
    """The rules that need more than one record: references, dates, position."""
    add = lambda fld, expected, found=None: reader.add(PLACES_FILE, feature.id, fld, expected, found)  # noqa: E731
    previous: date | None = None
    for index, record in enumerate(feature.properties.control):
        at = f"properties.control[{index}]"
        if refs.meta:
            if index == 0 and record.date != refs.meta.baseline_date:
                add(f"{at}.date", f"the first record on the baseline date {refs.meta.baseline_date}", str(record.date))
            if not refs.meta.baseline_date <= record.date <= refs.meta.end_date:
                add(f"{at}.date", f"a date from {refs.meta.baseline_date} to {refs.meta.end_date}", str(record.date))
        if previous is not None and record.date == previous:
            add(f"{at}.date", "no two changes of one place on one date", f"{record.date} twice")
        elif previous is not None and record.date < previous:
            add(f"{at}.date", f"dates in increasing order (after {previous})", str(record.date))
        previous = record.date
        _check_references(add, at, record, refs)


def _check_references(add, at: str, record, refs: _Refs) -> None:
    known_factions = sorted(refs.factions)
    for fld, faction in [("controller", record.controller)] + [
        (f"shared_with[{i}]", f) for i, f in enumerate(record.shared_with)
    ] + [(f"alternatives[{i}].controller", a.controller) for i, a in enumerate(record.alternatives) if a.controller]:
        if faction not in refs.factions:
            add(f"{at}.{fld}", f"a faction id from factions.json ({', '.join(known_factions)})", repr(faction))
    cited = [(f"sources[{i}]", s) for i, s in enumerate(record.sources)]
    cited += [(f"alternatives[{i}].sources[{j}]", s) for i, a in enumerate(record.alternatives) for j, s in enumerate(a.sources)]
    for fld, source_id in cited:
        if source_id not in refs.sources:
            add(f"{at}.{fld}", "a source id from sources.json", repr(source_id))
    for i, excerpt in enumerate(record.excerpts):
        fld = f"{at}.excerpts[{i}]"
        if excerpt.source not in refs.sources:
            add(f"{fld}.source", "a source id from sources.json", repr(excerpt.source))
        elif excerpt.source not in refs.texts:
            add(f"{fld}.source", "a source with a stored text_file (excerpts must be checkable)", repr(excerpt.source))
        elif excerpt.text not in refs.texts[excerpt.source]:
            add(f"{fld}.text", f"a verbatim quotation from {refs.sources[excerpt.source].text_file}", short_repr(excerpt.text))


def _check_position(reader: _Reader, feature: PlaceFeature, outline: BaseGeometry, seen: dict) -> None:
    lon, lat = feature.geometry.coordinates[:2]
    key = (round(lon, 6), round(lat, 6))
    if key in seen:
        reader.add(PLACES_FILE, feature.id, "geometry.coordinates", "a position of its own", f"the same as '{seen[key]}'")
    seen[key] = feature.id
    if outline.dwithin(Point(lon, lat), OUTLINE_TOLERANCE_DEG):
        return
    found = f"[{lon}, {lat}]"
    if outline.dwithin(Point(lat, lon), OUTLINE_TOLERANCE_DEG):
        reader.add(PLACES_FILE, feature.id, "geometry.coordinates",
                   "[longitude, latitude] inside Syria's outline (these look swapped: latitude first)", found)
    else:
        reader.add(PLACES_FILE, feature.id, "geometry.coordinates", "[longitude, latitude] inside Syria's outline", found)


def load_dataset(directory: str | Path) -> Dataset:
    """Read and validate a geodata folder; raise `GeodataError` listing every problem found."""
    reader = _Reader(Path(directory))
    if not reader.directory.is_dir():
        raise GeodataError([Problem(str(directory), None, None, "a geodata folder (holding places.geojson)")])
    factions = {f.id: f for f in _model_list(reader, FACTIONS_FILE, reader.read_json(FACTIONS_FILE), "factions", Faction)}
    source_list = _model_list(reader, SOURCES_FILE, reader.read_json(SOURCES_FILE), "sources", Source)
    sources = {s.id: s for s in source_list}
    texts = _load_source_texts(reader, source_list)
    outline = _load_outline(reader)
    places_doc = reader.read_json(PLACES_FILE)
    meta = _check_metadata(reader, places_doc)
    features = _parse_places(reader, places_doc)
    refs = _Refs(factions, sources, texts, meta, outline)
    seen_positions: dict[tuple[float, float], str] = {}
    for feature in features:
        _check_place(reader, feature, refs)
        if outline is not None:
            _check_position(reader, feature, outline, seen_positions)
    governorates = _optional_features(reader, GOVERNORATES_FILE)
    neighbours = _optional_features(reader, NEIGHBOURS_FILE)
    if reader.problems or meta is None or outline is None:
        if not reader.problems:
            reader.add(PLACES_FILE, None, "metadata", "dataset metadata and an outline")
        raise GeodataError(reader.problems)
    return Dataset(
        directory=Path(directory),
        metadata=meta,
        factions=factions,
        sources=sources,
        source_texts=texts,
        places=tuple(Place.from_feature(f) for f in features),
        outline=outline,
        governorates=governorates,
        neighbours=neighbours,
        fingerprint=reader.digest.hexdigest(),
    )


def validate_dataset(directory: str | Path) -> list[Problem]:
    """Every problem in a geodata folder; an empty list means it is valid."""
    try:
        load_dataset(directory)
    except GeodataError as exc:
        return exc.problems
    return []
