"""The reviewed layout of `places.geojson`: one control record per line, everything else indented.

A control change is then one line of diff in a pull request (see `geodata/README.md`). The output is
the same JSON document, so `json.loads(format_places(doc)) == doc`, and formatting is idempotent.
"""

from __future__ import annotations

import json
from typing import Any

INDENT = "  "


def format_places(doc: dict) -> str:
    """The places FeatureCollection as text: 2-space indentation, each control record compact on one line."""
    return _encode(doc, 0, ()) + "\n"


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _encode(value: Any, level: int, path: tuple[str, ...]) -> str:
    """`value` laid out at indentation `level`; `path` holds the enclosing object keys (list items skipped)."""
    if path and path[-1] == "geometry":  # a point is read as one thing: {"type": "Point", "coordinates": [...]}
        return _compact(value)
    inner = INDENT * (level + 1)
    closing = INDENT * level
    if isinstance(value, dict) and value:
        lines = [
            f"{inner}{_compact(str(key))}: {_encode(item, level + 1, (*path, str(key)))}" for key, item in value.items()
        ]
        return "{\n" + ",\n".join(lines) + "\n" + closing + "}"
    if isinstance(value, list) and value:
        # Control records are the unit of review: a whole record on one line.
        one_line = path[-2:] == ("properties", "control")
        lines = [inner + (_compact(item) if one_line else _encode(item, level + 1, path)) for item in value]
        return "[\n" + ",\n".join(lines) + "\n" + closing + "]"
    return _compact(value)
