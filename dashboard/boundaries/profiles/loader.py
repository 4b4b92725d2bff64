"""Reading a profile file (`profile.json` in the boundaries folder) into a Profile, checking every field on the way.

The file is a JSON object; every field is optional except `iso`:

  iso                 ISO 3166-1 alpha-2 code of the country (must be the one being built)
  about               free text for the reader of the file (not used by the build)
  name, name_ar       the country's display names in outline.geojson
  expected_divisions  how many divisions the build must find
  neighbour_box       [west, south, east, north] the neighbours are clipped to, instead of the margin rule
  id_fixes            {NE adm1_code: {"id": ISO 3166-2 code, "reason": text}}
  name_fixes          {NE adm1_code: {property: {"value": text, "reason": text}}}
  special             {division id: {"name", "name_ar", "note"}}: replaces NE's names (kept as *_ne)
  sort_last           division ids written after the others
  check_points        [{"name", "lon", "lat", "inside": true/false/null, "division" (optional), "source"}]
  checks              declarative checks run before the decisions (the vocabulary is in ../decisions.py)
  border_decisions    {topic: record}: copied into PROVENANCE.json, its checks replaced by what they measure
  readme_decisions    markdown under "Border decisions" in README.md: a string or a list of lines
  readme_notes        markdown after the divisions table: a string or a list of lines
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from dashboard.paths import PROJECT_ROOT

from ..countries import ISO_3166_1
from ..decisions import validate_decisions
from ..errors import BuildError
from .base import CheckPoint, Profile

__all__ = ["PROFILE_FILE", "find_profile", "load_profile", "shown_path"]

PROFILE_FILE = "profile.json"


class _Invalid(ValueError):
    """A field of the profile file is not what it must be (the message says what it must be)."""


def shown_path(path: Path) -> str:
    """The path as error messages show it: relative to the checkout when inside it, else as given."""
    try:
        return str(path.resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)


def _text(value) -> str:
    if not isinstance(value, str) or not value:
        raise _Invalid("must be a non-empty string")
    return value


def _markdown(value) -> str:
    if isinstance(value, list) and all(isinstance(line, str) for line in value):
        return "\n".join(value)
    if isinstance(value, str):
        return value
    raise _Invalid("must be a string or a list of lines")


def _object(value, fields: tuple[str, ...] | None = None, optional: tuple[str, ...] = ()) -> dict:
    if not isinstance(value, dict):
        raise _Invalid("must be an object")
    if fields is not None:
        missing = [k for k in fields if k not in value]
        unknown = sorted(set(value) - set(fields) - set(optional))
        if missing or unknown:
            raise _Invalid(f"lacks {missing}" if missing else f"has unknown keys {unknown}")
    return value


def _number(value) -> float:
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        raise _Invalid(f"must be a number, not {value!r}")
    return float(value)


def _box(value) -> tuple[float, float, float, float]:
    if not isinstance(value, list) or len(value) != 4:
        raise _Invalid("must be [west, south, east, north]")
    west, south, east, north = (_number(v) for v in value)
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        raise _Invalid("must be [west, south, east, north] with west < east and south < north")
    return west, south, east, north


def _id_fixes(value) -> dict[str, tuple[str, str]]:
    return {code: (_text(fix["id"]), _text(fix["reason"])) for code, fix in _objects(value, ("id", "reason")).items()}


def _name_fixes(value) -> dict[str, dict[str, tuple[str, str]]]:
    return {
        code: {
            prop: (_text(f["value"]), _text(f["reason"])) for prop, f in _objects(fixes, ("value", "reason")).items()
        }
        for code, fixes in _object(value).items()
    }


def _objects(value, fields: tuple[str, ...]) -> dict[str, dict]:
    return {k: _object(v, fields) for k, v in _object(value).items()}


def _special(value) -> dict[str, dict]:
    return {
        code: {k: _text(v) for k, v in p.items()} for code, p in _objects(value, ("name", "name_ar", "note")).items()
    }


def _check_point(value) -> CheckPoint:
    p = _object(value, ("name", "lon", "lat", "inside", "source"), ("division",))
    if p["inside"] not in (True, False, None):
        raise _Invalid("inside must be true, false or null")
    division = _text(p["division"]) if p.get("division") is not None else None
    return CheckPoint(_text(p["name"]), _number(p["lon"]), _number(p["lat"]), p["inside"], division, _text(p["source"]))


def _list(item: Callable) -> Callable:
    def parse(value) -> list:
        if not isinstance(value, list):
            raise _Invalid("must be a list")
        return [item(v) for v in value]

    return parse


def _count(value) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise _Invalid("must be a positive integer")
    return value


FIELDS: dict[str, Callable] = {
    "iso": _text,
    "about": _markdown,
    "name": _text,
    "name_ar": _text,
    "expected_divisions": _count,
    "neighbour_box": _box,
    "id_fixes": _id_fixes,
    "name_fixes": _name_fixes,
    "special": _special,
    "sort_last": lambda v: tuple(_list(_text)(v)),
    "check_points": _list(_check_point),
    "checks": _list(_object),
    "border_decisions": _object,
    "readme_decisions": _markdown,
    "readme_notes": _markdown,
}
"""Each field of a profile file and how it is read (raising _Invalid with what it must be)."""


def load_profile(path: Path, iso2: str | None = None) -> Profile:
    """The profile in the file at `path`, checked: its fields, its `iso` (which must be `iso2` if given), and the
    check types and parameters of its decisions. Raises BuildError naming the file and the field."""
    label = shown_path(path)
    data = path.read_bytes()
    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BuildError(f"{label}: not a UTF-8 JSON file: {exc}") from None
    if not isinstance(doc, dict):
        raise BuildError(f"{label}: must hold a JSON object")
    unknown = sorted(set(doc) - set(FIELDS))
    if unknown:
        raise BuildError(f"{label}: unknown fields {unknown} (known: {', '.join(FIELDS)})")
    if "iso" not in doc:
        raise BuildError(f"{label}: lacks the field iso (the country's ISO 3166-1 alpha-2 code)")
    fields = {}
    for key, value in doc.items():
        try:
            fields[key] = FIELDS[key](value)
        except (_Invalid, KeyError, AttributeError) as exc:
            raise BuildError(f"{label}: {key}: {exc}") from None
    if fields["iso"] not in ISO_3166_1:
        raise BuildError(f"{label}: iso {fields['iso']!r} is not an ISO 3166-1 alpha-2 code")
    if iso2 is not None and fields["iso"] != iso2:
        raise BuildError(f"{label}: is the profile of {fields['iso']}, not of {iso2}: wrong --out folder?")
    fields.pop("about", None)
    profile = Profile(**fields, source=path, sha256=hashlib.sha256(data).hexdigest())
    validate_decisions(profile.checks, profile.border_decisions, label)
    return profile


def find_profile(folder: Path, iso2: str) -> Profile | None:
    """The profile in `folder`/profile.json (checked against `iso2`), or None if the folder has none."""
    path = Path(folder) / PROFILE_FILE
    return load_profile(path, iso2) if path.is_file() else None
