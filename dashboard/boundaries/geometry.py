"""Geometry helpers: areas, the 5-decimal grid, repairs, reading TopoJSON, RFC 7946 features and checks."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import Point, box, mapping
from shapely.geometry.base import BaseGeometry

from .constants import DECIMALS, EQUAL_AREA, GRID
from .errors import BuildError

__all__ = [
    "admin1_at",
    "area_km2",
    "coordinates_off_grid",
    "dumps",
    "feature",
    "in_box",
    "in_division",
    "merged",
    "on_grid",
    "one",
    "polygonal",
    "read_countries",
    "repaired",
    "ring_orientation_errors",
    "split_at_antimeridian",
    "utm_crs",
    "vertices",
    "which",
]


def area_km2(geom: BaseGeometry) -> float:
    """Area in km2 in the equal-area projection (0 for None or empty)."""
    if geom is None or geom.is_empty:
        return 0.0
    return float(gpd.GeoSeries([geom], crs="EPSG:4326").to_crs(EQUAL_AREA).area.iloc[0]) / 1e6


def which(geom_rows: gpd.GeoDataFrame, pt: Point) -> list[str]:
    """Sorted names of the rows whose geometry contains the point."""
    return sorted(geom_rows[geom_rows.contains(pt)]["name"])


def admin1_at(admin1: list[dict], pt: Point) -> list[str]:
    """The NE admin-1 features containing the point, as 'code (name, country)'."""
    return sorted(
        f"{f['properties'].get('iso_3166_2')} ({f['properties'].get('name')}, {f['properties'].get('admin')})"
        for f in admin1
        if f["_geom"].contains(pt)
    )


def in_division(divisions: dict[str, BaseGeometry], pt: Point) -> list[str]:
    """Ids of the divisions containing the point."""
    return [code for code, g in divisions.items() if g.contains(pt)]


def on_grid(geom: BaseGeometry) -> BaseGeometry:
    """The geometry snapped to the 5-decimal grid."""
    return shapely.set_precision(geom, GRID)


def polygonal(geom: BaseGeometry) -> BaseGeometry:
    """Drop points and lines that an overlay may leave in a GeometryCollection."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def repaired(geom: BaseGeometry) -> BaseGeometry:
    """Valid and on the 5-decimal grid (a few NE 10m polygons, e.g. Saudi Arabia's Red Sea coast, self-touch)."""
    return on_grid(geom if geom.is_valid else polygonal(shapely.make_valid(geom)))


def merged(geoms: list[BaseGeometry]) -> BaseGeometry:
    """One geometry as it is (a union would rewrite its rings), several as their union."""
    return geoms[0] if len(geoms) == 1 else shapely.union_all(geoms)


def vertices(geom: BaseGeometry) -> int:
    """Number of coordinates in the geometry."""
    return int(shapely.get_num_coordinates(geom))


def rounded_coords(obj):
    if isinstance(obj, (list, tuple)):
        if obj and isinstance(obj[0], (int, float)):
            return [round(float(c), DECIMALS) + 0.0 for c in obj]
        return [rounded_coords(o) for o in obj]
    return obj


def feature(geom: BaseGeometry, properties: dict, fid: str | None = None) -> dict:
    """A GeoJSON feature, RFC 7946-oriented, coordinates rounded to 5 decimals."""
    geom = shapely.orient_polygons(geom, exterior_cw=False)  # RFC 7946: exteriors counter-clockwise, holes clockwise
    gj = mapping(geom)
    out = {"type": "Feature"}
    if fid is not None:
        out["id"] = fid
    out["properties"] = properties
    out["geometry"] = {"type": gj["type"], "coordinates": rounded_coords(gj["coordinates"])}
    return out


def dumps(features: list[dict]) -> bytes:
    """One feature per line: small diffs, readable, and still compact."""
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features]
    return ('{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n").encode("utf-8")


def one(df: gpd.GeoDataFrame, mask, what: str) -> BaseGeometry:
    """The geometry of the single row matching `mask`; BuildError if there are none or several."""
    rows = df[mask]
    if len(rows) != 1:
        raise BuildError(f"expected one {what}, found {len(rows)}")
    return rows.geometry.iloc[0]


def split_at_antimeridian(geom: BaseGeometry) -> BaseGeometry:
    """Repair polygon parts that cross 180 degrees (Fiji, Russia's Chukotka, Wrangel Island).

    Their rings jump from +179.9 to -179.9, so read as plain coordinates they become bands around the globe that
    overlap every country at their latitudes. Such a part is unwrapped (negative longitudes + 360) and cut at 180.
    A part that is still wider than 180 degrees once unwrapped (Antarctica, which circles the pole) is kept as it is.
    """
    x0, _, x1, _ = geom.bounds
    if geom.is_empty or x1 - x0 <= 180:
        return geom
    out, changed = [], False
    for part in shapely.get_parts(geom):
        px0, _, px1, _ = part.bounds
        if px1 - px0 > 180:
            unwrapped = shapely.transform(part, lambda xy: xy + np.where(xy[:, :1] < 0, 360.0, 0.0) * [1.0, 0.0])
            ux0, _, ux1, _ = unwrapped.bounds
            if ux1 - ux0 < 180 and unwrapped.area > 0:
                unwrapped = shapely.make_valid(unwrapped)
                out.append(polygonal(unwrapped.intersection(box(-180, -90, 180, 90))))
                east = polygonal(unwrapped.intersection(box(180, -90, 540, 90)))
                out.append(shapely.transform(east, lambda xy: xy - [360.0, 0.0]))
                changed = True
                continue
        out.append(part)
    return polygonal(shapely.union_all(out)) if changed else geom


def read_countries(path: Path) -> gpd.GeoDataFrame:
    """A world-atlas TopoJSON countries layer, parts crossing the antimeridian repaired."""
    df = gpd.read_file(path, layer="countries")  # GDAL's TopoJSON driver decodes the arcs
    df["geometry"] = [split_at_antimeridian(g) for g in df.geometry]
    return df.set_crs("EPSG:4326", allow_override=True)


def in_box(df: gpd.GeoDataFrame, bbox: BaseGeometry) -> gpd.GeoDataFrame:
    """The rows meeting the box, their geometries repaired and on the grid."""
    df = df[df.intersects(bbox)].copy()
    df["geometry"] = [repaired(g) for g in df.geometry]
    return df


def utm_crs(geom: BaseGeometry) -> str:
    """The WGS 84 UTM zone (EPSG code) of the geometry's centroid."""
    c = geom.centroid
    zone = min(60, int((c.x + 180) // 6) + 1)
    return f"EPSG:{(32600 if c.y >= 0 else 32700) + zone}"


def ring_orientation_errors(doc: dict) -> list[str]:
    """RFC 7946 §3.1.6: exterior rings counter-clockwise, holes clockwise. Checked on the decoded output."""
    errors = []
    for i, f in enumerate(doc["features"]):
        g = f["geometry"]
        polys = (
            [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"] if g["type"] == "MultiPolygon" else []
        )
        for j, rings in enumerate(polys):
            for k, ring in enumerate(rings):
                if shapely.LinearRing(ring).is_ccw != (k == 0):
                    errors.append(f"feature {i} polygon {j} ring {k}")
    return errors


def coordinates_off_grid(obj) -> int:
    """How many coordinates in nested lists have more than 5 decimals."""
    if isinstance(obj, list):
        if obj and isinstance(obj[0], (int, float)):
            return sum(1 for c in obj if round(c, DECIMALS) != c)
        return sum(coordinates_off_grid(o) for o in obj)
    return 0
