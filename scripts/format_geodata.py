"""Rewrite places.geojson (and areas.geojson) in the reviewed layout, one control record per line.

Usage: python scripts/format_geodata.py [DIR]   The same as `conflict-map format`.
"""

import sys

from dashboard.cli import run_as

if __name__ == "__main__":
    sys.exit(run_as("format"))
