"""Drawn territory: the model and API, and the validator's rules for drawn shapes (on the mini dataset)."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
import shapely
from shapely.geometry import box, mapping

from dashboard.core import GeodataError, load_dataset, validate_dataset
from dashboard.core.drawn import DrawnLayer, DrawnShape, feature_of, read_drawn, same_shape
from tests.catalogue import MINI

# The mini outline is the box 36..38 E, 33..35 N; its period runs 2024-11-26 to 2024-12-12.


def shape_(series: str, day: str, geom, controller: str = "REB", **extra) -> DrawnShape:
    return DrawnShape(
        series=series,
        controller=controller,
        date=date.fromisoformat(day),
        geometry=geom,
        certainty=extra.pop("certainty", "reported"),
        sources=tuple(extra.pop("sources", ("W1",))),
        contested=extra.pop("contested", False),
        note=extra.pop("note", None),
    )


def write_series(folder: Path, series: str, features: list[dict]) -> Path:
    (folder / "drawn").mkdir(exist_ok=True)
    path = folder / "drawn" / f"{series}.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return path


@pytest.fixture
def folder(tmp_path) -> Path:
    return shutil.copytree(MINI, tmp_path / "mini")


def messages(folder: Path) -> list[str]:
    return [str(p) for p in validate_dataset(folder)]


# ---------------------------------------------------------------------------------------------- API


def test_layer_answers_which_shape_holds_on_a_day():
    west, east = box(36.1, 33.1, 36.5, 33.5), box(37.5, 34.5, 37.9, 34.9)
    layer = DrawnLayer(
        (
            shape_("reb", "2024-12-03", box(36.1, 33.1, 36.9, 33.9)),
            shape_("reb", "2024-11-27", west),
            shape_("gov", "2024-11-28", east, controller="GOV"),
            shape_("gov", "2024-12-05", None, controller="GOV"),
        )
    )
    assert [(s.series, s.date.day) for s in layer.shapes] == [("gov", 28), ("gov", 5), ("reb", 27), ("reb", 3)]
    assert layer.change_dates() == [date(2024, 11, 27), date(2024, 11, 28), date(2024, 12, 3), date(2024, 12, 5)]
    assert layer.active_on(date(2024, 11, 26)) == []
    assert [s.geometry for s in layer.active_on(date(2024, 11, 29))] == [east, west]
    assert [s.series for s in layer.active_on(date(2024, 12, 5))] == ["reb"]
    assert layer.active_on(date(2024, 12, 4))[1].geometry.area == pytest.approx(0.64)
    assert not layer.is_empty() and DrawnLayer().is_empty()


def test_same_shape_ignores_winding_start_and_rounding():
    square = box(36, 33, 37, 34)
    turned = shapely.Polygon(list(square.exterior.coords)[::-1][1:] + [list(square.exterior.coords)[::-1][1]])
    assert same_shape(square, turned)
    assert same_shape(square, shapely.affinity.translate(square, 1e-7))
    assert not same_shape(square, shapely.affinity.translate(square, 1e-3))
    assert not same_shape(square, None) and same_shape(None, None)


def test_stored_feature_is_rounded_and_counter_clockwise():
    clockwise = shapely.Polygon([(36.123456789, 33), (36, 34), (37, 34), (37, 33)])
    feature = feature_of(shape_("reb", "2024-12-01", clockwise))
    ring = shapely.LinearRing(feature["geometry"]["coordinates"][0])
    assert ring.is_ccw and feature["geometry"]["coordinates"][0][0][0] in (36.12346, 36, 37)
    assert feature["id"] == "reb-2024-12-01" and feature["properties"]["contested"] is False


def test_no_drawn_folder_is_an_empty_layer(mini):
    assert mini.drawn.is_empty() and read_drawn(MINI).is_empty()


def test_loader_fills_dataset_drawn(folder):
    features = [
        feature_of(shape_("reb", "2024-11-27", box(36.1, 33.1, 36.5, 33.5))),
        feature_of(shape_("reb", "2024-12-02", box(36.1, 33.1, 36.7, 33.5))),
        feature_of(shape_("reb", "2024-12-09", None)),
    ]
    write_series(folder, "reb", features)
    dataset = load_dataset(folder)
    assert [s.date.isoformat() for s in dataset.drawn.shapes] == ["2024-11-27", "2024-12-02", "2024-12-09"]
    assert dataset.drawn.active_on(date(2024, 12, 3))[0].geometry.equals(box(36.1, 33.1, 36.7, 33.5))
    assert read_drawn(folder).shapes == dataset.drawn.shapes
    assert dataset.drawn.notices == ()


# ---------------------------------------------------------------------------------------------- rules


def test_each_bad_drawn_feature_is_named_with_its_field(folder):
    good = feature_of(shape_("reb", "2024-11-27", box(36.1, 33.1, 36.5, 33.5)))
    unknown = feature_of(shape_("reb", "2024-11-28", box(36.1, 33.1, 36.6, 33.5), controller="XYZ", sources=("Q9",)))
    early = feature_of(shape_("reb", "2024-11-20", box(36.1, 33.1, 36.6, 33.6)))
    line = {
        **feature_of(shape_("reb", "2024-12-01", None)),
        "geometry": mapping(shapely.LineString([(36, 33), (37, 34)])),
    }
    write_series(folder, "reb", [good, unknown, early, line])
    found = messages(folder)
    assert any("feature 'reb-2024-11-28': properties.controller: expected a faction id" in m for m in found)
    assert any("feature 'reb-2024-11-28': properties.sources[0]: expected a source id" in m for m in found)
    assert any("'reb-2024-11-20': properties.date: expected dates strictly increasing" in m for m in found)
    assert any("'reb-2024-11-20': properties.date: expected a date from 2024-11-26 to 2024-12-12" in m for m in found)
    assert any("'reb-2024-12-01': geometry: expected a non-empty Polygon or MultiPolygon" in m for m in found)
    assert all("drawn/reb.geojson" in m for m in found), found


def test_series_must_match_its_file(folder):
    write_series(folder, "reb", [feature_of(shape_("other", "2024-11-27", box(36.1, 33.1, 36.5, 33.5)))])
    assert any("properties.series: expected 'reb' (the file's name)" in m for m in messages(folder))


def test_repairable_ring_is_repaired_and_reported(folder):
    # A ring that touches itself at one point: make_valid splits it, nothing about the land changes.
    touching = shapely.Polygon([(36, 33), (37, 33), (36.5, 33.5), (37, 34), (36, 34), (36.5, 33.5), (36, 33)])
    assert not touching.is_valid
    write_series(folder, "reb", [{**feature_of(shape_("reb", "2024-11-27", None)), "geometry": mapping(touching)}])
    dataset = load_dataset(folder)
    (notice,) = [str(n) for n in dataset.drawn.notices]
    assert "drawn/reb.geojson: feature 'reb-2024-11-27': geometry: repaired with make_valid" in notice
    assert dataset.drawn.shapes[0].geometry.is_valid


def test_bow_tie_is_refused(folder):
    bow_tie = shapely.Polygon([(36, 33), (37, 34), (37, 33), (36, 34), (36, 33)])
    write_series(folder, "reb", [{**feature_of(shape_("reb", "2024-11-27", None)), "geometry": mapping(bow_tie)}])
    (message,) = messages(folder)
    assert "geometry: expected a valid polygon, or one make_valid can repair" in message
    assert "Self-intersection" in message


def test_shape_partly_outside_is_clipped_with_the_km2_reported(folder):
    write_series(folder, "reb", [feature_of(shape_("reb", "2024-11-27", box(37.5, 34.5, 38.5, 35.0)))])
    dataset = load_dataset(folder)
    assert dataset.drawn.shapes[0].geometry.bounds == pytest.approx((37.5, 34.5, 38.0, 35.0))
    (notice,) = [str(n) for n in dataset.drawn.notices]
    # The part east of 38 E is 0.5 x 0.5 degrees at 34.75 N: about 45.7 km x 55.5 km = 2,536 km².
    km2_outside = float(notice.split("(")[1].split(" km²")[0].replace(",", ""))
    assert 2_500 < km2_outside < 2_570
    assert "clipped to the country outline" in notice


def test_shape_entirely_outside_is_refused(folder):
    write_series(folder, "reb", [feature_of(shape_("reb", "2024-11-27", box(40, 40, 41, 41)))])
    (message,) = messages(folder)
    assert "geometry: expected a shape inside the country outline, found a shape entirely outside it" in message


def test_two_controllers_cannot_claim_the_same_land(folder):
    write_series(folder, "reb", [feature_of(shape_("reb", "2024-11-27", box(36.0, 33.0, 36.6, 33.5)))])
    write_series(folder, "gov", [feature_of(shape_("gov", "2024-12-01", box(36.5, 33.0, 37.0, 33.5), "GOV"))])
    (message,) = messages(folder)
    assert "drawn/gov.geojson: feature 'gov-2024-12-01': geometry: expected no land shared" in message
    assert "on 2024-12-01" in message and "series 'reb' (REB)" in message
    km2_shared = float(message.split("found ")[1].split(" km²")[0].replace(",", ""))
    assert 420 < km2_shared < 520  # 0.1 x 0.5 degrees near 33.25 N


def test_contested_shapes_may_overlap_and_neighbours_may_touch(folder):
    write_series(folder, "reb", [feature_of(shape_("reb", "2024-11-27", box(36.0, 33.0, 36.5, 33.5)))])
    gov = [
        feature_of(shape_("gov", "2024-11-28", box(36.5, 33.0, 37.0, 33.5), "GOV")),  # shares only the front line
        feature_of(shape_("gov", "2024-12-01", box(36.4, 33.0, 37.0, 33.5), "GOV", contested=True)),
    ]
    write_series(folder, "gov", gov)
    assert messages(folder) == []


def test_overlap_starting_when_the_other_series_moves_is_found(folder):
    reb = [
        feature_of(shape_("reb", "2024-11-27", box(36.0, 33.0, 36.5, 33.5))),
        feature_of(shape_("reb", "2024-12-05", box(36.0, 33.0, 36.8, 33.5))),
    ]
    write_series(folder, "reb", reb)
    write_series(folder, "gov", [feature_of(shape_("gov", "2024-11-28", box(36.5, 33.0, 37.0, 33.5), "GOV"))])
    (message,) = messages(folder)
    assert "feature 'reb-2024-12-05'" in message and "series 'gov' (GOV)" in message


def test_a_series_that_ended_claims_nothing(folder):
    write_series(
        folder,
        "reb",
        [
            feature_of(shape_("reb", "2024-11-27", box(36.0, 33.0, 36.8, 33.5))),
            feature_of(shape_("reb", "2024-11-30", None)),
        ],
    )
    write_series(folder, "gov", [feature_of(shape_("gov", "2024-12-01", box(36.5, 33.0, 37.0, 33.5), "GOV"))])
    assert messages(folder) == []


def test_read_drawn_raises_listing_problems(folder):
    write_series(folder, "reb", [{"type": "Feature", "geometry": None, "properties": {"series": "reb"}}])
    with pytest.raises(GeodataError) as caught:
        read_drawn(folder)
    assert "feature '#0': properties.controller: expected this required field" in str(caught.value)


def test_drawn_files_have_their_own_size_limit(folder, monkeypatch):
    from dashboard.core.io import loader

    write_series(folder, "reb", [feature_of(shape_("reb", "2024-11-27", box(36.1, 33.1, 36.5, 33.5)))])
    size = (folder / "drawn" / "reb.geojson").stat().st_size
    monkeypatch.setattr(loader, "MAX_FILE_BYTES", size - 1)
    monkeypatch.setattr(loader, "MAX_DRAWN_FILE_BYTES", size)
    assert not any("reb.geojson: expected a file of at most" in str(p) for p in validate_dataset(folder))
    monkeypatch.setattr(loader, "MAX_DRAWN_FILE_BYTES", size - 1)
    assert any("drawn/reb.geojson: expected a file of at most" in str(p) for p in validate_dataset(folder))


def test_validate_command_counts_drawn_shapes_and_prints_repairs_and_clips(folder, capsys):
    from dashboard.cli import main

    touching = shapely.Polygon([(36, 33), (37, 33), (36.5, 33.5), (37, 34), (36, 34), (36.5, 33.5), (36, 33)])
    features = [
        {**feature_of(shape_("reb", "2024-11-27", None)), "geometry": mapping(touching)},
        feature_of(shape_("reb", "2024-12-01", box(37.5, 34.5, 38.5, 35.0))),
    ]
    write_series(folder, "reb", features)
    assert main(["validate", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "2 drawn shapes in 1 series" in out
    assert "note: " in out and "reb.geojson: feature 'reb-2024-11-27': geometry: repaired with make_valid" in out
    assert "feature 'reb-2024-12-01': geometry: clipped to the country outline (2,5" in out


def test_format_command_lays_out_drawn_files_too(folder, capsys):
    from dashboard.cli import main

    path = write_series(folder, "reb", [feature_of(shape_("reb", "2024-11-27", box(36.1, 33.1, 36.5, 33.5)))])
    assert main(["format", str(folder)]) == 0
    text = path.read_text(encoding="utf-8")
    assert text.startswith('{\n  "type": "FeatureCollection"') and '"geometry": {"type": "Polygon"' in text
    assert main(["format", str(folder)]) == 0 and "reb.geojson: already formatted" in capsys.readouterr().out


HOSTILE_FEATURES = [
    "a string",
    None,
    {"type": "Feature"},
    {"type": "Feature", "geometry": None, "properties": None},
    {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": "36,33"}, "properties": {}},
    {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[["a", "b"]]]}, "properties": {}},
    {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[[36, 33], [37, 34]]]}, "properties": {}},
    {"type": "Feature", "geometry": {"type": "MultiPolygon", "coordinates": [[[]]]}, "properties": {}},
    {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[[36, 33, 1, 2, 3]]]}, "properties": {}},
    {
        "type": "Feature",
        "geometry": {"type": "Polygon", "coordinates": [[[1e400, 33], [37, 34], [36, 34], [1e400, 33]]]},
    },
    {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[[33, 36], [34, 37], [34, 36], [33, 36]]]}},
    {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[[36, 91], [37, 34], [36, 34], [36, 91]]]}},
    {"type": "Feature", "geometry": {"type": "GeometryCollection", "geometries": []}, "properties": {}},
    {"type": "Feature", "geometry": [], "properties": {"date": "yesterday", "sources": "W1", "contested": "no"}},
]


@pytest.mark.parametrize("raw", HOSTILE_FEATURES, ids=range(len(HOSTILE_FEATURES)))
def test_hostile_drawn_features_are_problems_never_tracebacks(folder, raw):
    props = {"series": "reb", "controller": "REB", "date": "2024-11-27", "certainty": "reported", "sources": ["W1"]}
    if isinstance(raw, dict) and "geometry" in raw and raw.get("properties", {}) == {}:
        raw = {**raw, "properties": props}  # only the geometry is wrong
    write_series(folder, "reb", [raw])
    problems = validate_dataset(folder)
    assert problems and all("drawn/reb.geojson" in p.file for p in problems), problems


@pytest.mark.parametrize("text", ["[]", '{"type": "FeatureCollection"}', "{not json", '{"type": "Feature"}'])
def test_a_drawn_file_that_is_not_a_collection_is_one_problem(folder, text):
    (folder / "drawn").mkdir()
    (folder / "drawn" / "reb.geojson").write_text(text, encoding="utf-8")
    (problem,) = validate_dataset(folder)
    assert problem.file.endswith("drawn/reb.geojson")


def test_swapped_coordinates_are_pointed_out(folder):
    write_series(folder, "reb", [feature_of(shape_("reb", "2024-11-27", box(33.2, 36.2, 33.5, 36.5)))])
    (message,) = messages(folder)
    assert "entirely outside it (it would lie inside with longitude and latitude swapped)" in message


def test_fast_decoding_gives_the_same_shapes_as_plain_json(folder):
    from dashboard.core.drawn import CoordinatesText, decode_series, read_geometry

    donut = shapely.Polygon(box(36, 33, 37, 34).exterior.coords, [box(36.2, 33.2, 36.4, 33.4).exterior.coords])
    with_z = {"type": "Polygon", "coordinates": [[[36, 33, 5], [37, 33, 5], [37, 34, 5], [36, 33, 5]]]}
    features = [
        {**feature_of(shape_("reb", "2024-11-27", donut, note='"coordinates": [1, 2]')), "x": {"coordinates": [1]}},
        {**feature_of(shape_("reb", "2024-11-28", None)), "geometry": with_z},
        feature_of(
            shape_("reb", "2024-11-29", shapely.MultiPolygon([box(36, 33, 36.5, 33.5), box(37, 34, 37.5, 34.5)]))
        ),
    ]
    text = json.dumps({"type": "FeatureCollection", "features": features}, indent=1)
    fast, plain = decode_series(text), json.loads(text)
    assert all(isinstance(f["geometry"]["coordinates"], CoordinatesText) for f in fast["features"])
    assert fast["features"][0]["properties"]["note"] == '"coordinates": [1, 2]' and fast["features"][0]["x"] == {
        "coordinates": [1]
    }
    for a, b in zip(fast["features"], plain["features"], strict=True):
        assert read_geometry(a["geometry"])[0].equals_exact(read_geometry(b["geometry"])[0], 0)
    assert not read_geometry(fast["features"][1]["geometry"])[0].has_z
    with pytest.raises(json.JSONDecodeError) as caught:
        decode_series(text.replace('"features"', "features", 1))
    assert caught.value.lineno == 3


def test_confirmed_shape_needs_two_publishers(folder):
    one = feature_of(shape_("reb", "2024-11-27", box(36.1, 33.1, 36.5, 33.5), certainty="confirmed"))
    two = feature_of(
        shape_("reb", "2024-12-01", box(36.1, 33.1, 36.6, 33.5), certainty="confirmed", sources=["W1", "R3"])
    )
    write_series(folder, "reb", [one, two])
    (message,) = messages(folder)
    assert "feature 'reb-2024-11-27': properties.certainty: expected 'confirmed' only with sources from two" in message
