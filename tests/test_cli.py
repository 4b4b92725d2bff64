"""The command line meets the same bad inputs as the loader: one clear report, a non-zero exit, no traceback;
`conflict-map` works from any directory, and the old script names keep their arguments and exit codes."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.cli import main
from tests.catalogue import CATALOGUE, make_bad_copy
from tests.conftest import MINI, ROOT

CONFLICT_MAP = Path(sys.executable).parent / "conflict-map"


def test_validator_accepts_the_mini_dataset(capsys):
    assert main(["validate", str(MINI)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("OK: ") and "6 places (1 not drawn), 2 areas" in out and len(out.strip().splitlines()) == 1


def test_validator_with_no_argument_checks_every_bundled_dataset(capsys):
    assert main(["validate"]) == 0
    out = capsys.readouterr().out
    assert "syria-2024" in out and out.count("OK: ") == len(list((ROOT / "geodata").glob("*/dataset.json")))


@pytest.mark.parametrize("case", CATALOGUE, ids=[c.name for c in CATALOGUE])
def test_validator_reports_each_bad_input(case, tmp_path, capsys):
    folder = make_bad_copy(case, tmp_path)
    assert main(["validate", str(folder)]) == 1
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.startswith("- ")]
    wanted = [
        line
        for line in lines
        if case.file in line
        and case.expected in line
        and (case.feature is None or f"feature '{case.feature}'" in line)
        and (case.field is None or case.field in line)
    ]
    assert wanted, f"no line names {case.file}, {case.feature}, {case.field}, {case.expected!r}:\n{err}"
    assert "Traceback" not in err


def test_conflict_map_help_works_from_any_directory(tmp_path):
    for args in (
        ["--help"],
        ["validate", "--help"],
        ["export", "--help"],
        ["new-dataset", "--help"],
        ["import-changes", "--help"],
        ["add-source", "--help"],
        ["build-boundaries", "--help"],
    ):
        result = subprocess.run([str(CONFLICT_MAP), *args], cwd=tmp_path, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0 and "usage: conflict-map" in result.stdout, (args, result.stderr)


def test_old_script_names_still_work(tmp_path):
    validate = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "validate_geodata.py"), str(MINI)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert validate.returncode == 0 and validate.stdout.startswith("OK: ")
    out = tmp_path / "x.geojson"
    export = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "export_snapshot.py"),
            "--geodata",
            str(MINI),
            "--format",
            "geojson",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert export.returncode == 0 and out.is_file(), export.stderr


def test_export_with_invalid_data_exits_1_and_lists_problems(tmp_path):
    case = next(c for c in CATALOGUE if c.name == "unknown_faction")
    out = tmp_path / "x.csv"
    result = subprocess.run(
        [
            str(CONFLICT_MAP),
            "export",
            "--data",
            str(make_bad_copy(case, tmp_path)),
            "--format",
            "csv",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "feature 'alpha': properties.control[2].controller: expected a faction id" in result.stderr
    assert "Traceback" not in result.stderr and not out.exists()


def test_only_the_process_own_export_skips_the_collections_at_exit(tmp_path, monkeypatch):
    monkeypatch.setenv("CONFLICT_MAP_CACHE", str(tmp_path / "cache"))
    args = ["export", "--data", str(MINI), "--format", "csv", "--out", str(tmp_path / "places.csv")]
    frozen = gc.get_freeze_count()
    assert main(args) == 0 and gc.get_freeze_count() == frozen, "a caller's process goes on: nothing frozen"
    monkeypatch.setattr(sys, "argv", ["conflict-map", *args])
    try:
        assert main() == 0 and gc.get_freeze_count() > frozen, "the command's own process exits next"
    finally:
        gc.unfreeze()
