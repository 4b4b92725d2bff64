"""Read one dataset folder and check every rule at once, so an editor fixes all problems in one pass.

This is the only module that reads files. Each problem names the file, the feature id, the field and
what was expected (see `errors.Problem`). Loading never raises anything but `GeodataError` for bad data:
a traceback would mean a bug here.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import shapely
from pydantic import BaseModel, ValidationError
from shapely.geometry.base import BaseGeometry

from .. import validate
from ..collector import collector_paused
from ..drawn import DrawnLayer, decode_series, parse_series, replace_file, series_files
from ..errors import GeodataError, Problem, short_repr
from ..geometry import GeometryProblem, read_polygon
from ..messages import problems_from
from ..model import AreaFeature, Dataset, Faction, Manifest, Place, PlaceFeature, Source

MANIFEST_FILE = "dataset.json"
PLACES_FILE = "places.geojson"
AREAS_FILE = "areas.geojson"
FACTIONS_FILE = "factions.json"
SOURCES_FILE = "sources.json"
OUTLINE_FILE = "boundaries/outline.geojson"
DIVISIONS_FILE = "boundaries/divisions.geojson"
NEIGHBOURS_FILE = "boundaries/neighbours.geojson"

#: Largest file the loader reads. The bundled places files are ~100 KB; 10 MB leaves room for
#: thousands of places while refusing a mistaken multi-gigabyte file before it exhausts memory.
MAX_FILE_BYTES = 10 * 1024 * 1024
#: Drawn series hold years of daily shapes: 750 changed days of 3,000 vertices are about 50 MB.
MAX_DRAWN_FILE_BYTES = 200 * 1024 * 1024


class _Reader:
    """Reads files relative to the dataset folder, collecting problems instead of raising."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.problems: list[Problem] = []
        self.digest = hashlib.sha256()

    def label(self, name: str) -> str:
        return str(self.directory / name)

    def add(self, name: str, feature: str | None, fld: str | None, expected: str, found: str | None = None) -> None:
        self.problems.append(Problem(self.label(name), feature, fld, expected, found))

    def read_text(self, name: str, required: bool = True, limit: int | None = None) -> str | None:
        limit = MAX_FILE_BYTES if limit is None else limit
        path = self.directory / name
        if not path.is_file():
            if required:
                self.add(name, None, None, "this file to exist")
            return None
        size = path.stat().st_size
        if size > limit:
            self.add(name, None, None, f"a file of at most {_size_words(limit)}", _size_words(size))
            return None
        raw = path.read_bytes()
        self.digest.update(name.encode() + b"\0" + raw)
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            self.add(name, None, None, "UTF-8 text", f"an undecodable byte at offset {exc.start}")
            return None

    def read_json(
        self, name: str, required: bool = True, limit: int | None = None, decode: Callable[[str], Any] = json.loads
    ) -> Any:
        text = self.read_text(name, required, limit)
        if text is None:
            return None
        try:
            return decode(text)
        except json.JSONDecodeError as exc:
            self.add(name, None, f"line {exc.lineno}, column {exc.colno}", "valid JSON", f"a syntax error ({exc.msg})")
            return None

    def validated(self, name: str, feature: str | None, model: type[BaseModel], raw: Any, prefix: str = "") -> Any:
        """`raw` parsed as `model`, or None with its problems recorded."""
        try:
            return model.model_validate(raw)
        except ValidationError as exc:
            self.problems.extend(problems_from(exc, self.label(name), feature, prefix))
            return None


def _size_words(size: int) -> str:
    """'10 MB' or '1,000 bytes': sizes as a person reads them."""
    return f"{size / 2**20:.3g} MB" if size >= 2**20 else f"{size:,} bytes"


def _item_label(raw: Any, index: int) -> str:
    return raw.get("id") if isinstance(raw, dict) and isinstance(raw.get("id"), str) else f"#{index}"


#: What the last load of each file made of its items, by each item's JSON text: a reload after an edit
#: validates again only the items whose text changed (most of a second at ten thousand places). Models are
#: frozen and validating one is a function of its item alone, so a reused model is the one validating gives.
_MADE: OrderedDict[tuple[str, str], dict[str, BaseModel]] = OrderedDict()
_MADE_FILES_KEPT = 32
_MADE_LOCK = threading.Lock()
#: The item's text as a key: unlike the parsed values, it tells 1 from 1.0 and from true.
_ITEM_TEXT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False).encode


def _validated_items(reader: _Reader, name: str, raws: list[Any], model: type[BaseModel]) -> list[Any]:
    """Each item parsed as `model`, named by its id in problems; a repeated id is a problem."""
    file = (str(reader.directory.resolve()), name)
    with _MADE_LOCK:
        before = _MADE.get(file, {})
    made: dict[str, BaseModel] = {}
    items, seen = [], set()
    for index, raw in enumerate(raws):
        label = _item_label(raw, index)
        text = _ITEM_TEXT(raw)
        item = before.get(text)
        if not isinstance(item, model):
            item = reader.validated(name, label, model, raw)
        if item is None:
            continue
        made[text] = item
        if item.id in seen:
            reader.add(name, label, "id", "a unique id", f"'{item.id}' used twice")
            continue
        seen.add(item.id)
        items.append(item)
    with _MADE_LOCK:
        _MADE[file] = made
        _MADE.move_to_end(file)
        while len(_MADE) > _MADE_FILES_KEPT:
            _MADE.popitem(last=False)
    return items


