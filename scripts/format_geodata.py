"""Rewrite places.geojson in the reviewed layout (one control record per line), in place.

Usage: python scripts/format_geodata.py [GEODATA_DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from _bootstrap import DEFAULT_GEODATA

from dashboard.core.files import write_atomic
from dashboard.core.geojson_format import format_places


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("geodata", nargs="?", default=str(DEFAULT_GEODATA), help="folder holding places.geojson")
    args = parser.parse_args(argv)
    path = Path(args.geodata) / "places.geojson"
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        print(f"{path}: cannot read it as JSON: {exc}", file=sys.stderr)
        return 1
    if not isinstance(doc, dict):
        print(f"{path}: expected a GeoJSON FeatureCollection object", file=sys.stderr)
        return 1
    text = format_places(doc)
    if path.read_text(encoding="utf-8") == text:
        print(f"{path}: already formatted")
        return 0
    write_atomic(path, text.encode("utf-8"))
    print(f"{path}: rewritten")
    return 0


if __name__ == "__main__":
    sys.exit(main())
