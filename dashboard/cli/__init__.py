"""`conflict-map`: the command line. Each subcommand lives in its own module with `add_parser` and `run`.

The files in `scripts/` are thin wrappers that call `main` with the subcommand and their old arguments,
so existing command lines and exit codes keep working.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import sys
from collections.abc import Sequence
from types import ModuleType

#: Subcommand → module. Imported only when used, so that a command that needs no data library (a bad
#: `new-dataset` argument) answers at once instead of after loading pandas and GeoPandas.
SUBCOMMANDS = {
    "validate": "validate",
    "export": "export",
    "format": "fmt",
    "datasets": "datasets",
    "new-dataset": "new_dataset",
    "import-changes": "import_changes",
    "import-areas": "import_areas",
    "import-events": "import_events",
    "add-source": "add_source",
    "build-boundaries": "boundaries",
    "serve": "serve",
    "run": "run",
}


def subcommand(name: str) -> ModuleType:
    """The module implementing a subcommand."""
    return importlib.import_module(f"{__name__}.{SUBCOMMANDS[name]}")


def build_parser(prog: str = "conflict-map", names: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser with one sub-parser per subcommand (or only those named)."""
    parser = argparse.ArgumentParser(prog=prog, description="Conflict map dashboard: data tools and exports.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in names or SUBCOMMANDS:
        subcommand(name).add_parser(commands, name)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one subcommand; its exit status is returned (0 success, 1 bad data, 2 bad arguments).

    Without `argv` this is the process's own command line (`conflict-map`, `python -m dashboard.cli`), and
    the process exits next.
    """
    own_command_line = argv is None
    argv = list(sys.argv[1:] if argv is None else argv)
    chosen = next((a for a in argv if not a.startswith("-")), None)
    args = build_parser(names=[chosen] if chosen in SUBCOMMANDS else None).parse_args(argv)
    module = subcommand(args.command)
    status = module.run(args)
    if own_command_line:
        before_exit(module)
    return status


def before_exit(module: ModuleType) -> None:
    """Spare a finished command the garbage collections Python runs while shutting down, when its module
    says nothing it made needs finalising (`QUICK_EXIT`): traversing the hundred thousand objects a PNG
    export holds took about 0.1 s of its 0.9 s."""
    if getattr(module, "QUICK_EXIT", False):
        gc.freeze()


def run_as(command: str, argv: Sequence[str] | None = None) -> int:
    """Run `command` with `argv` (default: this process's arguments), as an old script name would."""
    status = main([command, *(sys.argv[1:] if argv is None else argv)])
    if argv is None:
        before_exit(subcommand(command))
    return status
