"""`python -m dashboard.cli ...` is the same as `conflict-map ...`."""

import sys

from . import main

sys.exit(main())
