"""`conflict-map import-areas`: every accepted format, unusual but valid input, and each bad input.

Fixtures are written with GeoPandas (GDAL) at test time into the mini dataset's country (the box
36..38 E, 33..35 N; period 2024-11-26 to 2024-12-12; factions GOV, REB, KUR; sources W1, N2, R3).
"""

from __future__ import annotations

import json
import shutil
import zipfile
from datetime import date
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import Point, Polygon, box

from dashboard.authoring.drawn_import import merged
from dashboard.authoring.file_dates import date_from_name, name_pattern
from dashboard.cli import main
from dashboard.core import load_dataset
from dashboard.core.drawn import DrawnShape
from dashboard.core.geometry import projection_for
from tests.catalogue import MINI

WEST = box(36.2, 33.2, 36.8, 33.8)
DONUT = Polygon(box(37.0, 34.0, 37.6, 34.6).exterior.coords, [box(37.2, 34.2, 37.4, 34.4).exterior.coords])
PATTERN = "control_%Y%m%d"
ARGS = ["--controller", "REB", "--source", "W1", "--date-from-name", PATTERN]


@pytest.fixture
def dataset(tmp_path) -> Path:
    return shutil.copytree(MINI, tmp_path / "mini")


@pytest.fixture
def inbox(tmp_path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    return folder


def frame(*geoms, crs="EPSG:4326", **columns) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(columns, geometry=list(geoms), crs="EPSG:4326").to_crs(crs)


def run(capsys, dataset: Path, *argv) -> tuple[int, str, str]:
    status = main(["import-areas", *map(str, argv), "--data", str(dataset)])
    out, err = capsys.readouterr()
    return status, out, err


def stored(dataset: Path, series: str = "reb") -> list[dict]:
    return json.loads((dataset / "drawn" / f"{series}.geojson").read_text(encoding="utf-8"))["features"]


def km2(geom) -> float:
    return projection_for(geom).forward(geom).area / 1e6


# ---------------------------------------------------------------------------------------------- writers


def write_geojson(folder: Path, name: str, gdf: gpd.GeoDataFrame) -> Path:
    gdf.to_file(folder / f"{name}.geojson", driver="GeoJSON")
    return folder / f"{name}.geojson"


def write_kml(folder: Path, name: str, gdf: gpd.GeoDataFrame) -> Path:
    gdf.assign(Name="front").to_file(folder / f"{name}.kml", driver="KML")
    return folder / f"{name}.kml"


def write_kmz(folder: Path, name: str, gdf: gpd.GeoDataFrame) -> Path:
    kml = write_kml(folder, "doc", gdf)
    with zipfile.ZipFile(folder / f"{name}.kmz", "w") as archive:
        archive.write(kml, "doc.kml")
    kml.unlink()
    return folder / f"{name}.kmz"


def write_zipped_shapefile_utm(folder: Path, name: str, gdf: gpd.GeoDataFrame) -> Path:
    parts = folder / "shp"
    parts.mkdir()
    gdf.to_crs("EPSG:32637").to_file(parts / "areas.shp")  # UTM zone 37N: metres, not degrees
    with zipfile.ZipFile(folder / f"{name}.zip", "w") as archive:
        for part in sorted(parts.iterdir()):
            archive.write(part, part.name)
    shutil.rmtree(parts)
    return folder / f"{name}.zip"


def write_geopackage(folder: Path, name: str, gdf: gpd.GeoDataFrame) -> Path:
    path = folder / f"{name}.gpkg"
    frame(Point(36.5, 33.5)).to_file(path, layer="towns", driver="GPKG")  # not polygons: ignored
    gdf.to_file(path, layer="control", driver="GPKG")
    return path


def write_flatgeobuf(folder: Path, name: str, gdf: gpd.GeoDataFrame) -> Path:
    gdf.to_file(folder / f"{name}.fgb", driver="FlatGeobuf")
    return folder / f"{name}.fgb"


WRITERS = [write_geojson, write_kml, write_kmz, write_zipped_shapefile_utm, write_geopackage, write_flatgeobuf]


# ---------------------------------------------------------------------------------------------- formats


@pytest.mark.parametrize("writer", WRITERS, ids=lambda w: w.__name__.removeprefix("write_"))
def test_each_format_imports(writer, dataset, inbox, capsys):
    writer(inbox, "control_20241201", frame(WEST, DONUT))
    status, out, err = run(capsys, dataset, inbox, *ARGS)
    assert status == 0, err
    (feature,) = stored(dataset)
    assert feature["id"] == "reb-2024-12-01"
    assert feature["properties"] == {
        "series": "reb",
        "controller": "REB",
        "date": "2024-12-01",
        "certainty": "reported",
        "sources": ["W1"],
        "contested": False,
        "imported_from": f"control_20241201{writer(inbox, 'x', frame(WEST)).suffix}",
    }
    shape = shapely.geometry.shape(feature["geometry"])
    expected = shapely.union_all([WEST, DONUT])
    assert shape.geom_type == "MultiPolygon" and len(shape.geoms[1].interiors) + len(shape.geoms[0].interiors) == 1
    assert shapely.symmetric_difference(shape, expected).area < 1e-6  # a 1 m grid, and UTM there and back
    assert "1 day(s) read" in out and "stored 1 changed day(s)" in out
    assert f"{km2(expected):,.0f} km² on 2024-12-01" in out
    assert load_dataset(dataset).drawn.active_on(date(2024, 12, 2))[0].controller == "REB"


def test_gdal_has_every_driver_the_importer_documents():
    import pyogrio

    drivers = pyogrio.list_drivers()
    assert {"GeoJSON", "KML", "LIBKML", "ESRI Shapefile", "GPKG", "FlatGeobuf"} <= set(drivers)


def test_clockwise_rings_holes_empty_properties_and_a_legacy_crs(dataset, inbox, capsys):
    clockwise = shapely.orient_polygons(shapely.MultiPolygon([WEST, DONUT]), exterior_cw=True)
    geometry = shapely.geometry.mapping(clockwise)
    doc = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, "geometry": geometry}]}
    (inbox / "control_20241201.geojson").write_text(json.dumps(doc), encoding="utf-8")
    # GDAL writes a legacy `crs` member for a GeoJSON file in Web Mercator.
    write_geojson(inbox, "control_20241203", frame(box(36.2, 33.2, 36.9, 33.8), crs="EPSG:3857"))
    assert '"crs"' in (inbox / "control_20241203.geojson").read_text(encoding="utf-8")
    status, out, err = run(capsys, dataset, inbox, *ARGS)
    assert status == 0, err
    first, second = (shapely.geometry.shape(f["geometry"]) for f in stored(dataset))
    assert all(ring.is_ccw for poly in first.geoms for ring in [poly.exterior])
    assert not any(ring.is_ccw for poly in first.geoms for ring in poly.interiors)
    assert second.bounds == pytest.approx((36.2, 33.2, 36.9, 33.8), abs=1e-5)


