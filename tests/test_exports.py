"""Exports: GeoJSON and CSV that other tools read (Arabic intact, RFC 7946), comparisons, file names,
and the command line's bad arguments failing cleanly."""

from __future__ import annotations

import base64
import csv
import gzip
import io
import json
import subprocess
import sys
from datetime import date

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
import shapely
from shapely.geometry import shape

from dashboard.render.exports import ExportRequest, animation_dates, export_bytes, export_filename
from dashboard.render.snapshot import snapshot_geojson
from tests.conftest import MINI, ROOT

SCRIPT = str(ROOT / "scripts" / "export_snapshot.py")
DAY = date(2024, 12, 5)


def test_geojson_layers_and_metadata(mini_days):
    doc = snapshot_geojson(mini_days, DAY)
    layers = {f["properties"]["layer"] for f in doc["features"]}
    assert layers == {"place", "zone", "unassessed", "front_line"}
    places = {f["id"]: f["properties"] for f in doc["features"] if f["properties"]["layer"] == "place"}
    assert places["alpha"]["controller"] == "REB" and places["alpha"]["name"] == "Alpha"
    assert "zeta" not in places and doc["properties"]["unlocated_places"] == ["zeta"]
    zones = [f["properties"] for f in doc["features"] if f["properties"]["layer"] == "zone"]
    assert {z["certainty"] for z in zones} == {"confirmed", "reported or disputed"}
    assert doc["properties"]["date"] == "2024-12-05" and "km" in doc["properties"]["method"]
    assert {s["id"] for s in doc["properties"]["sources"]} == {"N2", "W1", "R3"}


def test_geojson_is_rfc7946_and_reads_back_through_gdal(mini_days, tmp_path):
    path = tmp_path / "snap.geojson"
    path.write_bytes(export_bytes(mini_days, ExportRequest("geojson", DAY)))
    text = path.read_text(encoding="utf-8")
    assert "ألفا" in text, "Arabic is written as characters, not escapes"
    for feature in json.loads(text)["features"]:
        for polygon in shapely.get_parts(shape(feature["geometry"])) if feature["geometry"] else []:
            if polygon.geom_type == "Polygon":
                assert polygon.exterior.is_ccw, f"{feature['id']}: exterior ring must be counter-clockwise"
                assert all(not hole.is_ccw for hole in polygon.interiors)
    assert pyogrio.read_info(path)["features"] > 0
    frame = gpd.read_file(path)
    places = frame[frame["layer"] == "place"].set_index("id")
    assert places.loc["alpha", "name_ar"] == "ألفا" and places.loc["alpha", "controller"] == "REB"


def test_csv_opens_in_excel_with_arabic_intact(mini_days):
    data = export_bytes(mini_days, ExportRequest("csv", DAY))
    assert data.startswith(b"\xef\xbb\xbf"), "a byte-order mark: Excel then reads UTF-8"
    frame = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig").set_index("id")
    assert frame.loc["alpha", "name_ar"] == "ألفا" and frame.loc["alpha", "controller_name"] == "Rebels"
    assert frame.loc["alpha", "since"] == "2024-12-05" and frame.loc["alpha", "previous_controller"] == "GOV"
    assert frame.loc["delta", "name"] == "Delta <script>alert(1)</script>", "CSV keeps data exactly"
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert len({len(r) for r in rows}) == 1, "every row has every column (quoting is right)"
    plain = export_bytes(mini_days, ExportRequest("csv", DAY, csv_bom=False))
    assert not plain.startswith(b"\xef\xbb\xbf")


def test_comparison_geojson_and_csv(mini_days):
    request = ExportRequest("geojson", date(2024, 12, 8), compare_to=date(2024, 11, 26))
    doc = json.loads(export_bytes(mini_days, request))
    changes = [f["properties"] for f in doc["features"] if f["properties"]["layer"] == "change"]
    places = {f["id"]: f["properties"] for f in doc["features"] if f["properties"]["layer"] == "place_change"}
    assert set(places) == {"alpha", "beta", "zeta"}
    assert places["alpha"]["from_controller"] == "GOV" and places["alpha"]["to_controller"] == "REB"
    assert all(c["area_km2"] > 0 and c["from_controller"] != c["to_controller"] for c in changes)
    rows = list(
        csv.DictReader(
            io.StringIO(
                export_bytes(mini_days, ExportRequest("csv", date(2024, 12, 8), compare_to=date(2024, 11, 26))).decode(
                    "utf-8-sig"
                )
            )
        )
    )
    assert {r["id"] for r in rows} == {"alpha", "beta", "zeta"}


def test_html_is_self_contained_and_escaped(mini_days):
    html = export_bytes(mini_days, ExportRequest("html", DAY)).decode("utf-8")
    assert "<script src=" not in html and '<link rel="stylesheet" href=' not in html
    assert "/app/static" not in html and "https://cdn" not in html
    assert "<script>alert(1)</script>" not in html, "data text is never raw HTML in the page"
    assert '<html lang="en" dir="ltr">' in html and "user-scalable=no" not in html


