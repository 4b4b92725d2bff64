"""Placeholder while the authoring tools are written."""

from __future__ import annotations


def add_parser(commands, name: str) -> None:
    """Register the subcommand."""
    commands.add_parser(name, help="(not yet available)")


def run(args) -> int:
    """Not yet available."""
    print("not yet available")
    return 2
