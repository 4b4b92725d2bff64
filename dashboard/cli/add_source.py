"""`conflict-map add-source --file F --url U --publisher P --title T --date D --data DIR`: store a source's text."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from ..core.errors import GeodataError


def add_parser(commands, name: str) -> None:
    """Register the subcommand."""
    parser = commands.add_parser(
        name,
        help="store a saved article's text and register it as a source",
        description="Store a saved article's main text (extracted from HTML) under the "
        "dataset's sources/ and add it to sources.json, so excerpts can quote it.",
    )
    parser.add_argument("--file", required=True, type=Path, help="the saved page (.html) or text (.txt)")
    parser.add_argument("--url", required=True, help="where the article can be read (http/https)")
    parser.add_argument("--publisher", required=True, help="the outlet where you read it")
    parser.add_argument("--title", required=True, help="the headline")
    parser.add_argument("--date", required=True, help="publication date, YYYY-MM-DD")
    parser.add_argument("--data", required=True, type=Path, help="the dataset folder")
    parser.add_argument("--id", dest="source_id", help="the source id (default: publisher and date)")
    parser.add_argument("--original-publisher", help="the agency that wrote it, if this is a syndicated copy")
    parser.add_argument("--access", default="original", choices=["original", "syndication", "mirror"])


def run(args: argparse.Namespace) -> int:
    """Add the source; exit 2 for a bad argument, 1 if the dataset would become invalid."""
    from ..authoring.sources import NewSource, SourceError, add_source

    try:
        published = date.fromisoformat(args.date)
    except ValueError:
        print(f"add-source: error: --date must be a date YYYY-MM-DD, got {args.date!r}", file=sys.stderr)
        return 2
    new = NewSource(
        args.url, args.publisher, args.title, published, args.original_publisher, args.access, args.source_id
    )
    try:
        source, text = add_source(args.data, args.file, new)
    except SourceError as exc:
        print(f"add-source: error: {exc}", file=sys.stderr)
        return 2
    except GeodataError as exc:
        print(f"add-source: the dataset would be invalid, nothing written:\n{exc}", file=sys.stderr)
        return 1
    print(
        f"added source {source.id} ({len(text):,} characters of text in {args.data / source.text_file}); "
        f'quote it in a record as "excerpts": [{{"source": "{source.id}", "text": "…"}}]'
    )
    return 0
