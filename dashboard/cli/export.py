"""`conflict-map export`: the map at a date (or the changes between two dates, or an animation) as a file.

Bad arguments (a date outside the data, an unknown format or framing, an --out that cannot be written
or whose extension names another format) print one line and exit 2; invalid data exits 1 listing every
problem. Nothing is written unless the whole file was produced.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

from ..core import DateOutOfRange, GeodataError
from ..core.captions import Captions, parse_notes
from ..core.events import EventQuery
from ..core.io.catalog import find_datasets
from ..core.io.files import write_atomic
from ..core.io.prepared import prepared_days, store_areas
from ..core.search import find_places, normalise
from ..paths import data_root
from ..render.exports import (
    ANIMATED,
    ASPECTS,
    EXTENSIONS,
    FORMATS,
    ExportRequest,
    ImageSize,
    animation_dates,
    aspect_height,
    check_request,
    export_bytes,
)
from ..render.style import parse_bbox
from ..render.wording import LANGUAGES

#: The written file is closed (and synced) before `run` returns, so the process may skip the collections
#: Python runs at exit (see `dashboard.cli.before_exit`).
QUICK_EXIT = True


class UsageError(Exception):
    """A bad argument: reported as one line, exit status 2."""


def add_parser(commands, name: str) -> None:
    """Register the subcommand."""
    parser = commands.add_parser(
        name,
        help="export the map at a date as png, svg, pdf, html, geojson, csv, gif or mp4",
        description=__doc__.splitlines()[0],
        exit_on_error=False,
    )
    add_arguments(parser)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The export options (shared with scripts/export_snapshot.py)."""
    parser.add_argument("--format", required=True, help=f"one of {', '.join(FORMATS)}")
    parser.add_argument("--out", required=True, help="the file to write (its extension must match the format)")
    parser.add_argument("--date", help="the day to show, YYYY-MM-DD (default: the last day of the data)")
    parser.add_argument(
        "--compare-to", metavar="DATE", help="png/geojson/csv: show what changed from this earlier date"
    )
    parser.add_argument("--data", help="the dataset folder (default: the default dataset)")
    parser.add_argument("--geodata", help=argparse.SUPPRESS)  # the old name of --data
    parser.add_argument("--lang", default="en", help=f"language of the map's text: {', '.join(LANGUAGES)}")
    parser.add_argument("--start", help="gif/mp4: first day (default: the first day of the data)")
    parser.add_argument("--end", help="gif/mp4: last day (default: the last day of the data)")
    parser.add_argument("--every", type=int, help="gif/mp4: days between frames (default: the dataset's setting)")
    framing = parser.add_mutually_exclusive_group()
    framing.add_argument("--focus", "--framing", dest="framing", help="a framing id from the dataset's dataset.json")
    framing.add_argument("--bbox", help="W,S,E,N in degrees")
    parser.add_argument("--width", type=int, default=None, help="pixels (png/svg/pdf/gif/mp4; default 1600)")
    parser.add_argument("--height", type=int, default=None, help="pixels (default 1200)")
    parser.add_argument("--aspect", help=f"a size preset instead of --height: {' | '.join(ASPECTS)}")
    words = parser.add_argument_group("your own words (png, svg, pdf, gif, mp4)")
    words.add_argument("--title", default="", help="replaces the map's title (a PNG keeps the date in the subtitle)")
    words.add_argument("--subtitle", default="", help="replaces the subtitle")
    words.add_argument("--credit", default="", help='printed as "Map: CREDIT." before the data\'s attribution')
    words.add_argument("--caption", default="", help="a paragraph under the map (wraps; the map makes room)")
    words.add_argument(
        "--note",
        action="append",
        default=[],
        help='a boxed note with a leader line: "place-id: text" or "lon,lat: text" (repeatable)',
    )
    parser.add_argument("--dpi", type=int, default=200, help="dots per inch (png/gif/mp4): scales text and lines")
    parser.add_argument("--no-bom", action="store_true", help="csv: plain UTF-8 without a byte-order mark")
    parser.add_argument("--place", help="html: the place the file opens on (an id or any of its names, e.g. Deraa)")
    parser.add_argument(
        "--events", action="store_true", help="png/gif/mp4/html/geojson: add the imported events (import-events)"
    )
    parser.add_argument("--events-days", type=int, default=7, metavar="N", help="--events: window of N days (7)")
    parser.add_argument("--events-type", action="append", default=[], metavar="TYPE", help="--events: only this type")
    parser.add_argument("--events-actor", default="", metavar="TEXT", help="--events: actors containing TEXT")
    parser.add_argument("--events-min-fatalities", type=int, default=0, metavar="N", help="--events: at least N killed")


