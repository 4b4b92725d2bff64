"""Pydantic's validation errors in the words of `geodata/README.md`: "expected ..., found ...".

Every message names what was expected in plain words, so a person editing the data by hand can act on
it without knowing pydantic.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from .errors import Problem, short_repr

#: pydantic's names for union members and validators, skipped when a location is written out.
_UNION_TAGS = {"float", "int", "str", "bool", "none", "dict[str,any]", "PointGeometry"}

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
    "none_required": "null",
}


def format_location(prefix: str, loc: tuple[Any, ...]) -> str:
    """`properties.control[2].date` from pydantic's location tuple."""
    text = prefix
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif part in _UNION_TAGS or "[" in part or part.startswith("function-"):
            continue
        else:
            text += f".{part}" if text else str(part)
    return text


def expected_words(err: dict[str, Any]) -> str:
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
    if kind in ("greater_than", "less_than_equal"):
        return (
            f"a number {'above ' + str(ctx.get('gt')) if kind == 'greater_than' else 'at most ' + str(ctx.get('le'))}"
        )
    if kind == "value_error":
        return str(ctx.get("error") or err["msg"]).removeprefix("Value error, ")
    if kind in _TYPE_WORDS:
        return _TYPE_WORDS[kind]
    return err["msg"][0].lower() + err["msg"][1:]


def problems_from(exc: ValidationError, file: str, feature: str | None, prefix: str = "") -> list[Problem]:
    """One problem per distinct location (a union reports once per member type; the first says enough)."""
    problems, reported = [], set()
    for err in exc.errors():
        path = format_location(prefix, err["loc"])
        if path in reported:
            continue
        reported.add(path)
        found = None if err["type"] == "missing" else short_repr(err.get("input"))
        problems.append(Problem(file, feature, path, expected_words(err), found))
    return problems
