"""The browser map's data: everything it needs for every day of a dataset, as one JSON document.

It grows with the number of changes, not the number of days. The land is sent once, as the pieces of
the dataset's partition (see `core/territory.py`) and the lines neighbouring pieces share; each
*frame* (a day on which some record takes effect) then only says who holds each piece, how certain,
and which shared lines are front lines. Places carry their resolved history (`timeline`), so the
browser finds any day's state by looking up the last entry on or before it.

Schema (all keys named; dates are ISO strings):
- `dataset`: id, title, map_title, country, attribution, method (the caveat), caveats, reach_km, recent_days
- `period`: {first, last};  `frames`: [{date, areas: [faction, confirmed km², uncertain km², …], unassessed_km2}]
- `owners`: who holds each piece, as changes (the browser rebuilds a frame's owners, certainty and fronts,
  static/map/data.js): {first: [code per piece], changes: [[piece, code, piece, code…] per frame]} where a
  code is 2 × faction index + (0 confirmed | 1 not), or -1 for unassessed land; frame 0 has no changes
- `edge_pairs`: [a, b, a, b…] the two pieces on either side of each edge (a front where their factions differ)
- `factions`: [{id, name, short_name, colour, name_ar, short_name_ar}] (file order: the legend's order)
- `pieces`: [polygon coordinates…] (exterior counter-clockwise);  `edges`: [[line coordinates…]…] (each edge a
  MultiLineString's coordinates)
- `places`: [{id, name, name_ar, alt_names, kind, rank, lon, lat}] (lon/lat null when not drawn)
- `history`: {place id: [record as in places.geojson, defaults left out]}; the browser resolves each
  record's `since` and previous holder from it (data.js), so they are not sent twice
- `drawn`: drawn territory, each series' shapes once per change date (render/drawn_payload.py); absent
  when the dataset has none. Drawn change dates are frames, and frames' areas already count the shapes
- `sources`: {id: source as in sources.json};  `basemap`: {outline, divisions, neighbours} (GeoJSON)
- `style`: the MapStyle;  `words`: legend and caveat text in the map's language
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import asdict
from datetime import date
from typing import Any

import numpy as np

from ..core.collector import collector_paused
from ..core.days import Days
from ..core.model import Dataset, Place
from ..core.territory import Partition
from .drawn_payload import drawn_payload
from .geojson import compact_json, feature_collection, geojson_geometry
from .style import STYLE
from .wording import browser_words, caveats, dataset_text, method_note, words

#: Decimals of the land's coordinates in the browser's data: 4 is about 10 m, finer than any screen shows
#: at the country's zoom levels; shared vertices round alike, so neighbouring pieces still meet.
MAP_DECIMALS = 4


@collector_paused()
def build_payload(days: Days, lang: str = "en") -> dict[str, Any]:
    """The whole document for one dataset (computed once per dataset and language)."""
    dataset = days.dataset
    return {
        "dataset": _dataset_info(dataset, lang),
        "period": {"first": dataset.baseline.isoformat(), "last": dataset.end.isoformat()},
        "frames": _frames(days),
        "owners": _owners(days, len(dataset.factions)),
        "edge_pairs": days.partition.edge_pairs.reshape(-1).tolist(),
        "factions": [
            f.model_dump(mode="json", exclude_none=True, exclude={"description"}) for f in dataset.factions.values()
        ],
        **_land(days.partition),
        **drawn_payload(dataset.drawn, dataset.outline, list(dataset.factions), MAP_DECIMALS),
        "places": [_place_info(place) for place in dataset.places],
        "history": {
            p.id: [r.model_dump(mode="json", exclude_defaults=True) for r in p.control] for p in dataset.places
        },
        "sources": {s.id: s.model_dump(mode="json", exclude_none=True) for s in dataset.sources.values()},
        "basemap": _basemap(dataset),
        "style": STYLE.as_json(),
        "words": _words(dataset, lang),
    }


#: Frames per chunk of a progressively loaded period (`payload_parts`): about a year of a busy war.
CHUNK_FRAMES = 256


def payload_parts(
    days: Days, around: date, lang: str = "en", size: int = CHUNK_FRAMES
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The browser data split for progressive loading: a head to load first and the period in chunks.

    The head is `build_payload` without `frames` and `owners`, plus `frame_dates` (every frame's date),
    `chunk_size`, `chunk_count` and `loaded`: the chunk holding `around` (the day the map opens on), so the
    first map needs nothing else. Each chunk is {index, start, first, frames, changes}: `first` is the owner
    codes at frame `start`, so any chunk can be used alone, in any order (static/map/data.js `addChunk`).
    """
    whole = build_payload(days, lang)
    frames, changes = whole.pop("frames"), whole.pop("owners")["changes"]
    factions = len(days.dataset.factions)
    chunks = []
    for index, start in enumerate(range(0, len(frames), size)):
        first = days.owners.owners(start)
        chunks.append(
            {
                "index": index,
                "start": start,
                "first": np.where(first // 2 < factions, first, -1).tolist(),
                "frames": frames[start : start + size],
                "changes": changes[start : start + size],
            }
        )
    opening = days.keyframe_index(around) // size
    head = whole | {
        "frame_dates": [f["date"] for f in frames],
        "chunk_size": size,
        "chunk_count": len(chunks),
        "loaded": [chunks[opening]],
    }
    return head, chunks


@collector_paused()
def payload_json(payload: dict[str, Any]) -> bytes:
    """Compact UTF-8 JSON, for serving as a static file or embedding in an export."""
    return compact_json(payload)


def _dataset_info(dataset: Dataset, lang: str) -> dict[str, Any]:
    manifest = dataset.manifest
    return {
        "id": dataset.id,
        "lang": lang,
        "title": dataset_text(dataset, "title", lang),
        "map_title": dataset_text(dataset, "map_title", lang),
        "country": dataset_text(dataset, "country_name", lang),
        "attribution": manifest.attribution,
        "method": method_note(dataset, lang),
        "caveats": caveats(dataset, lang),
        "reach_km": manifest.territory.reach_km,
        "recent_days": manifest.recent_change_days,
    }


#: The land's coordinates per partition (weakly referenced): a reloaded dataset that reuses its partition
#: (core/io/prepared.py `days_for`) reuses them too, a second of work at ten thousand places.
_LAND: dict[int, tuple[weakref.ref, dict[str, list]]] = {}
_LAND_LOCK = threading.Lock()


def _land(partition: Partition) -> dict[str, list]:
    """`pieces` and `edges`: the land, which depends only on the partition."""
    with _LAND_LOCK:
        found = _LAND.get(id(partition))
    if found is not None and found[0]() is partition:
        return found[1]
    land = {
        "pieces": [geojson_geometry(piece, MAP_DECIMALS)["coordinates"] for piece in partition.pieces],
        "edges": [_lines(line) for line in partition.edge_lines],
    }
    with _LAND_LOCK:
        for key in [k for k, (ref, _) in _LAND.items() if ref() is None]:
            del _LAND[key]
        _LAND[id(partition)] = (weakref.ref(partition), land)
    return land


def _lines(line) -> list:
    """An edge as a list of lines (MultiLineString coordinates), whatever its geometry type."""
    geometry = geojson_geometry(line, MAP_DECIMALS)
    return [geometry["coordinates"]] if geometry["type"] == "LineString" else geometry["coordinates"]


def _frames(days: Days) -> list[dict[str, Any]]:
    """Per keyframe: its date and the km² per faction (one bincount per keyframe, no territory merged)."""
    matrix = days.area_matrix()
    factions = len(days.dataset.factions)  # owner codes beyond them name no faction the legend knows
    frames = []
    for day, row in zip(days.keyframes, matrix):
        confirmed, uncertain = row[1 : 1 + 2 * factions : 2], row[2 : 2 + 2 * factions : 2]
        held = sorted(
            (f for f in range(factions) if confirmed[f] + uncertain[f] > 0),
            key=lambda f: -(confirmed[f] + uncertain[f]),
        )
        areas: list[int] = []  # flat triples: 3 numbers per faction instead of a keyed object
        for f in held:
            areas += [f, round(float(confirmed[f])), round(float(uncertain[f]))]
        frames.append({"date": day.isoformat(), "areas": areas, "unassessed_km2": round(float(row[0]))})
    return frames


def _owners(days: Days, factions: int) -> dict[str, Any]:
    """The owner codes of the first keyframe and each keyframe's changes: the size follows the changes."""
    timeline = days.owners
    codes = np.where(timeline.delta_code // 2 < factions, timeline.delta_code, -1)
    flat = np.empty(2 * len(codes), dtype=np.int64)  # piece, code, piece, code, ...
    flat[0::2], flat[1::2] = timeline.delta_piece, codes
    values, starts = flat.tolist(), (2 * timeline.delta_start).tolist()
    changes = [values[starts[k] : starts[k + 1]] for k in range(len(days.keyframes))]
    first = timeline.checkpoints[0]
    return {"first": np.where(first // 2 < factions, first, -1).tolist(), "changes": changes}


def _place_info(place: Place) -> dict[str, Any]:
    return {
        "id": place.id,
        "name": place.name,
        "name_ar": place.name_ar,
        "alt_names": list(place.alt_names),
        "kind": place.kind,
        "rank": place.rank,
        "lon": place.lon,
        "lat": place.lat,
    }


def _basemap(dataset: Dataset) -> dict[str, Any]:
    outline = feature_collection([{"type": "Feature", "properties": {}, "geometry": geojson_geometry(dataset.outline)}])
    return {
        "outline": outline,
        "divisions": feature_collection(list(dataset.divisions)),
        "neighbours": feature_collection(list(dataset.neighbours)),
    }


def _words(dataset: Dataset, lang: str) -> dict[str, str]:
    w = words(lang)
    reach = f"{dataset.manifest.territory.reach_km:g}"
    return {
        key: value.format(days=dataset.manifest.recent_change_days, reach=reach) if isinstance(value, str) else value
        for key, value in asdict(w).items()
        if key.startswith(("legend_", "method_short"))
    } | {"lang": lang, **browser_words(lang)}
