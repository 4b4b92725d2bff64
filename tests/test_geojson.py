"""GeoJSON we write: RFC 7946 winding (checked independently with Shapely), precision, and the reviewed
layout of places files (a lossless, idempotent round trip)."""

import json

import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import shape

from dashboard.core.geojson_format import format_places
from dashboard.render.geojson import geojson_geometry
from tests.conftest import MINI


def rings(geometry):
    for polygon in shapely.get_parts(shape(geometry)):
        yield polygon.exterior, True
        for hole in polygon.interiors:
            yield hole, False


def test_polygons_follow_the_right_hand_rule():
    clockwise = shapely.Polygon([(0, 0), (0, 1), (1, 1), (1, 0)], holes=[[(0.2, 0.2), (0.4, 0.2), (0.4, 0.4)]])
    assert clockwise.exterior.is_ccw is False
    for ring, exterior in rings(geojson_geometry(clockwise)):
        assert shapely.LinearRing(ring.coords).is_ccw == exterior


def test_coordinates_are_rounded_to_five_decimals():
    geometry = geojson_geometry(shapely.Point(36.123456789, 34.987654321))
    assert geometry["coordinates"] == (36.12346, 34.98765)


places_doc = json.loads((MINI / "places.geojson").read_text(encoding="utf-8"))


def test_format_places_is_lossless_and_idempotent():
    text = format_places(places_doc)
    assert json.loads(text) == places_doc
    assert format_places(json.loads(text)) == text
    assert all(line.strip().startswith('{"date"') for line in text.splitlines() if '"controller"' in line)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=12,
)


@settings(max_examples=60)
@given(json_values)
def test_any_json_round_trips(value):
    doc = {"type": "FeatureCollection", "features": [{"properties": {"control": [value]}, "x": value}]}
    assert json.loads(format_places(doc)) == doc
