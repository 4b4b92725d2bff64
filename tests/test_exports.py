"""Exports: GeoJSON and CSV round-trip with Arabic intact; the CLI's bad arguments fail cleanly."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import date

import geopandas as gpd
import pandas as pd
import pytest

from dashboard.render.exports import ExportOptions, export_bytes
from dashboard.render.snapshot import snapshot_geojson
from tests.conftest import MINI, ROOT

SCRIPT = str(ROOT / "scripts" / "export_snapshot.py")


def test_geojson_layers_and_metadata(mini, mini_cells):
    doc = snapshot_geojson(mini, date(2024, 12, 5), mini_cells)
    layers = {f["properties"]["layer"] for f in doc["features"]}
    assert layers == {"place", "zone", "front_line"}
    places = {f["id"]: f["properties"] for f in doc["features"] if f["properties"]["layer"] == "place"}
    assert places["alpha"]["controller"] == "REB" and places["alpha"]["name"] == "Alpha"
    assert all("controller" in f["properties"] for f in doc["features"] if f["properties"]["layer"] == "zone")
    assert doc["properties"]["date"] == "2024-12-05"
    assert {s["id"] for s in doc["properties"]["sources"]} == {"N2", "W1"}
    assert all(s["url"].startswith("http") for s in doc["properties"]["sources"])


def test_geojson_round_trips_through_geopandas_with_arabic(mini, mini_cells, tmp_path):
    path = tmp_path / "snap.geojson"
    path.write_bytes(export_bytes(mini, mini_cells, "geojson", date(2024, 12, 5)))
    assert "ألفا" in path.read_text(encoding="utf-8"), "Arabic is written as characters, not escapes"
    frame = gpd.read_file(path)
    places = frame[frame["layer"] == "place"].set_index("id")
    assert places.loc["alpha", "name_ar"] == "ألفا"
    assert places.loc["alpha", "controller"] == "REB"
    assert set(frame["layer"]) == {"place", "zone", "front_line"}


def test_csv_round_trips_through_pandas_with_arabic(mini, mini_cells):
    data = export_bytes(mini, mini_cells, "csv", date(2024, 12, 5))
    frame = pd.read_csv(io.BytesIO(data), encoding="utf-8").set_index("id")
    assert list(frame.columns) == ["name", "name_ar", "kind", "lat", "lon", "controller", "status", "certainty",
                                   "since", "previous_controller", "sources"]
    assert frame.loc["alpha", "name_ar"] == "ألفا"
    assert frame.loc["alpha", "since"] == "2024-12-05" and frame.loc["alpha", "previous_controller"] == "GOV"
    assert frame.loc["delta", "name"] == "Delta <script>alert(1)</script>", "CSV keeps data exactly"


def test_html_is_self_contained(mini, mini_cells):
    html = export_bytes(mini, mini_cells, "html", date(2024, 12, 5), ExportOptions()).decode("utf-8")
    assert "<script src=" not in html and '<link rel="stylesheet" href=' not in html
    assert "/app/static" not in html
    assert "<script>alert(1)</script>" not in html, "data text is never raw HTML in the page"


def test_unknown_format_is_refused(mini, mini_cells):
    with pytest.raises(ValueError, match="unknown format"):
        export_bytes(mini, mini_cells, "bmp", date(2024, 12, 5))


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, SCRIPT, "--geodata", str(MINI), *args], capture_output=True, text=True,
                          timeout=120)


def test_cli_writes_geojson(tmp_path):
    out = tmp_path / "x.geojson"
    result = run_cli("--date", "2024-12-05", "--format", "geojson", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["properties"]["date"] == "2024-12-05"


@pytest.mark.parametrize("args, message", [
    (["--format", "bmp"], "--format must be one of png, html, geojson, csv, gif"),
    (["--format", "csv", "--date", "2030-01-01"], "outside the data: choose a date from 2024-11-26 to 2024-12-12"),
    (["--format", "csv", "--date", "tomorrow"], "--date must be a date YYYY-MM-DD"),
    (["--format", "png", "--bbox", "36,35"], "--bbox must be four numbers W,S,E,N"),
    (["--format", "png", "--bbox", "38,35,36,37"], "W < E"),
    (["--format", "png", "--focus", "moon"], "--focus must be one of"),
    (["--format", "gif", "--start", "2024-12-10", "--end", "2024-12-01"], "is after its end"),
])
def test_cli_bad_arguments_one_line_no_file(tmp_path, args, message):
    out = tmp_path / "out.file"
    result = run_cli(*args, "--out", str(out))
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_cli_unwritable_destination(tmp_path):
    result = run_cli("--format", "csv", "--out", str(tmp_path / "missing" / "x.csv"))
    assert result.returncode == 2 and "does not exist" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_failed_write_never_leaves_a_partial_file(tmp_path):
    from dashboard.core.files import write_atomic

    target = tmp_path / "keep.csv"
    target.write_bytes(b"old")
    with pytest.raises(TypeError):
        write_atomic(target, object())  # type: ignore[arg-type]
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.csv"], "no temporary file is left behind"


def test_atomic_write_keeps_ordinary_permissions(tmp_path):
    from dashboard.core.files import write_atomic

    new = write_atomic(tmp_path / "new.csv", b"x")
    assert new.stat().st_mode & 0o044, "readable by others like any file the user creates"
    existing = tmp_path / "existing.csv"
    existing.write_bytes(b"a")
    existing.chmod(0o640)
    assert write_atomic(existing, b"b").stat().st_mode & 0o777 == 0o640
