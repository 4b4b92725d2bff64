"""`conflict-map import-areas PATH... --data DIR --controller ID ...`: an archive of drawn maps into a dataset."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from ..core.errors import GeodataError

#: Series shorter than this finish before a progress line would help.
PROGRESS_FROM = 10


def add_parser(commands, name: str) -> None:
    """Register the subcommand."""
    parser = commands.add_parser(
        name,
        help="import dated control polygons (GeoJSON, KML/KMZ, zipped Shapefile, GeoPackage, FlatGeobuf)",
        description="Merge an archive of drawn control maps into the dataset's drawn/<series>.geojson: one "
        "shape per controller and day, stored only when it changed, clipped to the country. All or nothing: "
        "every problem is listed by file and nothing is written while any remains. See geodata/README.md, "
        "'Drawn territory'.",
    )
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files, or folders of files")
    parser.add_argument("--data", required=True, type=Path, help="the dataset folder")
    parser.add_argument("--controller", required=True, metavar="ID", help="the faction holding the drawn land")
    dates = parser.add_mutually_exclusive_group(required=True)
    dates.add_argument(
        "--date-from-name",
        metavar="PATTERN",
        help="a strftime pattern found in each file name, e.g. control_%%Y%%m%%d.geojson",
    )
    dates.add_argument("--date-field", metavar="FIELD", help="the attribute holding each polygon's date")
    parser.add_argument(
        "--source",
        required=True,
        action="append",
        metavar="ID",
        help="the source id (sources.json) citing the maps; give it again for more sources",
    )
    parser.add_argument(
        "--certainty", default="reported", choices=["confirmed", "reported", "disputed"], help="default: reported"
    )
    parser.add_argument(
        "--controller-field", metavar="FIELD", help="an attribute naming each polygon's controller (else --controller)"
    )
    parser.add_argument("--series", metavar="ID", help="the series id (default: the controller id in lower case)")
    parser.add_argument("--dry-run", action="store_true", help="check and report, write nothing")


def run(args: argparse.Namespace) -> int:
    """Import; exit 1 listing every problem when anything is wrong."""
    from ..authoring.drawn_import import ImportOptions, import_areas

    options = ImportOptions(
        controller=args.controller,
        sources=tuple(args.source),
        certainty=args.certainty,
        date_pattern=args.date_from_name,
        date_field=args.date_field,
        controller_field=args.controller_field,
        series=args.series,
    )
    started = time.perf_counter()
    try:
        report = import_areas(args.data, args.paths, options, progress=_progress_line, dry_run=args.dry_run)
    except GeodataError as exc:
        print(f"import-areas: {len(exc.problems)} problem(s), nothing written:", file=sys.stderr)
        for problem in exc.problems:
            print(f"- {problem}", file=sys.stderr)
        return 1
    for notice in report.notices:
        print(f"note: {notice}", file=sys.stderr)
    verb = "would store" if args.dry_run else "stored"
    print(f"imported {report.files} file(s) in {time.perf_counter() - started:.1f} s")
    for item in report.series:
        first_day, first_km2 = item.first
        last_day, last_km2 = item.last
        print(
            f"{item.series}: {item.days_read} day(s) read, {item.days_unchanged} identical to the day before, "
            f"{verb} {item.days_stored} changed day(s); {first_km2:,.0f} km² on {first_day}, "
            f"{last_km2:,.0f} km² on {last_day}"
        )
    return 0


def _progress_line(done: int, total: int) -> None:
    """One stderr line rewritten in place: `reading files [#####.....] 120/750`."""
    if total < PROGRESS_FROM or (done != total and done * 100 // total == (done - 1) * 100 // total):
        return  # short series need no bar; long ones are redrawn once per percent
    width = 30
    filled = width * done // total
    end = "\n" if done == total else ""
    print(f"\rreading files [{'#' * filled}{'.' * (width - filled)}] {done}/{total}", end=end, file=sys.stderr)
    sys.stderr.flush()
