"""`conflict-map`: the command line. Each subcommand lives in its own module with `add_parser` and `run`.

The files in `scripts/` are thin wrappers that call `main` with the subcommand and their old arguments,
so existing command lines and exit codes keep working.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from types import ModuleType

#: Subcommand -> module name. Modules are imported only when needed: `export` alone then starts without
#: the imports of the server, the boundary builder and the authoring tools (batch exports pay it per file).
_MODULES = {
    "validate": "validate",
    "export": "export",
    "format": "fmt",
    "datasets": "datasets",
    "new-dataset": "new_dataset",
    "import-changes": "import_changes",
    "add-source": "add_source",
    "build-boundaries": "boundaries",
    "serve": "serve",
    "run": "run",
    "import-areas": "import_areas",
}


class _Subcommands(dict):
    """name -> module, importing a module on first access."""

    def __missing__(self, name: str) -> ModuleType:
        module = self[name] = importlib.import_module(f".{_MODULES[name]}", __name__)
        return module

    def __iter__(self):
        return iter(_MODULES)

    def items(self):
        return ((name, self[name]) for name in _MODULES)


SUBCOMMANDS = _Subcommands()


def build_parser(prog: str = "conflict-map", only: str | None = None) -> argparse.ArgumentParser:
    """The parser with one sub-parser per subcommand (or only `only`'s, when it names one)."""
    parser = argparse.ArgumentParser(prog=prog, description="Conflict map dashboard: data tools and exports.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in [only] if only in _MODULES else list(_MODULES):
        SUBCOMMANDS[name].add_parser(commands, name)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one subcommand; its exit status is returned (0 success, 1 bad data, 2 bad arguments)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    first = argv[0] if argv else None
    args = build_parser(only=first).parse_args(argv)
    return SUBCOMMANDS[args.command].run(args)


def run_as(command: str, argv: Sequence[str] | None = None) -> int:
    """Run `command` with `argv` (default: this process's arguments), as an old script name would."""
    return main([command, *(sys.argv[1:] if argv is None else argv)])
