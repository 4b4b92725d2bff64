"""`conflict-map datasets`: list the datasets the app serves, the default first marked."""

from __future__ import annotations

import argparse

from ..core.io.catalog import find_datasets
from ..paths import data_root


def add_parser(commands, name: str) -> None:
    """Register the subcommand."""
    parser = commands.add_parser(name, help="list the datasets", description="List the dataset folders found.")
    parser.add_argument(
        "--data", "--root", dest="root", help="folder of datasets (default: $CONFLICT_MAP_GEODATA, else ./geodata)"
    )


def run(args: argparse.Namespace) -> int:
    """Print one line per dataset."""
    catalog = find_datasets(data_root(args.root))
    for dataset_id, folder in catalog.folders.items():
        print(f"{'*' if dataset_id == catalog.default else ' '} {dataset_id}\t{folder}")
    return 0 if catalog.folders else 1
