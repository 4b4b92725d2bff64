"""The command-line tools meet the same bad inputs as the loader: one clear report, a non-zero exit, no traceback."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

from tests.catalogue import CATALOGUE, make_bad_copy
from tests.conftest import MINI, ROOT


def load_script(name: str):
    """Import a script from scripts/ as a module, so its main() runs in-process (fast) like the real CLI."""
    sys.path.insert(0, str(ROOT / "scripts"))
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


validator = load_script("validate_geodata")


def test_validator_accepts_the_mini_dataset(capsys):
    assert validator.main([str(MINI)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("OK: ") and "5 places" in out and len(out.strip().splitlines()) == 1


def test_validator_accepts_the_bundled_data(capsys):
    assert validator.main([str(ROOT / "geodata")]) == 0
    assert "verified excerpts" in capsys.readouterr().out


@pytest.mark.parametrize("case", CATALOGUE, ids=[c.name for c in CATALOGUE])
def test_validator_reports_each_bad_input(case, tmp_path, capsys):
    folder = make_bad_copy(case, tmp_path)
    assert validator.main([str(folder)]) == 1
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.startswith("- ")]
    wanted = [line for line in lines if case.file in line and case.expected in line
              and (case.feature is None or f"feature '{case.feature}'" in line)
              and (case.field is None or case.field in line)]
    assert wanted, f"no line names {case.file}, {case.feature}, {case.field}, {case.expected!r}:\n{err}"
    assert "Traceback" not in err


def test_export_with_invalid_geodata_exits_1_and_lists_problems(tmp_path):
    case = next(c for c in CATALOGUE if c.name == "unknown_faction")
    out = tmp_path / "x.csv"
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "export_snapshot.py"), "--geodata",
                             str(make_bad_copy(case, tmp_path)), "--format", "csv", "--out", str(out)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "feature 'alpha': properties.control[2].controller: expected a faction id" in result.stderr
    assert "Traceback" not in result.stderr and not out.exists()
