"""The catalogue of bad inputs: each entry breaks one rule of a valid tiny dataset (tests/fixtures/mini).

Each case says which file it breaks, how, and what the problem must name: the feature, the field and
words of the expectation. Loader, CLI and app tests all run over this one list, so a regression in any
message fails a test.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

MINI = Path(__file__).parent / "fixtures" / "mini"


@dataclass(frozen=True)
class BadCase:
    name: str
    file: str
    mutate: Callable[[object], object] | None  # on the parsed JSON; None when `raw` replaces the bytes
    feature: str | None
    field: str | None
    expected: str
    raw: bytes | None = None


def feature(doc, place_id):
    return next(f for f in doc["features"] if f["id"] == place_id)


def _walk(doc, path: list):
    """Follow `path` into `doc`; a first key naming a place id selects that feature."""
    target = doc
    for position, key in enumerate(path):
        is_place = (
            position == 0 and isinstance(target, dict) and key in {f.get("id") for f in target.get("features", [])}
        )
        target = feature(target, key) if is_place else target[key]
    return target


def _set(path: list, value) -> Callable:
    def mutate(doc):
        _walk(doc, path[:-1])[path[-1]] = value
        return doc

    return mutate


def _del(path: list) -> Callable:
    def mutate(doc):
        del _walk(doc, path[:-1])[path[-1]]
        return doc

    return mutate


def _append_feature_copy(place_id: str) -> Callable:
    def mutate(doc):
        doc["features"].append(json.loads(json.dumps(feature(doc, place_id))))
        return doc

    return mutate


def _swap_dates(doc):
    control = feature(doc, "alpha")["properties"]["control"]
    control[1]["date"], control[2]["date"] = control[2]["date"], control[1]["date"]
    return doc


def _same_date(doc):
    control = feature(doc, "alpha")["properties"]["control"]
    control[2]["date"] = control[1]["date"]
    return doc


def _dup_list_item(key: str):
    def mutate(doc):
        doc[key].append(dict(doc[key][0]))
        return doc

    return mutate


C0 = ["alpha", "properties", "control", 0]
C2 = ["alpha", "properties", "control", 2]
P = "places.geojson"
A = "areas.geojson"
M = "dataset.json"
A0 = ["features", 0, "properties"]

CATALOGUE: list[BadCase] = [
    BadCase(
        "json_syntax_error", P, None, None, "line 2, column 1", "valid JSON", raw=b'{"type": "FeatureCollection",\n,\n}'
    ),
    BadCase("not_utf8", P, None, None, None, "UTF-8 text", raw='{"name": "Ḥamā"}'.encode("utf-16")),
    BadCase(
        "wrong_type_rank", P, _set(["alpha", "properties", "rank"], "1"), "alpha", "properties.rank", "one of 1, 2"
    ),
    BadCase(
        "wrong_type_coordinate",
        P,
        _set(["alpha", "geometry", "coordinates"], ["36.5", 34.5]),
        "alpha",
        "geometry.coordinates[0]",
        "a number",
    ),
    BadCase(
        "missing_name", P, _del(["alpha", "properties", "name"]), "alpha", "properties.name", "this required field"
    ),
    BadCase(
        "missing_sources", P, _del([*C0, "sources"]), "alpha", "properties.control[0].sources", "this required field"
    ),
    BadCase(
        "empty_sources", P, _set([*C0, "sources"], []), "alpha", "properties.control[0].sources", "at least 1 item"
    ),
    BadCase(
        "unknown_field", P, _set([*C0, "controler"], "GOV"), "alpha", "properties.control[0].controler", "unknown field"
    ),
    BadCase(
        "wrong_geometry_type",
        P,
        _set(["alpha", "geometry", "type"], "LineString"),
        "alpha",
        "geometry.type",
        "one of 'Point'",
    ),
    BadCase(
        "nan_coordinate",
        P,
        _set(["alpha", "geometry", "coordinates"], [float("nan"), 34.5]),
        "alpha",
        "geometry.coordinates",
        "finite numbers",
    ),
    BadCase(
        "outside_boundary",
        P,
        _set(["alpha", "geometry", "coordinates"], [40.0, 40.0]),
        "alpha",
        "geometry.coordinates",
        "inside Testland's outline",
    ),
    BadCase(
        "swapped_coordinates",
        P,
        _set(["alpha", "geometry", "coordinates"], [34.5, 36.5]),
        "alpha",
        "geometry.coordinates",
        "look swapped",
    ),
    BadCase(
        "same_position",
        P,
        _set(["beta", "geometry", "coordinates"], [36.5, 34.5]),
        "beta",
        "geometry.coordinates",
        "a position of its own",
    ),
    BadCase("duplicate_place_id", P, _append_feature_copy("beta"), "beta", "id", "a unique id"),
    BadCase(
        "unknown_faction",
        P,
        _set([*C2, "controller"], "XYZ"),
        "alpha",
        "properties.control[2].controller",
        "a faction id from factions.json",
    ),
    BadCase(
        "unknown_shared_with",
        P,
        _set(["delta", "properties", "control", 0, "shared_with"], ["NOPE"]),
        "delta",
        "properties.control[0].shared_with[0]",
        "a faction id",
    ),
    BadCase(
        "missing_source",
        P,
        _set([*C2, "sources"], ["W1", "NOPE"]),
        "alpha",
        "properties.control[2].sources[1]",
        "a source id from sources.json",
    ),
    BadCase(
        "excerpt_not_verbatim",
        P,
        _set([*C2, "excerpts"], [{"source": "W1", "text": "declared Alpha liberated"}]),
        "alpha",
        "properties.control[2].excerpts[0].text",
        "a verbatim quotation",
    ),
    BadCase(
        "excerpt_straight_quotes",
        P,
        _set([*C2, "excerpts"], [{"source": "W1", "text": 'declared Alpha "completely liberated."'}]),
        "alpha",
        "properties.control[2].excerpts[0].text",
        "a verbatim quotation",
    ),
    BadCase(
        "excerpt_source_without_text",
        P,
        _set([*C2, "excerpts"], [{"source": "N2", "text": "anything"}]),
        "alpha",
        "properties.control[2].excerpts[0].source",
        "a stored text_file",
    ),
    BadCase(
        "impossible_date",
        P,
        _set([*C2, "date"], "2024-12-32"),
        "alpha",
        "properties.control[2].date",
        "a real calendar date",
    ),
    BadCase(
        "non_iso_date",
        P,
        _set([*C2, "date"], "05/12/2024"),
        "alpha",
        "properties.control[2].date",
        "an ISO date YYYY-MM-DD",
    ),
    BadCase(
        "date_outside_period",
        P,
        _set([*C2, "date"], "2025-01-05"),
        "alpha",
        "properties.control[2].date",
        "a date from 2024-11-26 to 2024-12-12",
    ),
    BadCase(
        "first_record_not_baseline",
        P,
        _set([*C0, "date"], "2024-11-27"),
        "alpha",
        "properties.control[0].date",
        "the first record on the baseline date",
    ),
    BadCase("out_of_order_dates", P, _swap_dates, "alpha", "properties.control[2].date", "dates in increasing order"),
    BadCase(
        "two_changes_one_date",
        P,
        _same_date,
        "alpha",
        "properties.control[2].date",
        "no two changes of one place on one date",
    ),
    BadCase(
        "bad_status",
        P,
        _set([*C2, "status"], "captured"),
        "alpha",
        "properties.control[2].status",
        "one of 'held', 'contested'",
    ),
    BadCase("not_a_feature_collection", P, lambda doc: [doc], None, "type", "a GeoJSON FeatureCollection"),
    BadCase("bad_period", M, _set(["period", "end"], "2024-11-01"), None, "period", "baseline < start <= end"),
    BadCase(
        "javascript_url",
        "sources.json",
        lambda d: (d["sources"][0].__setitem__("url", "javascript:alert(1)"), d)[1],
        "W1",
        "url",
        "an http:// or https:// URL",
    ),
    BadCase("duplicate_source_id", "sources.json", _dup_list_item("sources"), "W1", "id", "a unique id"),
    BadCase(
        "source_text_missing",
        "sources.json",
        lambda d: (d["sources"][0].__setitem__("text_file", "sources/missing.txt"), d)[1],
        "W1",
        "text_file",
        "a stored text file",
    ),
    BadCase("duplicate_faction_id", "factions.json", _dup_list_item("factions"), "GOV", "id", "a unique id"),
    BadCase(
        "bad_colour",
        "factions.json",
        lambda d: (d["factions"][0].__setitem__("colour", "red"), d)[1],
        "GOV",
        "colour",
        "text matching",
    ),
    BadCase("outline_missing", "boundaries/outline.geojson", None, None, None, "this file to exist", raw=b""),
    BadCase(
        "outline_self_intersecting",
        "boundaries/outline.geojson",
        _set(["features", 0, "geometry", "coordinates"], [[[36, 33], [38, 35], [38, 33], [36, 35], [36, 33]]]),
        "#0",
        "geometry",
        "a valid polygon (no self-intersection)",
    ),
    BadCase(
        "outline_empty_geometry",
        "boundaries/outline.geojson",
        _set(["features", 0, "geometry"], {"type": "Polygon", "coordinates": []}),
        "#0",
        "geometry",
        "a non-empty Polygon or MultiPolygon",
    ),
    BadCase(
        "empty_point",
        P,
        _set(["alpha", "geometry", "coordinates"], []),
        "alpha",
        "geometry.coordinates",
        "[longitude, latitude]",
    ),
    BadCase(
        "ftp_url",
        "sources.json",
        lambda d: (d["sources"][1].__setitem__("url", "ftp://example.org/x"), d)[1],
        "N2",
        "url",
        "an http:// or https:// URL",
    ),
    BadCase(
        "html_in_colour",
        "factions.json",
        lambda d: (d["factions"][0].__setitem__("colour", '#fff" onmouseover="alert(1)'), d)[1],
        "GOV",
        "colour",
        "text matching",
    ),
]


CATALOGUE += [
    BadCase(
        "confirmed_on_one_publisher",
        P,
        _set([*C2, "sources"], ["W1"]),
        "alpha",
        "properties.control[2].certainty",
        "sources from two different publishers",
    ),
    BadCase(
        "besieged_without_besiegers",
        P,
        _set([*C0, "status"], "besieged"),
        "alpha",
        "properties.control[0].besieged_by",
        "the factions besieging the place",
    ),
    BadCase(
        "split_without_other_side",
        P,
        _set([*C0, "status"], "split"),
        "alpha",
        "properties.control[0].shared_with",
        "the factions holding the rest",
    ),
    BadCase(
        "admitted_by_the_winner",
        P,
        _set([*C2, "admitted_by"], "REB"),
        "alpha",
        "properties.control[2].admitted_by",
        "the losing side",
    ),
    BadCase(
        "unknown_besieger",
        P,
        _set(["zeta", "properties", "control", 0, "besieged_by"], ["NOPE"]),
        "zeta",
        "properties.control[0].besieged_by[0]",
        "a faction id",
    ),
    BadCase(
        "bad_date_precision",
        P,
        _set([*C2, "date_precision"], "about"),
        "alpha",
        "properties.control[2].date_precision",
        "one of 'day' or 'by'",
    ),
    BadCase(
        "null_geometry_without_note",
        P,
        _del(["zeta", "properties", "note"]),
        "zeta",
        "properties.note",
        "why the place has no coordinate",
    ),
    BadCase(
        "coordinate_without_source",
        P,
        _del(["alpha", "properties", "coord_source"]),
        "alpha",
        "properties.coord_source",
        "where the coordinate comes from",
    ),
    BadCase(
        "unknown_default_place",
        M,
        _set(["default_view", "place"], "nowhere"),
        None,
        "default_view.place",
        "the id of a place",
    ),
    BadCase(
        "unknown_default_framing",
        M,
        _set(["default_view", "framing"], "moon"),
        None,
        "default_view.framing",
        "one of the framings",
    ),
    BadCase(
        "default_date_outside",
        M,
        _set(["default_view", "date"], "2030-01-01"),
        None,
        "default_view.date",
        "a date from 2024-11-26 to 2024-12-12",
    ),
    BadCase("zero_reach", M, _set(["territory", "reach_km"], 0), None, "territory.reach_km", "a number above 0"),
    BadCase("manifest_typo", M, _set(["titel"], "x"), None, "titel", "unknown field"),
    BadCase("bad_bbox", M, _set(["framings", 0, "bbox"], [38, 33, 36, 35]), None, "framings[0].bbox", "west < east"),
    BadCase(
        "circle_without_radius",
        A,
        _del([*A0, "radius_km"]),
        "kur-pocket",
        "properties.radius_km",
        "the circle's radius",
    ),
    BadCase(
        "area_unknown_division",
        A,
        lambda d: (
            d["features"][0].__setitem__("geometry", None),
            d["features"][0]["properties"].pop("radius_km"),
            d["features"][0]["properties"].__setitem__("division", "XX-1"),
            d,
        )[-1],
        "kur-pocket",
        "properties.division",
        "a division id",
    ),
    BadCase(
        "area_id_used_by_place", A, _set(["features", 0, "id"], "alpha"), "alpha", "id", "an id not used by a place"
    ),
    BadCase(
        "area_outside_outline",
        A,
        _set(["features", 0, "geometry", "coordinates"], [10.0, 10.0]),
        "kur-pocket",
        "geometry",
        "overlaps the outline",
    ),
    BadCase(
        "area_bad_kind", A, _set([*A0, "kind"], "blob"), "kur-pocket", "properties.kind", "one of 'zone' or 'region'"
    ),
    BadCase(
        "area_record_unknown_faction",
        A,
        _set([*A0, "control", 0, "controller"], "XYZ"),
        "kur-pocket",
        "properties.control[0].controller",
        "a faction id",
    ),
]


def make_bad_copy(case: BadCase, tmp: Path) -> Path:
    """A copy of the mini dataset in `tmp` with `case` applied; returns the folder."""
    target = tmp / case.name
    shutil.copytree(MINI, target)
    path = target / case.file
    if case.name == "outline_missing":
        path.unlink()
    elif case.raw is not None:
        path.write_bytes(case.raw)
    else:
        doc = json.loads(path.read_text(encoding="utf-8"))
        path.write_text(json.dumps(case.mutate(doc), ensure_ascii=False), encoding="utf-8")
    return target