def test_a_long_periods_data_is_embedded_packed_and_unpacks_to_the_same_json():
    from dashboard.render.html_export import PACK_ABOVE, embedded_payload

    small = json.dumps({"name": "</script><b>x</b>"}).encode()
    assert json.loads(embedded_payload(small)) == json.loads(small), "small data stays readable JSON"
    assert "</script" not in embedded_payload(small)
    large = json.dumps({"rings": list(range(PACK_ABOVE // 4)), "name": "</script>"}).encode()
    packed = json.loads(embedded_payload(large))
    assert isinstance(packed, str) and len(packed) < len(large)
    assert gzip.decompress(base64.b64decode(packed)) == large


def test_animation_steps_include_the_last_day(mini):
    days = animation_dates(mini, ExportRequest("gif", DAY, every=7))
    assert days == [date(2024, 11, 26), date(2024, 12, 3), date(2024, 12, 10), date(2024, 12, 12)]


def test_file_names_say_dataset_framing_and_dates(mini):
    assert export_filename(mini, ExportRequest("png", DAY, framing="all")) == "mini-all-2024-12-05.png"
    assert export_filename(mini, ExportRequest("csv", DAY)) == "mini-2024-12-05.csv"
    assert export_filename(mini, ExportRequest("gif", DAY, every=7)) == "mini-all-2024-11-26-to-2024-12-12-every-7d.gif"
    assert (
        export_filename(mini, ExportRequest("png", DAY, compare_to=date(2024, 12, 1), lang="ar"))
        == "mini-all-changes-2024-12-01-to-2024-12-05-ar.png"
    )


@pytest.mark.parametrize(
    ("request_", "message"),
    [
        (ExportRequest("bmp", DAY), "unknown format"),
        (ExportRequest("png", DAY, framing="moon"), "unknown framing"),
        (ExportRequest("png", DAY, compare_to=date(2024, 12, 8)), "after --date"),
        (ExportRequest("gif", DAY, compare_to=date(2024, 12, 1)), "--compare-to works with"),
    ],
)
def test_impossible_requests_are_refused(mini_days, request_, message):
    with pytest.raises(ValueError, match=message):
        export_bytes(mini_days, request_)


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, SCRIPT, "--data", str(MINI), *args], capture_output=True, text=True, timeout=120
    )


def test_cli_writes_geojson(tmp_path):
    out = tmp_path / "x.geojson"
    result = run_cli("--date", "2024-12-05", "--format", "geojson", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["properties"]["date"] == "2024-12-05"


@pytest.mark.parametrize(
    "args, message",
    [
        (["--format", "bmp"], "--format must be one of png, svg, pdf, html, geojson, csv, gif, mp4"),
        (["--format", "csv", "--date", "2030-01-01"], "outside the data: choose a date from 2024-11-26 to 2024-12-12"),
        (["--format", "csv", "--date", "tomorrow"], "--date must be a date YYYY-MM-DD"),
        (["--format", "png", "--bbox", "36,35"], "--bbox must be four numbers W,S,E,N"),
        (["--format", "png", "--bbox", "38,35,36,37"], "W < E"),
        (["--format", "png", "--focus", "moon"], "unknown framing 'moon': choose one of all"),
        (["--format", "gif", "--start", "2024-12-10", "--end", "2024-12-01"], "is after its end"),
        (["--format", "csv", "--compare-to", "2024-12-10", "--date", "2024-12-05"], "is after --date"),
        (["--format", "csv", "--compare-to", "2023-01-01"], "outside the data"),
        (["--format", "png", "--lang", "fr"], "--lang must be one of en, ar"),
        (["--format", "csv", "--every", "7"], "--every is for animations"),
    ],
)
def test_cli_bad_arguments_one_line_no_file(tmp_path, args, message):
    out = tmp_path / ("out." + args[1])
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


def test_cli_refuses_an_extension_of_another_format(tmp_path):
    result = run_cli("--format", "csv", "--out", str(tmp_path / "x.png"))
    assert result.returncode == 2 and "ends in .png but --format is csv" in result.stderr and "x.csv" in result.stderr


def test_cli_compare_lists_the_changed_places(tmp_path):
    out = tmp_path / "changes.csv"
    result = run_cli("--date", "2024-12-08", "--compare-to", "2024-11-26", "--format", "csv", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert {r["id"] for r in csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig")))} == {
        "alpha",
        "beta",
        "zeta",
    }


def test_failed_write_never_leaves_a_partial_file(tmp_path):
    from dashboard.core.io.files import write_atomic

    target = tmp_path / "keep.csv"
    target.write_bytes(b"old")
    with pytest.raises(TypeError):
        write_atomic(target, object())  # type: ignore[arg-type]
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.csv"], "no temporary file is left behind"


def test_atomic_write_keeps_ordinary_permissions(tmp_path):
    from dashboard.core.io.files import write_atomic

    new = write_atomic(tmp_path / "new.csv", b"x")
    assert new.stat().st_mode & 0o044, "readable by others like any file the user creates"
    existing = tmp_path / "existing.csv"
    existing.write_bytes(b"a")
    existing.chmod(0o640)
    assert write_atomic(existing, b"b").stat().st_mode & 0o777 == 0o640


def test_cli_opens_the_html_on_a_place_named_any_way(tmp_path):
    out = tmp_path / "deraa.html"
    result = run_cli("--date", "2024-12-05", "--format", "html", "--place", "Beeta", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert '"initial_place": "beta"' in out.read_text(encoding="utf-8")
    bad = run_cli("--format", "html", "--place", "Narnia", "--out", str(tmp_path / "x.html"))
    assert bad.returncode == 2 and "--place 'Narnia': no such place" in bad.stderr