def test_date_field_and_controller_field(dataset, inbox, capsys):
    gdf = frame(WEST, box(37.2, 34.2, 37.8, 34.8), WEST.buffer(0.05), day=["2024-11-28", "2024-11-28", "2024-12-04"])
    gdf["side"] = ["REB", "GOV", ""]  # an empty controller falls back to --controller
    write_geopackage(inbox, "archive", gdf)
    argv = ["--controller", "REB", "--source", "W1", "--date-field", "day", "--controller-field", "side"]
    status, out, err = run(capsys, dataset, inbox / "archive.gpkg", *argv)
    assert status == 0, err
    assert [f["id"] for f in stored(dataset)] == ["reb-2024-11-28", "reb-2024-12-04"]
    assert [f["id"] for f in stored(dataset, "gov")] == ["gov-2024-11-28"]


# ---------------------------------------------------------------------------------------------- bad input


BAD = {
    "not_a_polygon": ("control_20241201.geojson", frame(shapely.LineString([(36.2, 33.2), (36.8, 33.8)]))),
    "no_date": ("control_latest.geojson", frame(WEST)),
    "outside_period": ("control_20230101.geojson", frame(WEST)),
    "unreadable": ("control_20241202.geojson", None),
    "outside_country": ("control_20241203.geojson", frame(box(40, 40, 41, 41))),
    "self_intersecting": ("control_20241204.geojson", frame(Polygon([(36, 33), (37, 34), (37, 33), (36, 34)]))),
}
EXPECTED = {
    "not_a_polygon": "geometry: expected a Polygon or MultiPolygon, found LineString",
    "no_date": "file name: expected a file name with a date matching 'control_%Y%m%d', found 'control_latest.geojson'",
    "outside_period": "file name: expected a date in the dataset's period (2024-11-26 to 2024-12-12), found 2023-01-01",
    "unreadable": "expected a vector file GDAL can read",
    "outside_country": "geometry: expected a shape inside Testland's outline, found one entirely outside it",
    "self_intersecting": "geometry: expected a valid polygon, or one make_valid can repair without changing its area, "
    "found Self-intersection",
}


