"""Export the map state at a date: png, html, geojson, csv, or an animated gif of a date range.

Usage:
  python scripts/export_snapshot.py --date 2024-12-06 --format png --out hama.png [--focus corridor | --bbox W,S,E,N]
  python scripts/export_snapshot.py --format gif --start 2024-11-26 --end 2024-12-12 --out timeline.gif
Bad arguments print one line and exit 2; nothing is written unless the whole file was produced.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path

from _bootstrap import DEFAULT_GEODATA

from dashboard.core import DateOutOfRange, GeodataError, build_cells, load_dataset
from dashboard.core.files import write_atomic
from dashboard.render.exports import FORMATS, ExportOptions, export_bytes
from dashboard.render.style import FOCUS_PRESETS, parse_bbox


class UsageError(Exception):
    """A bad argument: reported as one line, exit status 2."""


def parse_day(text: str, flag: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{flag} must be a date YYYY-MM-DD, got {text!r}") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description="Export the map state at a date.", exit_on_error=False)
    parser.add_argument("--date", help="the day to show, YYYY-MM-DD (default: the last day of the data)")
    parser.add_argument("--format", required=True, help=f"one of {', '.join(FORMATS)}")
    parser.add_argument("--out", required=True, help="the file to write")
    parser.add_argument("--start", help="gif: first day (default: the baseline)")
    parser.add_argument("--end", help="gif: last day (default: the end of the data)")
    framing = parser.add_mutually_exclusive_group()
    framing.add_argument("--bbox", help="W,S,E,N in degrees")
    framing.add_argument("--focus", help=f"a preset framing: {', '.join(FOCUS_PRESETS)}")
    parser.add_argument("--width", type=int, default=1600, help="pixels (png/gif)")
    parser.add_argument("--height", type=int, default=1200, help="pixels (png/gif)")
    parser.add_argument("--dpi", type=int, default=200, help="dots per inch (png/gif): scales text and lines")
    parser.add_argument("--geodata", default=str(DEFAULT_GEODATA), help="the geodata folder")
    return parser


def options_from(args: argparse.Namespace) -> ExportOptions:
    if args.format not in FORMATS:
        raise UsageError(f"--format must be one of {', '.join(FORMATS)}, got {args.format!r}")
    if args.bbox:
        try:
            bbox = parse_bbox(args.bbox)
        except ValueError as exc:
            raise UsageError(f"--{exc}") from None
    elif args.focus:
        if args.focus not in FOCUS_PRESETS:
            raise UsageError(f"--focus must be one of {', '.join(FOCUS_PRESETS)}, got {args.focus!r}")
        bbox = FOCUS_PRESETS[args.focus]
    else:
        bbox = ExportOptions().bbox
    if not (100 <= args.width <= 8000 and 100 <= args.height <= 8000):
        raise UsageError("--width and --height must be between 100 and 8000 pixels")
    if not 30 <= args.dpi <= 600:
        raise UsageError("--dpi must be between 30 and 600")
    start = parse_day(args.start, "--start") if args.start else None
    end = parse_day(args.end, "--end") if args.end else None
    return ExportOptions(bbox=bbox, width=args.width, height=args.height, dpi=args.dpi, start=start, end=end)


def check_writable(out: Path) -> None:
    parent = out.parent if str(out.parent) else Path(".")
    if out.is_dir():
        raise UsageError(f"--out {out} is a directory; give a file name")
    if not parent.is_dir():
        raise UsageError(f"--out {out}: the folder {parent} does not exist")
    if not os.access(parent, os.W_OK) or (out.exists() and not os.access(out, os.W_OK)):
        raise UsageError(f"--out {out}: not writable")


def run(argv: list[str] | None = None) -> int:
    try:
        args, extra = build_parser().parse_known_args(argv)
        if extra:
            raise UsageError(f"unknown argument {extra[0]!r}")
        options = options_from(args)
        out = Path(args.out)
        check_writable(out)
        dataset = load_dataset(args.geodata)
        day = parse_day(args.date, "--date") if args.date else dataset.metadata.end_date
        data = export_bytes(dataset, build_cells(dataset), args.format, day, options)
        write_atomic(out, data)
    except GeodataError as exc:  # before ValueError, which it subclasses: bad data is not a bad argument
        print(f"export_snapshot: error: the geodata is invalid:\n{exc}", file=sys.stderr)
        return 1
    except (UsageError, argparse.ArgumentError, DateOutOfRange, ValueError) as exc:
        print(f"export_snapshot: error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"export_snapshot: error: cannot write {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"wrote {out} ({len(data):,} bytes, {args.format}, {day if args.format != 'gif' else 'animation'})")
    return 0


if __name__ == "__main__":
    sys.exit(run())
