"""Checks before anything is written: reference points, RFC 7946 on the bytes, overlaps in the written files."""

from __future__ import annotations

import json

import geopandas as gpd
import shapely
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry

from .constants import DECIMALS, GRID
from .errors import BuildError
from .geometry import area_km2, coordinates_off_grid, in_division, polygonal, ring_orientation_errors, utm_crs
from .profiles import CheckPoint

__all__ = ["check_output", "check_points", "check_written_overlaps"]


def check_points(
    points: list[CheckPoint], outline: BaseGeometry, divisions: dict[str, BaseGeometry]
) -> tuple[list[dict], list[str]]:
    """Where each reference point falls (outline, division, distance to the border), and the failed expectations."""
    results, failures = [], []
    crs = utm_crs(outline)
    boundary_m = gpd.GeoSeries([outline.boundary], crs="EPSG:4326").to_crs(crs).iloc[0]
    for cp in points:
        pt = Point(cp.lon, cp.lat)
        inside = bool(outline.contains(pt))
        dist = float(gpd.GeoSeries([pt], crs="EPSG:4326").to_crs(crs).iloc[0].distance(boundary_m))
        in_div = in_division(divisions, pt)
        results.append(
            {
                "name": cp.name,
                "lon": cp.lon,
                "lat": cp.lat,
                "source": cp.source,
                "inside_outline": inside,
                "distance_to_border_m": round(dist),
                "division": in_div[0] if in_div else None,
            }
        )
        if cp.inside is not None and inside != cp.inside:
            failures.append(f"{cp.name} is {'inside' if inside else 'outside'} the outline")
        if cp.inside and cp.division and in_div != [cp.division]:
            failures.append(f"{cp.name} falls in {in_div}, expected {cp.division}")
    return results, failures


def check_output(name: str, data: bytes) -> None:
    """Read the bytes back as a plain JSON document and check what RFC 7946 and the tests require."""
    doc = json.loads(data)
    for f in doc["features"]:
        if not shape(f["geometry"]).is_valid:
            raise BuildError(f"{name}: a feature is invalid after rounding")
        if coordinates_off_grid(f["geometry"]["coordinates"]):
            raise BuildError(f"{name}: coordinates with more than {DECIMALS} decimals")
    wrong = ring_orientation_errors(doc)
    if wrong:
        raise BuildError(f"{name}: rings not RFC 7946-oriented: {', '.join(wrong[:5])}")


def check_written_overlaps(files: dict[str, bytes]) -> dict:
    """Overlaps as a reader of the written files sees them: neighbours vs outline, division vs division.

    Where a 50m border meets the outline, the meeting point is rounded to the 5-decimal grid, so a neighbour's edge can
    leave the outline's edge by a fraction of a grid cell: slivers well under a metre wide. Those are tolerated (and
    their area recorded); an overlap that still has area after shrinking it by half a grid cell fails the build.
    """
    docs = {
        name: json.loads(files[name])["features"]
        for name in ("outline.geojson", "divisions.geojson", "neighbours.geojson")
    }
    outline = shape(docs["outline.geojson"][0]["geometry"])
    failures, per = [], {}
    for f in docs["neighbours.geojson"]:
        overlap = polygonal(shape(f["geometry"]).intersection(outline))
        if not overlap.is_empty:
            per[f["properties"]["name"]] = round(area_km2(overlap), 4)
            if not overlap.buffer(-GRID / 2).is_empty:
                failures.append(f"neighbour {f['properties']['name']} overlaps the outline by more than a grid cell")
    divisions = [shape(f["geometry"]) for f in docs["divisions.geojson"]]
    tree = shapely.STRtree(divisions)
    between = 0.0
    for i, j in zip(*tree.query(divisions, predicate="intersects")):
        if i < j:
            overlap = polygonal(divisions[i].intersection(divisions[j]))
            between += area_km2(overlap)
            if not overlap.buffer(-GRID / 2).is_empty:
                failures.append(f"divisions {i} and {j} overlap by more than a grid cell")
    if failures:
        raise BuildError("; ".join(failures))
    return {
        "overlap_with_outline_km2": round(sum(per.values()), 4),
        "overlap_with_outline_by_neighbour_km2 (slivers under half a grid cell wide, from rounding)": per,
        "divisions_pairwise_overlap_km2 (written files)": round(between, 4),
    }
