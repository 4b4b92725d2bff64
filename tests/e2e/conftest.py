"""End-to-end fixtures: a real Streamlit server on a free local port, and Debian's Chromium.

Never a downloaded browser: Playwright drives /usr/bin/chromium (override with CHROMIUM=...). The server
and browser helpers live in scripts/devkit, shared with the benchmarks.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from devkit.browser import CHROMIUM, CHROMIUM_ARGS, map_frame, wait_for_app, wait_for_map  # noqa: F401
from devkit.server import StreamlitServer

ROOT = Path(__file__).resolve().parents[2]
#: Not under test-results/: pytest-playwright empties that folder at the start of every session.
SCREENSHOTS = ROOT / "build" / "screenshots"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium (make browser) or set CHROMIUM")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1440, "height": 900}}


@pytest.fixture(scope="session")
def app_url() -> Iterator[str]:
    with StreamlitServer() as server:
        yield server.url


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path