def write_bad(inbox: Path, case: str) -> Path:
    name, gdf = BAD[case]
    if gdf is None:
        (inbox / name).write_bytes(b"\x00\x01 not a map")
    else:
        gdf.to_file(inbox / name, driver="GeoJSON")
    return inbox / name


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_is_one_clear_line_and_nothing_written(case, dataset, inbox, capsys):
    path = write_bad(inbox, case)
    status, out, err = run(capsys, dataset, inbox, *ARGS)
    lines = [line for line in err.splitlines() if line.startswith("- ")]
    assert status == 1 and len(lines) == 1, err
    assert lines[0].startswith(f"- {path}") and EXPECTED[case] in lines[0], lines[0]
    assert not (dataset / "drawn").exists()


def test_every_problem_in_every_file_is_listed_at_once(dataset, inbox, capsys):
    for case in BAD:
        write_bad(inbox, case)
    write_geojson(inbox, "control_20241205", frame(WEST))  # a good file does not make the rest go through
    status, out, err = run(capsys, dataset, inbox, *ARGS)
    assert status == 1 and f"{len(BAD)} problem(s), nothing written" in err
    assert not (dataset / "drawn").exists()


def test_unknown_ids_on_the_command_line(dataset, inbox, capsys):
    write_geojson(inbox, "control_20241201", frame(WEST))
    argv = ["--controller", "XYZ", "--source", "NOPE", "--date-from-name", PATTERN]
    status, out, err = run(capsys, dataset, inbox, *argv)
    assert status == 1
    assert "--controller: expected a faction id from factions.json (GOV, KUR, REB), found 'XYZ'" in err
    assert "--source: expected a source id from sources.json" in err


# ---------------------------------------------------------------------------------------------- merging


def test_importing_twice_changes_nothing(dataset, inbox, capsys):
    for day, shape in [(1, WEST), (2, WEST), (3, WEST.buffer(0.02)), (4, WEST.buffer(0.02)), (5, WEST)]:
        write_geojson(inbox, f"control_202412{day:02d}", frame(shape))
    assert run(capsys, dataset, inbox, *ARGS)[0] == 0
    first = (dataset / "drawn" / "reb.geojson").read_bytes()
    status, out, err = run(capsys, dataset, inbox, *ARGS)
    assert status == 0 and (dataset / "drawn" / "reb.geojson").read_bytes() == first
    assert "5 day(s) read, 2 identical to the day before, stored 0 changed day(s)" in out


def test_identical_consecutive_days_are_dropped(dataset, inbox, capsys):
    moved = shapely.affinity.translate(WEST, 0.1)
    for day, shape in [(1, WEST), (2, WEST), (3, moved), (4, moved), (5, moved)]:
        write_geojson(inbox, f"control_202412{day:02d}", frame(shape))
    status, out, err = run(capsys, dataset, inbox, *ARGS)
    assert status == 0
    assert [f["properties"]["date"] for f in stored(dataset)] == ["2024-12-01", "2024-12-03"]
    assert "5 day(s) read, 3 identical to the day before, stored 2 changed day(s)" in out


def test_merge_keeps_earlier_days_and_drops_a_day_that_repeats_its_predecessor():
    def item(day: int, geom) -> DrawnShape:
        return DrawnShape("reb", "REB", date(2024, 12, day), geom, "reported", ("W1",), False, None)

    moved = shapely.affinity.translate(WEST, 0.1)
    existing = [item(1, WEST), item(3, moved)]
    shapes, unchanged = merged(existing, [item(3, WEST), item(5, moved)])
    assert [(s.date.day, s.geometry.equals(moved)) for s in shapes] == [(1, False), (5, True)]
    assert unchanged == 1


def test_overlap_with_another_controller_is_refused(dataset, inbox, capsys):
    write_geojson(inbox, "control_20241201", frame(WEST))
    assert run(capsys, dataset, inbox, *ARGS)[0] == 0
    gov = inbox / "gov"
    gov.mkdir()
    write_geojson(gov, "control_20241202", frame(shapely.affinity.translate(WEST, 0.3)))
    argv = ["--controller", "GOV", "--source", "W1", "--date-from-name", PATTERN]
    status, out, err = run(capsys, dataset, gov, *argv)
    assert status == 1
    assert f"{dataset / 'drawn' / 'gov.geojson'}: feature 'gov-2024-12-02': geometry: expected no land shared" in err
    assert "series 'reb' (REB)" in err
    assert not (dataset / "drawn" / "gov.geojson").exists()


