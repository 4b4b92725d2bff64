"""`conflict-map import-changes FILE.csv --data DIR`: merge a spreadsheet of changes into places.geojson."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..core.errors import GeodataError


def add_parser(commands, name: str) -> None:
    """Register the subcommand."""
    parser = commands.add_parser(
        name,
        help="merge a CSV of changes (one row per change) into a dataset",
        description="Merge a spreadsheet of changes into places.geojson: validated, "
        "idempotent, every problem reported by row and column, nothing written "
        "while anything is wrong. Template: geodata/templates/changes-template.csv",
    )
    parser.add_argument("csv", type=Path, help="the CSV file (UTF-8; the template's columns)")
    parser.add_argument("--data", required=True, type=Path, help="the dataset folder")
    parser.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
    parser.add_argument(
        "--export",
        action="store_true",
        help="instead: write the dataset's records to CSV (the same columns), e.g. to edit in bulk",
    )


def run(args: argparse.Namespace) -> int:
    """Import (or export); exit 1 listing the problems when the rows cannot be merged."""
    from ..authoring.changes import ImportError_, changes_rows, merge_rows, read_rows, rows_csv
    from ..core import load_dataset
    from ..core.io.files import write_atomic

    try:
        if args.export:
            write_atomic(args.csv, rows_csv(changes_rows(load_dataset(args.data))))
            print(f"wrote {args.csv}")
            return 0
        report = merge_rows(args.data, read_rows(args.csv), dry_run=args.dry_run)
    except ImportError_ as exc:
        print(f"import-changes: {len(exc.problems)} problem(s), nothing written:", file=sys.stderr)
        for problem in exc.problems:
            print(f"- {problem}", file=sys.stderr)
        return 1
    except GeodataError as exc:
        print(f"import-changes: the dataset is invalid, nothing written:\n{exc}", file=sys.stderr)
        return 1
    verb = "would add" if args.dry_run else "added"
    print(
        f"{verb} {report.added} record(s) to {len(report.places)} place(s) ({len(report.new_places)} new); "
        f"{report.skipped} already present"
        + ("; the default framing now fits the places (framing 'places' in dataset.json)" if report.refitted else "")
    )
    return 0
