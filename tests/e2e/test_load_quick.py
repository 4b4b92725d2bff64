"""The load test's quick mode, as part of the suite: several Chromium sessions at once against one
server, scrubbing and clicking, with no error. (The full run's figures are in the README.)"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.e2e


def test_concurrent_sessions_scrub_and_click_without_errors():
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "load_test.py"), "--quick"], capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "total errors: 0" in result.stdout
    table = [line.split() for line in result.stdout.splitlines() if line.strip()[:1].isdigit()]
    assert [row[0] for row in table] == ["1", "3"], result.stdout
    assert all(int(row[1]) > 0 for row in table), "every level timed some steps"
