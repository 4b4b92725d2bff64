"""`python -m dashboard.boundaries`: build and write one country's boundaries/ folder."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
