"""`conflict-map validate [DIR ...]`: check dataset folders; exit 0 with a summary each, or 1 listing every problem.

Stricter than loading: a dataset that still holds new-dataset's placeholder text loads (so a draft can be
viewed) but does not validate."""

from __future__ import annotations

import argparse
import sys

from ..core import GeodataError, all_changes, load_dataset
from ..core.io.catalog import find_datasets
from ..paths import data_root


def add_parser(commands, name: str) -> None:
    """Register the subcommand."""
    parser = commands.add_parser(
        name,
        help="check datasets and report every problem",
        description="Check dataset folders: exit 0 with a one-line summary each, or 1 with every problem found.",
    )
    parser.add_argument(
        "folders",
        nargs="*",
        metavar="DIR",
        help="a dataset folder, or a folder of datasets (default: --data, else $CONFLICT_MAP_GEODATA, else ./geodata)",
    )
    parser.add_argument("--data", help="a dataset folder, or a folder of datasets")


def run(args: argparse.Namespace) -> int:
    """Validate each folder; the worst result decides the exit status."""
    targets = []
    for folder in args.folders or [str(data_root(args.data))]:
        catalog = find_datasets(folder)
        if not catalog.folders:
            print(f"{folder}: expected a dataset folder (holding dataset.json) or a folder of them", file=sys.stderr)
            return 1
        targets += list(catalog.folders.values())
    status = 0
    for folder in targets:
        try:
            dataset = load_dataset(folder)
        except GeodataError as exc:
            print(exc, file=sys.stderr)
            status = 1
            continue
        left = dataset.manifest.placeholders()
        if left:  # loads fine (the app can show a draft), but is not ready to publish
            for field in left:
                print(
                    f"{folder / 'dataset.json'}: {field}: expected your own text, found the template's placeholder",
                    file=sys.stderr,
                )
            status = 1
            continue
        print(summary(str(folder), dataset))
        for notice in dataset.drawn.notices:
            print(f"  note: {notice}")
    return status


def summary(label: str, dataset) -> str:
    """'OK: geodata/x: 104 places (3 not drawn), ...': what a valid folder holds."""
    changes = all_changes(dataset)
    records = [r for p in dataset.places for r in p.control] + [r for a in dataset.areas for r in a.control]
    excerpts = sum(len(r.excerpts) for r in records)
    hidden = sum(1 for p in dataset.places if not p.is_shown)
    drawn = dataset.drawn
    shapes = f"{len(drawn.shapes)} drawn shapes in {len(drawn.series())} series, " if not drawn.is_empty() else ""
    return (
        f"OK: {label}: {len(dataset.places)} places ({hidden} not drawn), {len(dataset.areas)} areas, {shapes}"
        f"{len(changes)} dated records, {len(dataset.factions)} factions, {len(dataset.sources)} sources, "
        f"{excerpts} verified excerpts, {dataset.baseline} to {dataset.end}"
    )