def parse_day(text: str | None, flag: str) -> date | None:
    """A YYYY-MM-DD argument, or UsageError naming the flag."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{flag} must be a date YYYY-MM-DD, got {text!r}") from None


def request_from(args: argparse.Namespace, default_day: date) -> ExportRequest:
    """The export request the arguments describe (argument errors as UsageError)."""
    if args.format not in FORMATS:
        raise UsageError(f"--format must be one of {', '.join(FORMATS)}, got {args.format!r}")
    if args.lang not in LANGUAGES:
        raise UsageError(f"--lang must be one of {', '.join(LANGUAGES)}, got {args.lang!r}")
    bbox = None
    if args.bbox:
        try:
            bbox = parse_bbox(args.bbox)
        except ValueError as exc:
            raise UsageError(f"--{exc}") from None
    if args.aspect and args.height:
        raise UsageError("give --aspect or --height, not both (--aspect sets the height from --width)")
    width = args.width or 1600
    height = aspect_height(width, args.aspect) if args.aspect else (args.height or 1200)
    if not (100 <= width <= 8000 and 100 <= height <= 8000):
        raise UsageError("--width and --height must be between 100 and 8000 pixels")
    if not 30 <= args.dpi <= 600:
        raise UsageError("--dpi must be between 30 and 600")
    if args.every is not None and args.format not in ANIMATED:
        raise UsageError(f"--every is for animations (gif, mp4), not {args.format}")
    return ExportRequest(
        format=args.format,
        day=parse_day(args.date, "--date") or default_day,
        framing=args.framing,
        bbox=bbox,
        size=ImageSize(width, height, args.dpi),
        compare_to=parse_day(args.compare_to, "--compare-to"),
        start=parse_day(args.start, "--start"),
        end=parse_day(args.end, "--end"),
        every=args.every,
        lang=args.lang,
        csv_bom=not args.no_bom,
        events=events_query(args),
        captions=captions_from(args),
    )


def events_query(args: argparse.Namespace) -> EventQuery | None:
    """The --events window and filters (its end is set to the export's day), or None without --events."""
    if not getattr(args, "events", False):
        return None
    if not 1 <= args.events_days <= 366:
        raise UsageError("--events-days must be between 1 and 366")
    return EventQuery(
        end=date.min,
        days=args.events_days,
        types=tuple(args.events_type),
        actor=args.events_actor,
        min_fatalities=max(0, args.events_min_fatalities),
    )


def captions_from(args: argparse.Namespace) -> Captions:
    """--title, --subtitle, --credit, --caption and every --note (bad notes as UsageError)."""
    try:
        notes = parse_notes(getattr(args, "note", []) or [])
    except ValueError as exc:
        raise UsageError(f"--{exc}") from None
    return Captions(
        *(str(getattr(args, name, "") or "").strip() for name in ("title", "subtitle", "credit", "caption")),
        notes=notes,
    )


def place_id(dataset, name: str) -> str:
    """The id of the place a name (an id, an English or Arabic name, an alternate spelling) means."""
    exact = [p for p in find_places(dataset, name) if normalise(name) in {normalise(n) for n in (p.id, *p.names)}]
    if len(exact) != 1:
        close = ", ".join(p.id for p in find_places(dataset, name)[:5])
        raise UsageError(f"--place {name!r}: " + (f"did you mean one of {close}?" if close else "no such place"))
    return exact[0].id


def check_out(out: Path, fmt: str) -> None:
    """The output path must be a writable file whose extension (if any) matches the format."""
    if out.is_dir():
        raise UsageError(f"--out {out} is a directory; give a file name")
    parent = out.parent if str(out.parent) else Path(".")
    if not parent.is_dir():
        raise UsageError(f"--out {out}: the folder {parent} does not exist")
    if not os.access(parent, os.W_OK) or (out.exists() and not os.access(out, os.W_OK)):
        raise UsageError(f"--out {out}: not writable")
    suffix = out.suffix.lower()
    if suffix and fmt in EXTENSIONS and suffix not in EXTENSIONS[fmt]:
        raise UsageError(
            f"--out {out} ends in {suffix} but --format is {fmt}: name it {out.with_suffix(EXTENSIONS[fmt][0])}"
        )


def dataset_folder(args: argparse.Namespace) -> Path:
    """--data (or the old --geodata), else the default dataset."""
    chosen = args.data or args.geodata
    catalog = find_datasets(chosen or data_root())
    if not catalog.folders:
        raise UsageError(f"--data {chosen}: expected a dataset folder (holding dataset.json)")
    if chosen and len(catalog.folders) > 1:
        raise UsageError(f"--data {chosen} holds several datasets ({', '.join(catalog.folders)}): name one of them")
    return catalog.folder(catalog.default)


def run(args: argparse.Namespace, prog: str = "conflict-map export") -> int:
    """Export one file; see the module docstring for exit statuses."""
    started = time.perf_counter()
    try:
        out = Path(args.out)
        check_out(out, args.format)
        days = prepared_days(dataset_folder(args))  # the prepared dataset is cached between runs
        dataset = days.dataset
        request = request_from(args, dataset.end)
        if args.place:
            request = replace(request, place=place_id(dataset, args.place))
        check_request(dataset, request)
        if request.format in ANIMATED:
            print(f"making {len(animation_dates(dataset, request))} frames…", file=sys.stderr, flush=True)
        data = export_bytes(days, request)
        store_areas(days)  # when the export computed the whole period's areas: the next one reuses them
    except GeodataError as exc:  # before ValueError, which it subclasses: bad data is not a bad argument
        print(f"{prog}: error: the data is invalid:\n{exc}", file=sys.stderr)
        return 1
    except (UsageError, argparse.ArgumentError, DateOutOfRange, ValueError) as exc:
        print(f"{prog}: error: {exc}", file=sys.stderr)
        return 2
    try:
        write_atomic(out, data)
    except OSError as exc:
        print(f"{prog}: error: cannot write --out {out}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    what = (
        f"{request.compare_to} to {request.day}"
        if request.compare_to
        else ("animation" if request.format in ANIMATED else str(request.day))
    )
    print(f"wrote {out} ({len(data):,} bytes, {request.format}, {what}) in {time.perf_counter() - started:.1f} s")
    return 0
