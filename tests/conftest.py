"""Shared fixtures: the mini dataset (always) and the bundled dataset (the product's real data)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.core import build_cells, load_dataset

ROOT = Path(__file__).resolve().parent.parent
MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.fixture(scope="session")
def mini():
    return load_dataset(MINI)


@pytest.fixture(scope="session")
def mini_cells(mini):
    return build_cells(mini)


@pytest.fixture(scope="session")
def bundled():
    return load_dataset(ROOT / "geodata")


@pytest.fixture(scope="session")
def bundled_cells(bundled):
    return build_cells(bundled)
