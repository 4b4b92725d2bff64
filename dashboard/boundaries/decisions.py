"""Border decisions as data: the declarative checks a profile file's `checks` and `border_decisions` are made of.

A profile's `border_decisions` is copied into PROVENANCE.json as written (its texts say what was decided and why),
except for objects carrying one of these keys, which the build replaces:

  {"$check": TYPE, ...}   what the check measures (a number, a list, a record); a failed expectation fails the build
  {"$ref": NAME}          the value of an earlier check given "as": NAME
  {"$format": TEXT}       TEXT with each {NAME} replaced by such a value (str.format: write literal braces twice)

`checks` is a list of $check objects run first, before the decisions; their values are not recorded.

A geometry is named "XX@10m" or "XX@50m": the Natural Earth admin-0 polygon (world-atlas countries-10m/50m, within the
neighbours box) of the country with ISO 3166-1 alpha-2 code XX, which may be the country being built.

Check types (parameters in brackets are optional; every numeric check takes [decimals], every check [as]):
  area                km2 of `of`, [and] intersected with another geometry, [minus] another one, within [box]
                      [x0, y0, x1, y1]
  area_removed        area(`of`) - area(`of` minus `minus`): what subtracting `minus` takes away, in km2
  overlap             km2 of `of` intersected with `with`; fails when over `max_km2`
  border_length       km of the border `of` and `with` share, measured in [crs] (default: the equal-area CRS)
  border_coordinates  `stat` (min, max or range = [min, max]) of the `axis` (lon or lat) of the vertices of the border
                      `of` and `with` share, leaving out those whose longitude lies within [outside_lon] [a, b]
  geometry_type       fails unless `of` is a valid geometry of type `type` (Polygon, MultiPolygon); gives the type
  point               where the point `name` at `lon`, `lat` (from `source`) falls: 10m and 50m admin-0, NE admin-1,
                      output division. [expect], one or a list, fails the build unless each holds: "XX@10m" or
                      "XX@50m" = in that country's polygon and no other's; "outline" = inside the outline;
                      "division:ID" = in that division and no other
  division_ids        the output division ids, sorted
  missing_divisions   those of `ids` that are not output divisions, sorted
  equal_area_crs      the equal-area CRS every area is measured in
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from dataclasses import dataclass

import geopandas as gpd
import shapely
from shapely.geometry import Point, box
from shapely.geometry.base import BaseGeometry

from .constants import EQUAL_AREA
from .countries import ISO_3166_1
from .errors import BuildError
from .geometry import admin1_at, area_km2, in_division, one, which

__all__ = ["CHECK_TYPES", "Context", "run_decisions", "validate_decisions"]

GEOMETRY = re.compile(r"([A-Z]{2})@(10m|50m)")
DIRECTIVES = ("$check", "$ref", "$format")


@dataclass
class Context:
    """What the checks may look at."""

    iso2: str
    numeric: str
    c10: gpd.GeoDataFrame  # 10m countries in the neighbours box, repaired and on the grid
    c50: gpd.GeoDataFrame  # 50m countries in the neighbours box, repaired and on the grid
    outline: BaseGeometry
    admin1: list[dict]  # NE admin-1 features of every country whose polygon meets the neighbours box
    divisions: dict[str, BaseGeometry]  # output division geometries by id


class CheckFailed(Exception):
    """A check's expectation does not hold (reported with the profile file and the check's place in it)."""


# ---------------------------------------------------------------- parameter checks (when the profile file is read)


def _geometry_name(value) -> str | None:
    m = GEOMETRY.fullmatch(value) if isinstance(value, str) else None
    if m is None:
        return "a geometry name like 'EG@10m' (ISO 3166-1 alpha-2 code @ 10m or 50m)"
    return None if m.group(1) in ISO_3166_1 else "a geometry name whose code is an ISO 3166-1 alpha-2 code"


def _expectation(value) -> str | None:
    for e in value if isinstance(value, list) else [value]:
        if not isinstance(e, str):
            return "a string or a list of strings"
        if e != "outline" and not (e.startswith("division:") and len(e) > 9) and _geometry_name(e):
            return "'outline', 'division:ID' or 'XX@10m'/'XX@50m', or a list of those"
    return None


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _numbers(n: int) -> Callable[[object], str | None]:
    def check(value) -> str | None:
        ok = isinstance(value, list) and len(value) == n and all(_is_number(v) for v in value)
        return None if ok else f"a list of {n} numbers"

    return check


def _one_of(*choices: str) -> Callable[[object], str | None]:
    return lambda value: None if value in choices else f"one of {', '.join(choices)}"


def _text(value) -> str | None:
    return None if isinstance(value, str) and value else "a non-empty string"


PARAMETERS: dict[str, Callable[[object], str | None]] = {
    "of": _geometry_name,
    "with": _geometry_name,
    "and": _geometry_name,
    "minus": _geometry_name,
    "box": _numbers(4),
    "outside_lon": _numbers(2),
    "max_km2": lambda v: None if _is_number(v) and v >= 0 else "a number >= 0",
    "decimals": lambda v: None if isinstance(v, int) and not isinstance(v, bool) and v >= 0 else "an integer >= 0",
    "crs": _text,
    "axis": _one_of("lon", "lat"),
    "stat": _one_of("min", "max", "range"),
    "name": _text,
    "source": _text,
    "as": _text,
    "lon": lambda v: None if _is_number(v) and -180 <= v <= 180 else "a longitude",
    "lat": lambda v: None if _is_number(v) and -90 <= v <= 90 else "a latitude",
    "ids": lambda v: None if isinstance(v, list) and all(isinstance(x, str) for x in v) else "a list of strings",
    "expect": _expectation,
    "type": _one_of("Polygon", "MultiPolygon"),
}
"""What each parameter must be: None if the value is acceptable, else what it should be."""


# ---------------------------------------------------------------- the checks


def _rounded(value, spec: dict):
    if "decimals" not in spec:
        return value
    if isinstance(value, list):
        return [round(v, spec["decimals"]) for v in value]
    return round(value, spec["decimals"])


def _area(ev: _Evaluator, spec: dict) -> float:
    geom = ev.geometry(spec["of"])
    if "and" in spec:
        geom = geom.intersection(ev.geometry(spec["and"]))
    if "minus" in spec:
        geom = geom.difference(ev.geometry(spec["minus"]))
    if "box" in spec:
        geom = geom.intersection(box(*spec["box"]))
    return _rounded(area_km2(geom), spec)


def _area_removed(ev: _Evaluator, spec: dict) -> float:
    geom = ev.geometry(spec["of"])
    return _rounded(area_km2(geom) - area_km2(geom.difference(ev.geometry(spec["minus"]))), spec)


def _overlap(ev: _Evaluator, spec: dict) -> float:
    overlap = area_km2(ev.geometry(spec["of"]).intersection(ev.geometry(spec["with"])))
    if overlap > spec["max_km2"]:
        raise CheckFailed(
            f"{spec['of']} overlaps {spec['with']} by {overlap:.2f} km2, more than {spec['max_km2']:g} km2: "
            "the border decisions must be revisited"
        )
    return _rounded(overlap, spec)


def _shared_border(ev: _Evaluator, spec: dict) -> BaseGeometry:
    return ev.geometry(spec["of"]).boundary.intersection(ev.geometry(spec["with"]).boundary)


def _border_length(ev: _Evaluator, spec: dict) -> float:
    shared = _shared_border(ev, spec)
    metres = float(gpd.GeoSeries([shared], crs="EPSG:4326").to_crs(spec.get("crs", EQUAL_AREA)).length.iloc[0])
    return _rounded(metres / 1000, spec)


def _border_coordinates(ev: _Evaluator, spec: dict) -> float | list[float]:
    xy = shapely.get_coordinates(_shared_border(ev, spec))
    if "outside_lon" in spec:
        lo, hi = spec["outside_lon"]
        xy = xy[(xy[:, 0] < lo) | (xy[:, 0] > hi)]
    if len(xy) == 0:
        raise CheckFailed(f"{spec['of']} and {spec['with']} share no border vertices")
    values = xy[:, 0 if spec["axis"] == "lon" else 1]
    low, high = float(values.min()), float(values.max())
    return _rounded({"min": low, "max": high, "range": [low, high]}[spec["stat"]], spec)


def _geometry_type(ev: _Evaluator, spec: dict) -> str:
    geom = ev.geometry(spec["of"])
    if not geom.is_valid or geom.geom_type != spec["type"]:
        raise CheckFailed(f"{spec['of']} is not a valid {spec['type']} ({geom.geom_type})")
    return geom.geom_type


def _point(ev: _Evaluator, spec: dict) -> dict:
    ctx, pt = ev.context, Point(spec["lon"], spec["lat"])
    record = {
        "point": spec["name"],
        "lon": spec["lon"],
        "lat": spec["lat"],
        "source": spec["source"],
        "admin0_10m": which(ctx.c10, pt),
        "admin0_50m": which(ctx.c50, pt),
        "ne_admin1": admin1_at(ctx.admin1, pt),
        "division": in_division(ctx.divisions, pt),
    }
    expect = spec.get("expect", [])
    for e in expect if isinstance(expect, list) else [expect]:
        if e == "outline":
            if not ctx.outline.contains(pt):
                raise CheckFailed(f"{spec['name']} is outside the outline, expected inside")
        elif e.startswith("division:"):
            if record["division"] != [e.removeprefix("division:")]:
                raise CheckFailed(f"{spec['name']} falls in divisions {record['division']}, expected {e}")
        else:
            res = e.split("@")[1]
            if record[f"admin0_{res}"] != [ev.country_name(e)]:
                raise CheckFailed(
                    f"{spec['name']} is in {record[f'admin0_{res}']} at {res}, expected {e} ({ev.country_name(e)})"
                )
    return record


@dataclass(frozen=True)
class CheckType:
    """A check: the function that runs it, its required and optional parameters (besides `as`)."""

    run: Callable[[_Evaluator, dict], object]
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()


CHECK_TYPES: dict[str, CheckType] = {
    "area": CheckType(_area, ("of",), ("and", "minus", "box", "decimals")),
    "area_removed": CheckType(_area_removed, ("of", "minus"), ("decimals",)),
    "overlap": CheckType(_overlap, ("of", "with", "max_km2"), ("decimals",)),
    "border_length": CheckType(_border_length, ("of", "with"), ("crs", "decimals")),
    "border_coordinates": CheckType(_border_coordinates, ("of", "with", "axis", "stat"), ("outside_lon", "decimals")),
    "geometry_type": CheckType(_geometry_type, ("of", "type")),
    "point": CheckType(_point, ("name", "lon", "lat", "source"), ("expect",)),
    "division_ids": CheckType(lambda ev, spec: sorted(ev.context.divisions), ()),
    "missing_divisions": CheckType(lambda ev, spec: sorted(set(spec["ids"]) - set(ev.context.divisions)), ("ids",)),
    "equal_area_crs": CheckType(lambda ev, spec: EQUAL_AREA, ()),
}
"""The check vocabulary of profile files, by the name their "$check" key gives."""


# ---------------------------------------------------------------- walking a profile's decisions


class _Evaluator:
    """Walks `checks` and `border_decisions`: without a context it only checks them (when the file is read)."""

    def __init__(self, label: str, context: Context | None) -> None:
        self.label, self.context = label, context
        self.values: dict[str, object] = {}
        self.geometries: dict[str, tuple[BaseGeometry, str]] = {}

    def fail(self, where: str, message: str) -> BuildError:
        return BuildError(f"{self.label}: {where}: {message}")

    def country(self, name: str) -> tuple[BaseGeometry, str]:
        """The geometry and world-atlas name of "XX@10m" / "XX@50m"."""
        if name not in self.geometries:
            iso2, res = name.split("@")
            numeric = ISO_3166_1[iso2][1]
            df = self.context.c10 if res == "10m" else self.context.c50
            geom = one(df, df["id"] == numeric, f"{iso2} (id {numeric}) in countries-{res} within the neighbours box")
            self.geometries[name] = (geom, str(df[df["id"] == numeric]["name"].iloc[0]))
        return self.geometries[name]

    def geometry(self, name: str) -> BaseGeometry:
        """The geometry of "XX@10m" / "XX@50m"."""
        return self.country(name)[0]

    def country_name(self, name: str) -> str:
        """World-atlas' name of the country of "XX@10m" / "XX@50m"."""
        return self.country(name)[1]

    def node(self, value, where: str):
        """The value with its checks, references and formats replaced (or only checked, without a context)."""
        if isinstance(value, list):
            return [self.node(v, f"{where}[{i}]") for i, v in enumerate(value)]
        if not isinstance(value, dict):
            return value
        directives = [k for k in value if k.startswith("$")]
        if not directives:
            return {k: self.node(v, f"{where}.{k}") for k, v in value.items()}
        if directives[0] not in DIRECTIVES:
            raise self.fail(where, f"unknown key {directives[0]!r} (known: {', '.join(DIRECTIVES)})")
        if directives[0] == "$check":
            return self.check(value, where)
        if len(value) != 1:
            raise self.fail(where, f"{directives[0]} takes no other keys, found {sorted(value)}")
        if directives[0] == "$ref":
            return self.reference(value["$ref"], where, "$ref")
        return self.format(value["$format"], where)

    def reference(self, name, where: str, directive: str):
        """The value of the check named `name` by its "as"."""
        if not isinstance(name, str) or name not in self.values:
            raise self.fail(where, f'{directive}: {name!r} names no earlier check (give one "as": {name!r})')
        return self.values[name]

    def format(self, text, where: str) -> str:
        """The text with {NAME} replaced by the values of the checks named so."""
        if not isinstance(text, str):
            raise self.fail(where, "$format takes a string")
        try:
            names = [f for _, f, _, _ in string.Formatter().parse(text) if f is not None]
        except ValueError as exc:
            raise self.fail(where, f"$format: {exc} (write literal braces twice)") from None
        for name in names:
            self.reference(name, where, "$format")
        return text.format_map(self.values) if self.context is not None else text

    def check(self, spec: dict, where: str):
        """Check the parameters of a $check object and, with a context, run it."""
        kind = spec["$check"]
        if kind not in CHECK_TYPES:
            raise self.fail(where, f"unknown check type {kind!r} (known: {', '.join(CHECK_TYPES)})")
        ct = CHECK_TYPES[kind]
        where = f"{where} ({kind} check)"
        missing = [p for p in ct.required if p not in spec]
        unknown = sorted(set(spec) - {"$check", "as", *ct.required, *ct.optional})
        if missing or unknown:
            raise self.fail(where, f"missing parameters {missing}" if missing else f"unknown parameters {unknown}")
        for param, value in spec.items():
            wrong = PARAMETERS[param](value) if param in PARAMETERS else None
            if wrong:
                raise self.fail(where, f"{param} must be {wrong}, not {value!r}")
        value = None
        if self.context is not None:
            try:
                value = ct.run(self, spec)
            except (CheckFailed, BuildError) as exc:
                raise self.fail(where, f"failed: {exc}") from None
        if "as" in spec:
            if spec["as"] in self.values:
                raise self.fail(where, f"the name {spec['as']!r} is given twice")
            self.values[spec["as"]] = value
        return value

    def walk(self, checks: list, decisions: dict) -> dict:
        """Run (or only check) `checks`, then evaluate `border_decisions`."""
        for i, spec in enumerate(checks):
            if not (isinstance(spec, dict) and "$check" in spec):
                raise self.fail(f"checks[{i}]", 'each check is an object with a "$check" key')
            self.check(spec, f"checks[{i}]")
        return {k: self.node(v, f"border_decisions.{k}") for k, v in decisions.items()}


def validate_decisions(checks: list, decisions: dict, label: str) -> None:
    """Check a profile's checks and decisions without running them: known check types, parameters, names.
    Raises BuildError naming `label` (the profile file) and the place in it."""
    _Evaluator(label, None).walk(checks, decisions)


def run_decisions(checks: list, decisions: dict, label: str, context: Context) -> dict:
    """Run a profile's checks, then its decisions: the `border_decisions` record for PROVENANCE.json.
    Raises BuildError naming `label` (the profile file) and the check when one fails."""
    return _Evaluator(label, context).walk(checks, decisions)
