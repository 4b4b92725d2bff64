"""Check a geodata folder: exit 0 with a one-line summary, or 1 with every problem found.

Usage: python scripts/validate_geodata.py [GEODATA_DIR]
"""

from __future__ import annotations

import argparse
import sys

from _bootstrap import DEFAULT_GEODATA

from dashboard.core import GeodataError, all_changes, load_dataset


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("geodata", nargs="?", default=str(DEFAULT_GEODATA), help="folder holding places.geojson")
    args = parser.parse_args(argv)
    try:
        dataset = load_dataset(args.geodata)
    except GeodataError as exc:
        print(exc, file=sys.stderr)
        return 1
    changes = all_changes(dataset)
    excerpts = sum(len(c.record.excerpts) for c in changes) + sum(len(p.control[0].excerpts) for p in dataset.places)
    meta = dataset.metadata
    print(f"OK: {args.geodata}: {len(dataset.places)} places, {len(changes)} dated records, "
          f"{len(dataset.factions)} factions, {len(dataset.sources)} sources, {excerpts} verified excerpts, "
          f"{meta.baseline_date} to {meta.end_date}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
