"""`conflict-map`: the command line. Each subcommand lives in its own module with `add_parser` and `run`.

The files in `scripts/` are thin wrappers that call `main` with the subcommand and their old arguments,
so existing command lines and exit codes keep working.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from . import (
    add_source,
    boundaries,
    datasets,
    export,
    fmt,
    import_areas,
    import_changes,
    import_events,
    new_dataset,
    run,
    serve,
    validate,
)

SUBCOMMANDS = {
    "validate": validate,
    "export": export,
    "format": fmt,
    "datasets": datasets,
    "new-dataset": new_dataset,
    "import-changes": import_changes,
    "import-areas": import_areas,
    "import-events": import_events,
    "add-source": add_source,
    "build-boundaries": boundaries,
    "serve": serve,
    "run": run,
}


def build_parser(prog: str = "conflict-map") -> argparse.ArgumentParser:
    """The parser with one sub-parser per subcommand."""
    parser = argparse.ArgumentParser(prog=prog, description="Conflict map dashboard: data tools and exports.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, module in SUBCOMMANDS.items():
        module.add_parser(commands, name)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one subcommand; its exit status is returned (0 success, 1 bad data, 2 bad arguments)."""
    args = build_parser().parse_args(argv)
    return SUBCOMMANDS[args.command].run(args)


def run_as(command: str, argv: Sequence[str] | None = None) -> int:
    """Run `command` with `argv` (default: this process's arguments), as an old script name would."""
    return main([command, *(sys.argv[1:] if argv is None else argv)])