def test_shape_partly_outside_is_clipped_and_reported(dataset, inbox, capsys):
    write_geojson(inbox, "control_20241201", frame(box(37.5, 34.5, 38.5, 35.0)))
    status, out, err = run(capsys, dataset, inbox, *ARGS)
    assert status == 0
    assert "control_20241201.geojson: clipped to the country outline (2,5" in err
    assert shapely.geometry.shape(stored(dataset)[0]["geometry"]).bounds == pytest.approx((37.5, 34.5, 38, 35))


def test_small_self_intersection_is_repaired_and_reported(dataset, inbox, capsys):
    # The pen crossed its own line in a tiny loop: one obvious meaning, so it is repaired and reported.
    loop = Polygon([(36.2, 33.2), (36.8, 33.2), (36.8, 33.8), (36.5, 33.8), (36.5001, 33.7999), (36.5001, 33.8001)])
    loop = Polygon([*loop.exterior.coords[:-1], (36.4999, 33.8), (36.2, 33.8)])
    assert not loop.is_valid
    write_geojson(inbox, "control_20241201", frame(loop))
    status, out, err = run(capsys, dataset, inbox, *ARGS)
    assert status == 0, err
    assert "control_20241201.geojson: feature '#0': geometry: repaired with make_valid (Self-intersection" in err


def test_progress_line_on_long_series(dataset, inbox, capsys):
    for day in range(1, 13):
        write_geojson(inbox, f"control_202412{day:02d}", frame(shapely.affinity.translate(WEST, day / 100)))
    status, out, err = run(capsys, dataset, inbox, *ARGS)
    assert status == 0 and "\rreading files [" in err and "12/12\n" in err
    assert "12 day(s) read, 0 identical to the day before, stored 12 changed day(s)" in out


# ---------------------------------------------------------------------------------------------- names


def test_strftime_pattern_finds_the_date_anywhere_in_a_name():
    assert name_pattern("control_%Y%m%d.geojson").pattern == r"control_(\d{4})(\d{1,2})(\d{1,2})\.geojson"
    assert date_from_name("old-control_20241201.geojson", "control_%Y%m%d.geojson") == date(2024, 12, 1)
    assert date_from_name("map 01 Dec 2024.kmz", "%d %b %Y") == date(2024, 12, 1)
    with pytest.raises(ValueError, match="real calendar date"):
        date_from_name("control_20241301.geojson", "control_%Y%m%d")


def _placemark(name: str, geom) -> str:
    if geom.geom_type == "Point":
        body = f"<Point><coordinates>{geom.x},{geom.y}</coordinates></Point>"
    else:
        ring = " ".join(f"{x},{y}" for x, y in geom.exterior.coords)
        ring = f"<LinearRing><coordinates>{ring}</coordinates></LinearRing>"
        body = f"<Polygon><outerBoundaryIs>{ring}</outerBoundaryIs></Polygon>"
    return f"<Placemark><name>{name}</name>{body}</Placemark>"


def test_kml_folders_as_google_my_maps_writes_them(dataset, inbox, capsys):
    # Two folders of polygons and one of markers: the polygons of both folders make the day's shape.
    east = box(37.2, 34.2, 37.8, 34.8)
    folders = [("North", [_placemark("a", WEST)]), ("South", [_placemark("b", east)])]
    folders.append(("Towns", [_placemark("town", Point(36.5, 33.5))]))
    body = "".join(f"<Folder><name>{n}</name>{''.join(marks)}</Folder>" for n, marks in folders)
    kml = f'<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>{body}</Document></kml>'
    (inbox / "control_20241201.kml").write_text(kml, encoding="utf-8")
    status, out, err = run(capsys, dataset, inbox, *ARGS)
    assert status == 0, err
    shape = shapely.geometry.shape(stored(dataset)[0]["geometry"])
    assert shapely.symmetric_difference(shape, shapely.union_all([WEST, east])).area < 1e-6


def test_kml_timestamps_as_the_date_field(dataset, inbox, capsys):
    # Google Earth keeps a placemark's date in <TimeStamp>; GDAL's LIBKML driver gives it as `timestamp`.
    def mark(day: str, geom) -> str:
        return _placemark("front", geom).replace("</name>", f"</name><TimeStamp><when>{day}</when></TimeStamp>")

    marks = mark("2024-11-28", WEST) + mark("2024-12-03", shapely.affinity.translate(WEST, 0.1))
    kml = f'<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>{marks}</Document></kml>'
    (inbox / "history.kml").write_text(kml, encoding="utf-8")
    argv = ["--controller", "REB", "--source", "W1", "--date-field", "timestamp"]
    status, out, err = run(capsys, dataset, inbox / "history.kml", *argv)
    assert status == 0, err
    assert [f["properties"]["date"] for f in stored(dataset)] == ["2024-11-28", "2024-12-03"]


