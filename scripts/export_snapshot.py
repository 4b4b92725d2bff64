"""Export the map at a date: png, html, geojson, csv, or an animated gif/mp4 of a date range.

Usage:
  python scripts/export_snapshot.py --date 2024-12-06 --format png --out hama.png [--focus corridor | --bbox W,S,E,N]
  python scripts/export_snapshot.py --date 2024-12-08 --compare-to 2024-11-26 --format png --out changes.png
  python scripts/export_snapshot.py --format gif --start 2024-11-26 --end 2024-12-12 --out timeline.gif
  python scripts/export_snapshot.py --data geodata/sudan-2025 --format mp4 --every 7 --out sudan.mp4
The same as `conflict-map export`. Bad arguments print one line and exit 2; invalid data exits 1.
"""

import sys

from dashboard.cli import run_as

if __name__ == "__main__":
    sys.exit(run_as("export"))
