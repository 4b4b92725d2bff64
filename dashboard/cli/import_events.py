"""`conflict-map import-events FILE... --data DIR`: add ACLED / UCDP exports to a dataset's local events.

All or nothing: every file is read and checked first; one bad file means nothing is written and each
problem is printed on one line (file, row, column, what was expected). Importing a file again adds
nothing. The events stay beside the dataset (geodata/<dataset>/events/, ignored by git): they are the
user's own files and are never committed or bundled.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from ..core.errors import GeodataError


def add_parser(commands, name: str) -> None:
    """Register the subcommand."""
    parser = commands.add_parser(
        name,
        help="import ACLED or UCDP event exports (CSV) into a dataset, for the map's Events layer",
        description=__doc__.splitlines()[0],
    )
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE", help="ACLED export or UCDP GED/candidate CSV")
    parser.add_argument("--data", required=True, type=Path, help="the dataset folder")
    parser.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
    parser.add_argument("--quiet", action="store_true", help="no progress line")


def run(args: argparse.Namespace) -> int:
    """Import; exit 1 listing the problems when any file cannot be imported."""
    from ..core import load_dataset
    from ..core.io.event_import import import_events
    from ..core.io.events import EventFileError, stderr_progress

    started = time.perf_counter()
    try:
        dataset = load_dataset(args.data)
        report = import_events(dataset, args.files, None if args.quiet else stderr_progress, dry_run=args.dry_run)
    except EventFileError as exc:
        print(f"import-events: {len(exc.problems)} problem(s), nothing written:", file=sys.stderr)
        for problem in exc.problems:
            print(f"- {problem}", file=sys.stderr)
        return 1
    except GeodataError as exc:
        print(f"import-events: the dataset {args.data} is invalid, nothing written:\n{exc}", file=sys.stderr)
        return 1
    except FileNotFoundError as exc:
        print(f"import-events: {exc.filename}: no such file or folder, nothing written", file=sys.stderr)
        return 1
    for line in report.lines():
        print(line)
    verb = "would add" if args.dry_run else "added"
    print(f"{verb} {report.added:,} event(s) in {time.perf_counter() - started:.1f} s")
    return 0