def test_bad_values_in_the_date_field_are_named_by_feature(dataset, inbox, capsys):
    write_geopackage(inbox, "archive", frame(WEST, WEST, WEST, day=["2024-12-01", "2024-13-01", None]))
    argv = ["--controller", "REB", "--source", "W1", "--date-field", "day"]
    status, out, err = run(capsys, dataset, inbox / "archive.gpkg", *argv)
    lines = [line for line in err.splitlines() if line.startswith("- ")]
    assert status == 1 and len(lines) == 2, err
    assert "archive.gpkg: feature 'layer control: #1': day: expected a real calendar date YYYY-MM-DD" in lines[0]
    assert "feature 'layer control: #2': day: expected an ISO date YYYY-MM-DD, found an empty field" in lines[1]


def test_broken_archives_and_a_shapefile_without_its_crs(dataset, inbox, capsys):
    (inbox / "control_20241201.kmz").write_bytes(b"PK not really a zip")
    with zipfile.ZipFile(inbox / "control_20241202.zip", "w") as archive:
        archive.writestr("readme.txt", "no map here")
    parts = inbox / "parts"
    parts.mkdir()
    frame(WEST, crs="EPSG:32637").to_file(parts / "areas.shp")
    (parts / "areas.prj").unlink()  # metres, and nothing says so
    with zipfile.ZipFile(inbox / "control_20241203.zip", "w") as archive:
        for part in sorted(parts.iterdir()):
            archive.write(part, part.name)
    shutil.rmtree(parts)
    status, out, err = run(capsys, dataset, inbox, *ARGS)
    lines = [line for line in err.splitlines() if line.startswith("- ")]
    assert status == 1 and len(lines) == 3, err
    assert "control_20241201.kmz: expected a readable KMZ archive" in lines[0]
    assert "control_20241202.zip: expected an archive holding a vector file (.shp, " in lines[1]
    assert "control_20241203.zip: expected a coordinate reference system (e.g. a .prj beside the .shp)" in lines[2]


def test_one_series_holds_one_controller(dataset, inbox, capsys):
    gdf = frame(WEST, box(37.2, 34.2, 37.8, 34.8), side=["REB", "GOV"])
    write_geojson(inbox, "control_20241201", gdf)
    argv = [*ARGS, "--controller-field", "side", "--series", "north"]
    status, out, err = run(capsys, dataset, inbox, *argv)
    assert status == 1 and "- the command line: --series: expected one controller per series, found GOV, REB" in err
    assert run(capsys, dataset, inbox, *ARGS, "--series", "north")[0] == 0
    assert stored(dataset, "north")[0]["properties"]["series"] == "north"


def test_dry_run_checks_everything_and_writes_nothing(dataset, inbox, capsys):
    write_geojson(inbox, "control_20241201", frame(WEST))
    assert run(capsys, dataset, inbox, *ARGS)[0] == 0
    before = (dataset / "drawn" / "reb.geojson").read_bytes()
    gov = inbox / "gov"
    gov.mkdir()
    write_geojson(gov, "control_20241202", frame(shapely.affinity.translate(WEST, 0.3)))
    argv = ["--controller", "GOV", "--source", "W1", "--date-from-name", PATTERN, "--dry-run"]
    status, out, err = run(capsys, dataset, gov, *argv)
    assert status == 1 and "expected no land shared" in err  # the overlap is found without writing
    write_geojson(inbox, "control_20241203", frame(shapely.affinity.translate(WEST, 0.1)))
    status, out, err = run(capsys, dataset, inbox, *ARGS, "--dry-run")
    assert status == 0 and "would store 1 changed day(s)" in out
    assert (dataset / "drawn" / "reb.geojson").read_bytes() == before
    assert not (dataset / "drawn" / "gov.geojson").exists()


def test_confirmed_import_needs_two_publishers(dataset, inbox, capsys):
    write_geojson(inbox, "control_20241201", frame(WEST))
    status, out, err = run(capsys, dataset, inbox, *ARGS, "--certainty", "confirmed")
    lines = [line for line in err.splitlines() if line.startswith("- ")]
    assert status == 1 and len(lines) == 1 and "- the command line: --certainty: expected 'confirmed' only" in lines[0]
    assert run(capsys, dataset, inbox, *ARGS, "--certainty", "confirmed", "--source", "R3")[0] == 0
    assert stored(dataset)[0]["properties"]["sources"] == ["W1", "R3"]
