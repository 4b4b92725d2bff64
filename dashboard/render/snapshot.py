"""The state at a date (or the changes between two dates) as GeoJSON: places, zones, front lines.

Geometry follows RFC 7946 (see `geojson.py`); the collection's `properties` member (a foreign member,
which RFC 7946 allows) carries the date, the method, the factions and every cited source, so the file
stands on its own.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..core.compare import Comparison
from ..core.days import Day, Days
from ..core.model import Dataset
from ..core.state import PlaceState
from ..core.stats import citation_counts
from ..core.territory import UNASSESSED
from .geojson import COORD_DECIMALS, feature_collection, geojson_geometry
from .wording import credit_line, method_note


def snapshot_geojson(days: Days, day: date) -> dict[str, Any]:
    """One FeatureCollection: places, zones (by certainty), unassessed land and front lines on `day`."""
    dataset, today = days.dataset, days[day]
    features = [_place_feature(s) for s in today.states if s.place.is_shown]
    features += _zone_features(today)
    features += _front_line_features(today)
    about = _about(dataset, today.states, day) | {
        "date": day.isoformat(),
        "outline_area_km2": round(today.territory.outline_area_km2, 1),
        "unassessed_km2": round(today.territory.unassessed_km2, 1),
        "unlocated_places": [s.place.id for s in today.states if not s.place.is_shown],
    }
    return feature_collection(features, properties=about)


def comparison_geojson(days: Days, comparison: Comparison) -> dict[str, Any]:
    """Land (`change`) and places (`place_change`) that changed hands between the two dates."""
    features = [
        {
            "type": "Feature",
            "id": f"change-{row.from_controller or 'unassessed'}-{row.to_controller or 'unassessed'}",
            "geometry": geojson_geometry(row.geometry),
            "properties": {
                "layer": "change",
                "from_controller": row.from_controller or None,
                "to_controller": row.to_controller or None,
                "area_km2": round(row.area_km2, 1),
            },
        }
        for row in comparison.areas.itertuples()
    ]
    for change in comparison.places:
        place = change.after.place
        features.append(
            {
                "type": "Feature",
                "id": place.id,
                "geometry": _point(place.lon, place.lat),
                "properties": {
                    "layer": "place_change",
                    "name": place.name,
                    "name_ar": place.name_ar,
                    "from_controller": change.before.controller,
                    "to_controller": change.after.controller,
                    "date": change.after.since.isoformat(),
                    "certainty": change.after.certainty,
                    "sources": list(change.after.record.sources),
                },
            }
        )
    about = _about(days.dataset, [c.after for c in comparison.places], comparison.end) | {
        "date_from": comparison.start.isoformat(),
        "date_to": comparison.end.isoformat(),
        "balance": comparison.balance.round(1).to_dict(orient="records"),
    }
    return feature_collection(features, properties=about)


def _about(dataset: Dataset, states: list[PlaceState] | tuple[PlaceState, ...], day: date) -> dict[str, Any]:
    """The collection's properties: method, caveats, factions, and every source the places' records and
    the drawn control maps in force on `day` cite."""
    cited = citation_counts([*(s.record for s in states), *dataset.drawn.active_on(day)])
    return {
        "title": dataset.manifest.title,
        "dataset": dataset.id,
        "method": method_note(dataset, days=[day]),
        "caveats": list(dataset.manifest.caveats),
        "factions": [f.model_dump(mode="json", exclude_none=True) for f in dataset.factions.values()],
        "sources": [dataset.sources[s].model_dump(mode="json", exclude_none=True) for s in cited],
        "attribution": credit_line(dataset),
        "licence": dataset.manifest.licence.model_dump(mode="json", exclude_none=True)
        if dataset.manifest.licence
        else None,
    }


def _point(lon: float | None, lat: float | None) -> dict[str, Any] | None:
    if lon is None or lat is None:
        return None
    return {"type": "Point", "coordinates": [round(lon, COORD_DECIMALS), round(lat, COORD_DECIMALS)]}


def _place_feature(state: PlaceState) -> dict[str, Any]:
    place, record = state.place, state.record
    return {
        "type": "Feature",
        "id": place.id,
        "geometry": _point(place.lon, place.lat),
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
            "since_precision": state.since_precision,
            "previous_controller": state.previous_controller,
            "besieged_by": list(record.besieged_by),
            "shared_with": list(record.shared_with),
            "sources": list(record.sources),
            "note": record.note,
        },
    }


def _zone_features(day: Day) -> list[dict[str, Any]]:
    territory = day.territory
    features = [
        {
            "type": "Feature",
            "id": f"zone-{row.controller}-{'confirmed' if row.certain else 'uncertain'}",
            "geometry": geojson_geometry(row.geometry),
            "properties": {
                "layer": "zone",
                "controller": row.controller,
                "certainty": "confirmed" if row.certain else "reported or disputed",
                "area_km2": round(row.area_km2, 1),
                "share": round(row.share, 5),
            },
        }
        for row in territory.zones.itertuples()
    ]
    if territory.unassessed_km2 > 0:
        features.append(
            {
                "type": "Feature",
                "id": "unassessed",
                "geometry": geojson_geometry(territory.unassessed),
                "properties": {
                    "layer": "unassessed",
                    "controller": None,
                    "area_km2": round(territory.unassessed_km2, 1),
                },
            }
        )
    return features


def _front_line_features(day: Day) -> list[dict[str, Any]]:
    return [
        {
            "type": "Feature",
            "id": f"front-{row.side_a}-{row.side_b}",
            "geometry": geojson_geometry(row.geometry),
            "properties": {
                "layer": "front_line",
                "controllers": [row.side_a, row.side_b],
                "length_km": round(row.length_km, 1),
            },
        }
        for row in day.territory.front_lines.itertuples()
        if UNASSESSED not in (row.side_a, row.side_b)
    ]
