"""GeoJSON output that other tools accept: RFC 7946 ring orientation, WGS84, sensible precision.

One geometry helper for every file and payload we write, so the browser map, the GeoJSON export and
the boundary files round coordinates and orient rings the same way.
"""

from __future__ import annotations

import json
from typing import Any

import shapely
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

#: 5 decimals of a degree is about 1 m: finer than the data, small enough to keep files light.
COORD_DECIMALS = 5


def geojson_geometry(geom: BaseGeometry, decimals: int = COORD_DECIMALS) -> dict[str, Any]:
    """A GeoJSON geometry dict, coordinates rounded to `decimals`, polygon exteriors counter-clockwise
    and holes clockwise (the RFC 7946 right-hand rule)."""
    return mapping(snapped_geometry(geom, decimals))


def snapped_geometry(geom: BaseGeometry, decimals: int = COORD_DECIMALS) -> BaseGeometry:
    """The geometry `geojson_geometry` writes, still a Shapely geometry (to read its coordinates as arrays)."""
    snapped = shapely.set_precision(geom, 10**-decimals)
    if snapped.geom_type in ("Polygon", "MultiPolygon", "GeometryCollection"):
        snapped = shapely.orient_polygons(snapped, exterior_cw=False)
    return snapped


def feature_collection(features: list[dict[str, Any]], **members: Any) -> dict[str, Any]:
    """A FeatureCollection with extra top-level members (RFC 7946 allows foreign members)."""
    return {"type": "FeatureCollection", **members, "features": features}


def geojson_bytes(doc: dict[str, Any]) -> bytes:
    """UTF-8 JSON with Arabic kept as characters (not backslash-u escapes), for humans reading the file."""
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def compact_json(doc: Any) -> bytes:
    """Compact UTF-8 JSON, for payloads a browser reads."""
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
