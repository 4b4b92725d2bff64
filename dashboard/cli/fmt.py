"""`conflict-map format [DIR]`: rewrite places.geojson (and areas.geojson) in the reviewed layout, in place."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..core.drawn import series_files
from ..core.geojson_format import format_places
from ..core.io.files import write_atomic
from ..paths import data_root


def add_parser(commands, name: str) -> None:
    """Register the subcommand."""
    parser = commands.add_parser(
        name,
        help="rewrite places.geojson with one control record per line",
        description="Rewrite places.geojson, areas.geojson and drawn/*.geojson in the reviewed layout (one "
        "control record per line), in place.",
    )
    parser.add_argument("folder", nargs="?", metavar="DIR", help="a dataset folder (default: the default dataset)")
    parser.add_argument("--data", help="folder of datasets whose default dataset to format")


def run(args: argparse.Namespace) -> int:
    """Format each file; 1 if one cannot be read as JSON."""
    folder = Path(args.folder) if args.folder else _default_folder(args.data)
    status = 0
    for name in ("places.geojson", "areas.geojson"):
        path = folder / name
        if name == "areas.geojson" and not path.exists():
            continue
        status = max(status, _format_file(path))
    for path in series_files(folder):
        status = max(status, _format_file(path))
    return status


def _default_folder(explicit: str | None) -> Path:
    from ..core.io.catalog import find_datasets

    catalog = find_datasets(data_root(explicit))
    return catalog.folder(catalog.default) if catalog.default else data_root(explicit)


def _format_file(path: Path) -> int:
    try:
        original = path.read_text(encoding="utf-8")
        doc = json.loads(original)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        print(f"{path}: cannot read it as JSON: {exc}", file=sys.stderr)
        return 1
    if not isinstance(doc, dict):
        print(f"{path}: expected a GeoJSON FeatureCollection object", file=sys.stderr)
        return 1
    text = format_places(doc)
    if original == text:
        print(f"{path}: already formatted")
        return 0
    write_atomic(path, text.encode("utf-8"))
    print(f"{path}: rewritten")
    return 0
