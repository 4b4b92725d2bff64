"""Every GeoJSON file in geodata/ is one other tools accept: read back through GDAL (pyogrio) and GeoPandas,
WGS84 positions, and polygon rings following the RFC 7946 right-hand rule (checked with Shapely)."""

from __future__ import annotations

import json

import geopandas as gpd
import pyogrio
import pytest
import shapely
from shapely.geometry import shape

from tests.conftest import ROOT

FILES = sorted((ROOT / "geodata").glob("*/**/*.geojson"))


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT / "geodata")))
def test_geodata_geojson_reads_back_and_follows_rfc7946(path):
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["type"] == "FeatureCollection"
    assert pyogrio.read_info(path)["features"] == len(doc["features"])
    frame = gpd.read_file(path)
    assert len(frame) == len(doc["features"])
    for feature in doc["features"]:
        if not feature.get("geometry"):
            continue
        geometry = shape(feature["geometry"])
        west, south, east, north = geometry.bounds
        assert -180 <= west <= east <= 180 and -90 <= south <= north <= 90
        for polygon in shapely.get_parts(geometry):
            if polygon.geom_type == "Polygon":
                assert polygon.exterior.is_ccw and not any(hole.is_ccw for hole in polygon.interiors)