def _list_member(reader: _Reader, name: str, key: str, required: bool = True) -> list[Any]:
    """The list under `key` of a JSON object file (`{"sources": [...]}`), or [] with a problem."""
    doc = reader.read_json(name, required)
    if doc is None:
        return []
    if not isinstance(doc, dict) or not isinstance(doc.get(key), list):
        reader.add(name, None, key, f'an object {{"{key}": [...]}}', short_repr(doc))
        return []
    return doc[key]


def _features(reader: _Reader, name: str, required: bool = True, need_items: bool = False) -> list[Any] | None:
    """The features of a GeoJSON FeatureCollection file; None when absent or unusable."""
    doc = reader.read_json(name, required)
    if doc is None:
        return None
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        reader.add(name, None, "type", "a GeoJSON FeatureCollection", short_repr(doc))
        return None
    raw_features = doc.get("features")
    if not isinstance(raw_features, list):
        reader.add(name, None, "features", "a list of features", short_repr(raw_features))
        return None
    if need_items and not raw_features:
        reader.add(name, None, "features", "at least one feature")
    return raw_features


def _load_outline(reader: _Reader) -> BaseGeometry | None:
    """The country's outline: every feature a valid, non-empty polygon, each problem named by feature."""
    features = _features(reader, OUTLINE_FILE, need_items=True)
    if not features:
        return None
    polygons = []
    for index, raw in enumerate(features):
        try:
            polygons.append(read_polygon(raw.get("geometry") if isinstance(raw, dict) else None))
        except GeometryProblem as exc:
            reader.add(OUTLINE_FILE, f"#{index}", "geometry", exc.expected, exc.found)
    if len(polygons) != len(features):
        return None
    return shapely.union_all(polygons)


def _load_source_texts(reader: _Reader, sources: list[Source]) -> dict[str, str]:
    texts = {}
    for source in sources:
        if not source.text_file:
            continue
        if not (reader.directory / source.text_file).is_file():
            reader.add(SOURCES_FILE, source.id, "text_file", "a stored text file", source.text_file)
            continue
        text = reader.read_text(source.text_file, required=False)
        if text is not None:
            texts[source.id] = text
    return texts


def _load_drawn(reader: _Reader) -> DrawnLayer:
    """Every `drawn/<series>.geojson`, parsed file by file; the cross-file rules run in `drawn_rules`."""
    shapes, notices = [], []
    for path in series_files(reader.directory):
        name = path.relative_to(reader.directory).as_posix()
        doc = reader.read_json(name, limit=MAX_DRAWN_FILE_BYTES, decode=decode_series)
        if doc is not None:
            found, noted = parse_series(name, path.stem, doc, reader.add)
            shapes += found
            notices += noted
    return DrawnLayer(tuple(shapes), tuple(notices))


@collector_paused()
def load_dataset(directory: str | Path) -> Dataset:
    """Read and validate a dataset folder; raise `GeodataError` listing every problem found."""
    reader = _Reader(Path(directory))
    if not reader.directory.is_dir():
        raise GeodataError([Problem(str(directory), None, None, "a dataset folder (holding dataset.json)")])
    raw_manifest = reader.read_json(MANIFEST_FILE)
    manifest = reader.validated(MANIFEST_FILE, None, Manifest, raw_manifest) if raw_manifest is not None else None
    factions = {
        f.id: f
        for f in _validated_items(reader, FACTIONS_FILE, _list_member(reader, FACTIONS_FILE, "factions"), Faction)
    }
    source_list = _validated_items(reader, SOURCES_FILE, _list_member(reader, SOURCES_FILE, "sources"), Source)
    sources = {s.id: s for s in source_list}
    texts = _load_source_texts(reader, source_list)
    outline = _load_outline(reader)
    divisions = _features(reader, DIVISIONS_FILE, required=False) or []
    neighbours = _features(reader, NEIGHBOURS_FILE, required=False) or []
    raw_places = _features(reader, PLACES_FILE) or []
    place_features = _validated_items(reader, PLACES_FILE, raw_places, PlaceFeature)
    area_features = _validated_items(
        reader, AREAS_FILE, _features(reader, AREAS_FILE, required=False) or [], AreaFeature
    )
    context = validate.Context(reader.add, manifest, factions, sources, texts, outline, divisions)
    validate.check_manifest(context, {_item_label(raw, i) for i, raw in enumerate(raw_places)})
    validate.check_sources(context)
    validate.check_places(context, place_features)
    area_geometries = validate.check_areas(context, area_features, {f.id for f in place_features})
    validate.check_palette(context, place_features, area_features)
    drawn = validate.check_drawn(context, _load_drawn(reader))
    drawn = dataclasses.replace(drawn, notices=tuple(replace_file(n, reader.label(n.file)) for n in drawn.notices))
    if reader.problems or manifest is None or outline is None:
        if not reader.problems:
            reader.add(MANIFEST_FILE, None, None, "a manifest and an outline")
        raise GeodataError(reader.problems)
    return Dataset(
        id=reader.directory.resolve().name,
        directory=Path(directory),
        manifest=manifest,
        factions=factions,
        sources=sources,
        source_texts=texts,
        places=tuple(Place.from_feature(f) for f in place_features),
        areas=tuple(validate.area_from_feature(f, area_geometries[f.id]) for f in area_features),
        outline=outline,
        divisions=tuple(divisions),
        neighbours=tuple(neighbours),
        fingerprint=reader.digest.hexdigest(),
        drawn=drawn,
    )


def validate_dataset(directory: str | Path) -> list[Problem]:
    """Every problem in a dataset folder; an empty list means it is valid."""
    try:
        load_dataset(directory)
    except GeodataError as exc:
        return exc.problems
    return []
