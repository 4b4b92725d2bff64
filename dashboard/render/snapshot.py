"""The state at a date as data files: GeoJSON (places, zones, front lines) and CSV (one row per place)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import shapely
from shapely.geometry import mapping

from ..core.loader import Dataset
from ..core.state import PlaceState, state_at, state_frame
from ..core.stats import citation_counts
from ..core.territory import Cells, Territory, territory_from_states

#: 5 decimals of a degree is about 1 m: finer than the data, small enough to keep files light.
COORD_DECIMALS = 5

METHOD_NOTE = (
    "Territory is approximate, derived from settlement control: each place's Voronoi cell, clipped to "
    "Syria's outline and merged per controller. Front lines are where cells of different controllers meet."
)


def _geometry(geom) -> dict[str, Any]:
    return mapping(shapely.set_precision(geom, 10 ** -COORD_DECIMALS))


def snapshot_geojson(dataset: Dataset, day: date, cells: Cells) -> dict[str, Any]:
    """One FeatureCollection: places, zones and front lines on `day`, with the sources' metadata."""
    states = state_at(dataset, day)
    territory = territory_from_states(states, cells, day)
    features = [_place_feature(s) for s in states]
    features += _zone_features(territory)
    features += _front_line_features(territory)
    sources = [dataset.sources[s].model_dump(mode="json", exclude_none=True) for s in citation_counts(s.record for s in states)]
    return {
        "type": "FeatureCollection",
        "properties": {
            "title": dataset.metadata.title,
            "date": day.isoformat(),
            "method": METHOD_NOTE,
            "outline_area_km2": round(territory.outline_area_km2, 1),
            "factions": [f.model_dump(mode="json") for f in dataset.factions.values()],
            "sources": sources,
            "attribution": dataset.metadata.attribution or "",
        },
        "features": features,
    }


def _place_feature(state: PlaceState) -> dict[str, Any]:
    place = state.place
    return {
        "type": "Feature",
        "id": place.id,
        "geometry": {"type": "Point", "coordinates": [round(place.lon, COORD_DECIMALS), round(place.lat, COORD_DECIMALS)]},
        "properties": {
            "layer": "place",
            "id": place.id,
            "name": place.name,
            "name_ar": place.name_ar,
            "kind": place.kind,
            "controller": state.controller,
            "status": state.status,
            "certainty": state.certainty,
            "since": state.since.isoformat(),
            "previous_controller": state.previous_controller,
            "sources": list(state.record.sources),
            "note": state.record.note,
        },
    }


def _zone_features(territory: Territory) -> list[dict[str, Any]]:
    return [
        {
            "type": "Feature",
            "id": f"zone-{row.controller}",
            "geometry": _geometry(row.geometry),
            "properties": {"layer": "zone", "controller": row.controller, "area_km2": round(row.area_km2, 1),
                           "share": round(row.share, 5)},
        }
        for row in territory.zones.itertuples()
    ]


def _front_line_features(territory: Territory) -> list[dict[str, Any]]:
    return [
        {
            "type": "Feature",
            "id": f"front-{row.side_a}-{row.side_b}",
            "geometry": _geometry(row.geometry),
            "properties": {"layer": "front_line", "controllers": [row.side_a, row.side_b],
                           "length_km": round(row.length_km, 1)},
        }
        for row in territory.front_lines.itertuples()
    ]


def geojson_bytes(doc: dict[str, Any]) -> bytes:
    """UTF-8 JSON with Arabic kept as characters (not \\u escapes), for humans reading the file."""
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def snapshot_csv(dataset: Dataset, day: date) -> bytes:
    """One row per place on `day`: id, names, position, controller, status, certainty, since, sources."""
    frame = state_frame(state_at(dataset, day))
    frame = frame[["id", "name", "name_ar", "kind", "lat", "lon", "controller", "status", "certainty", "since",
                   "previous_controller", "sources"]]
    return frame.to_csv(index=False).encode("utf-8")
