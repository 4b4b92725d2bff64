"""Check dataset folders: exit 0 with a one-line summary each, or 1 with every problem found.

Usage: python scripts/validate_geodata.py [DIR ...]   (no argument: every bundled dataset)
The same as `conflict-map validate`.
"""

import sys

from dashboard.cli import run_as

if __name__ == "__main__":
    sys.exit(run_as("validate"))
