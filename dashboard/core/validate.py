"""The rules that need more than one record: references, dates in order, positions, the certainty rule,
and area records. Per-field rules live in the models (`model.py`); reading files in `loader.py`.

Every rule reports through `Context.add(file, feature, field, expected, found)`, so a folder's problems
are all listed at once, each with the feature and field it belongs to.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlsplit

import shapely
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from . import drawn_rules, palette
from .drawn import DrawnLayer
from .geometry import GeometryProblem, circle, read_polygon
from .model import Area, AreaFeature, ControlRecord, Faction, Manifest, PlaceFeature, Source

PLACES = "places.geojson"
AREAS = "areas.geojson"
MANIFEST = "dataset.json"
SOURCES = "sources.json"

#: Points may sit this far (degrees, ~1 km) outside the outline: border towns such as Kobani lie a few
#: hundred metres outside Natural Earth's generalised line.
OUTLINE_TOLERANCE_DEG = 0.01

AddProblem = Callable[[str, str | None, str | None, str, str | None], None]


@dataclass(frozen=True)
class Context:
    """What records may refer to, and where problems go."""

    add: AddProblem
    manifest: Manifest | None
    factions: dict[str, Faction]
    sources: dict[str, Source]
    texts: dict[str, str]
    outline: BaseGeometry | None
    divisions: list[dict[str, Any]]

    def division(self, code: str) -> dict[str, Any] | None:
        """The division feature with this ISO 3166-2 id, if the boundaries have it."""
        return next((d for d in self.divisions if (d.get("properties") or {}).get("id") == code), None)


# ---------------------------------------------------------------------------------------------- manifest


def check_manifest(ctx: Context, place_ids: set[str]) -> None:
    """The period is in order, and the default view names a date, place and framing that exist."""
    meta = ctx.manifest
    if meta is None:
        return
    period = meta.period
    if not period.baseline < period.start <= period.end:
        ctx.add(MANIFEST, None, "period", "baseline < start <= end", f"{period.baseline}, {period.start}, {period.end}")
        return
    view = meta.default_view
    if not period.baseline <= view.date <= period.end:
        ctx.add(MANIFEST, None, "default_view.date", f"a date from {period.baseline} to {period.end}", str(view.date))
    if view.place and view.place not in place_ids:
        ctx.add(MANIFEST, None, "default_view.place", "the id of a place in places.geojson", repr(view.place))
    framing_ids = [f.id for f in meta.framings]
    if view.framing not in framing_ids:
        ctx.add(
            MANIFEST,
            None,
            "default_view.framing",
            f"one of the framings ({', '.join(framing_ids)})",
            repr(view.framing),
        )
    for index, framing_id in enumerate(framing_ids):
        if framing_id in framing_ids[:index]:
            ctx.add(MANIFEST, None, f"framings[{index}].id", "a unique framing id", repr(framing_id))


# ---------------------------------------------------------------------------------------------- sources


def denied_domain(url: str, deny_list: dict[str, str]) -> str | None:
    """The deny-list domain that `url`'s host is or lies under (`www.github.com` under `github.com`), if any."""
    host = (urlsplit(url).hostname or "").casefold().rstrip(".")
    return next((d for d in deny_list if host == d or host.endswith("." + d)), None)


def check_sources(ctx: Context) -> None:
    """No source may come from a domain the manifest's `source_deny_list` refuses (mirrors, code
    repositories, content farms): a newsroom cannot cite them, so neither may a record."""
    if ctx.manifest is None or not ctx.manifest.source_deny_list:
        return
    deny = {entry.domain.casefold(): entry.reason for entry in ctx.manifest.source_deny_list}
    for source in ctx.sources.values():
        domain = denied_domain(str(source.url), deny)
        if domain is not None:
            ctx.add(
                SOURCES,
                source.id,
                "url",
                f"a URL of the original publisher, not on dataset.json's source_deny_list ({domain}: {deny[domain]})",
                str(source.url),
            )


# ---------------------------------------------------------------------------------------------- records


def _faction_fields(record: ControlRecord) -> Iterator[tuple[str, str]]:
    """Every (field, faction id) a record refers to."""
    if record.controller is not None:
        yield "controller", record.controller
    if record.admitted_by is not None:
        yield "admitted_by", record.admitted_by
    for name in ("shared_with", "besieged_by"):
        for i, faction in enumerate(getattr(record, name)):
            yield f"{name}[{i}]", faction
    for i, alternative in enumerate(record.alternatives):
        if alternative.controller:
            yield f"alternatives[{i}].controller", alternative.controller


def _source_fields(record: ControlRecord) -> Iterator[tuple[str, str]]:
    """Every (field, source id) a record cites."""
    for i, source_id in enumerate(record.sources):
        yield f"sources[{i}]", source_id
    for i, alternative in enumerate(record.alternatives):
        for j, source_id in enumerate(alternative.sources):
            yield f"alternatives[{i}].sources[{j}]", source_id


def _check_references(ctx: Context, where: Callable[[str, str, str | None], None], record: ControlRecord) -> None:
    for fld, faction in _faction_fields(record):
        if faction not in ctx.factions:
            where(fld, f"a faction id from factions.json ({', '.join(sorted(ctx.factions))})", repr(faction))
    for fld, source_id in _source_fields(record):
        if source_id not in ctx.sources:
            where(fld, "a source id from sources.json", repr(source_id))
    for i, excerpt in enumerate(record.excerpts):
        if excerpt.source not in ctx.sources:
            where(f"excerpts[{i}].source", "a source id from sources.json", repr(excerpt.source))
        elif excerpt.source not in ctx.texts:
            where(
                f"excerpts[{i}].source",
                "a source with a stored text_file (excerpts must be checkable)",
                repr(excerpt.source),
            )
        elif excerpt.text not in ctx.texts[excerpt.source]:
            where(
                f"excerpts[{i}].text",
                f"a verbatim quotation from {ctx.sources[excerpt.source].text_file}",
                repr(excerpt.text)[:60],
            )


def _check_status(where: Callable[[str, str, str | None], None], record: ControlRecord) -> None:
    """Sieges name the besiegers, splits name who else holds part; a record's own side is not its rival."""
    if record.controller is None:
        return
    if record.status == "besieged" and not record.besieged_by:
        where("besieged_by", "the factions besieging the place (status 'besieged')", None)
    if record.status != "besieged" and record.besieged_by:
        where("besieged_by", "no besiegers unless status is 'besieged'", repr(record.status))
    if record.status == "split" and not record.shared_with:
        where("shared_with", "the factions holding the rest of the place (status 'split')", None)
    for name in ("besieged_by", "shared_with"):
        if record.controller in getattr(record, name):
            where(name, "factions other than the controller", repr(record.controller))
    if record.admitted_by is not None and record.admitted_by == record.controller:
        where("admitted_by", "the losing side that admitted the loss, not the controller", repr(record.admitted_by))


def check_certainty(ctx: Context, where: Callable[[str, str, str | None], None], record: ControlRecord) -> None:
    """`confirmed` needs two sources from different publishers, or an admission by the losing side."""
    if record.certainty != "confirmed" or record.admitted_by is not None or record.controller is None:
        return
    origins = {ctx.sources[s].origin for s in record.sources if s in ctx.sources}
    if len(origins) < 2:
        publishers = sorted(
            {ctx.sources[s].original_publisher or ctx.sources[s].publisher for s in record.sources if s in ctx.sources}
        )
        where(
            "certainty",
            "'confirmed' only with sources from two different publishers or an 'admitted_by' "
            "(otherwise 'reported' or 'disputed')",
            f"'confirmed' resting on {', '.join(publishers) or 'no source'}",
        )


def _check_dates(
    ctx: Context, where: Callable[[int, str, str, str | None], None], records: list[ControlRecord]
) -> None:
    meta = ctx.manifest
    previous: date | None = None
    for index, record in enumerate(records):
        if meta is not None:
            first, last = meta.period.baseline, meta.period.end
            if index == 0 and record.date != first:
                where(index, "date", f"the first record on the baseline date {first}", str(record.date))
            if not first <= record.date <= last:
                where(index, "date", f"a date from {first} to {last}", str(record.date))
        if previous is not None and record.date == previous:
            where(index, "date", "no two changes of one place on one date", f"{record.date} twice")
        elif previous is not None and record.date < previous:
            where(index, "date", f"dates in increasing order (after {previous})", str(record.date))
        previous = record.date


def check_records(ctx: Context, file: str, feature_id: str, records: list[ControlRecord]) -> None:
    """Every record-level rule for one place or area."""

    def at_index(index: int, fld: str, expected: str, found: str | None) -> None:
        ctx.add(file, feature_id, f"properties.control[{index}].{fld}", expected, found)

    _check_dates(ctx, at_index, records)
    for index, record in enumerate(records):

        def where(fld: str, expected: str, found: str | None, index: int = index) -> None:
            at_index(index, fld, expected, found)

        _check_references(ctx, where, record)
        _check_status(where, record)
        check_certainty(ctx, where, record)


# ---------------------------------------------------------------------------------------------- places


def check_places(ctx: Context, features: list[PlaceFeature]) -> None:
    """Record rules, coordinates inside the outline and not shared, and the notes null geometry needs."""
    seen: dict[tuple[float, float], str] = {}
    near = _near_outline(ctx, features)
    for feature, inside in zip(features, near):
        if any(r.controller is None for r in feature.properties.control):  # pragma: no cover - model forbids it
            continue
        check_records(ctx, PLACES, feature.id, list(feature.properties.control))
        if feature.geometry is None:
            if not (feature.properties.note or "").strip():
                ctx.add(
                    PLACES,
                    feature.id,
                    "properties.note",
                    "a note saying why the place has no coordinate (geometry is null, so it is not drawn)",
                    None,
                )
            continue
        if not feature.properties.coord_source:
            ctx.add(PLACES, feature.id, "properties.coord_source", "where the coordinate comes from", None)
        _check_position(ctx, feature, seen, inside)


def _near_outline(ctx: Context, features: list[PlaceFeature]) -> list[bool]:
    """Per feature, whether it has no position or lies within the outline's tolerance: one vectorised test,
    not ten thousand calls."""
    near = [True] * len(features)
    placed = [i for i, feature in enumerate(features) if feature.geometry is not None]
    if ctx.outline is None or not placed:
        return near
    points = shapely.points([features[i].geometry.coordinates[:2] for i in placed])
    for i, inside in zip(placed, shapely.dwithin(ctx.outline, points, OUTLINE_TOLERANCE_DEG).tolist()):
        near[i] = inside
    return near


def _check_position(ctx: Context, feature: PlaceFeature, seen: dict[tuple[float, float], str], near: bool) -> None:
    lon, lat = feature.geometry.coordinates[:2]
    key = (round(lon, 6), round(lat, 6))
    if key in seen:
        ctx.add(PLACES, feature.id, "geometry.coordinates", "a position of its own", f"the same as '{seen[key]}'")
    seen[key] = feature.id
    outline = ctx.outline
    if outline is None or near:
        return
    country = ctx.manifest.country.name if ctx.manifest else "the country"
    found = f"[{lon}, {lat}]"
    if outline.dwithin(Point(lat, lon), OUTLINE_TOLERANCE_DEG):
        ctx.add(
            PLACES,
            feature.id,
            "geometry.coordinates",
            f"[longitude, latitude] inside {country}'s outline (these look swapped: latitude first)",
            found,
        )
    else:
        ctx.add(PLACES, feature.id, "geometry.coordinates", f"[longitude, latitude] inside {country}'s outline", found)


# ---------------------------------------------------------------------------------------------- areas


def check_areas(ctx: Context, features: list[AreaFeature], place_ids: set[str]) -> dict[str, BaseGeometry]:
    """Each area's shape (polygon, circle or division) and records; returns the usable shapes by id."""
    shapes = {}
    for feature in features:
        if feature.id in place_ids:
            ctx.add(AREAS, feature.id, "id", "an id not used by a place", repr(feature.id))
        check_records(ctx, AREAS, feature.id, list(feature.properties.control))
        geometry = _area_shape(ctx, feature)
        if geometry is None:
            continue
        if ctx.outline is not None and not geometry.intersects(ctx.outline):
            ctx.add(AREAS, feature.id, "geometry", "an area that overlaps the outline", "an area entirely outside it")
        shapes[feature.id] = geometry
    return shapes


def _area_shape(ctx: Context, feature: AreaFeature) -> BaseGeometry | None:
    props = feature.properties

    def problem(fld: str, expected: str, found: str | None = None) -> None:
        ctx.add(AREAS, feature.id, fld, expected, found)

    raw = feature.geometry
    if raw is None:
        if props.radius_km is not None:
            problem("properties.radius_km", "a radius only with a Point geometry (the circle's centre)")
        if not props.division:
            problem("properties.division", "a division id from boundaries/divisions.geojson when geometry is null")
            return None
        division = ctx.division(props.division)
        if division is None:
            codes = sorted((d.get("properties") or {}).get("id", "?") for d in ctx.divisions)
            problem(
                "properties.division",
                f"a division id from boundaries/divisions.geojson ({', '.join(codes)})",
                repr(props.division),
            )
            return None
        raw = division.get("geometry")
    elif props.division:
        problem("properties.division", "a division only when geometry is null", repr(props.division))
    if isinstance(raw, dict) and raw.get("type") == "Point":
        return _circle(feature, problem)
    if props.radius_km is not None:
        problem("properties.radius_km", "a radius only with a Point geometry (the circle's centre)")
    try:
        return read_polygon(raw)
    except GeometryProblem as exc:
        problem("geometry", exc.expected + " (or a Point with radius_km)", exc.found)
        return None


def _circle(feature: AreaFeature, problem: Callable[..., None]) -> BaseGeometry | None:
    coords = feature.geometry.get("coordinates") if feature.geometry else None
    radius = feature.properties.radius_km
    if radius is None:
        problem("properties.radius_km", "the circle's radius in km (the geometry is a Point)")
        return None
    valid = isinstance(coords, list) and len(coords) in (2, 3) and all(isinstance(c, int | float) for c in coords[:2])
    if not valid or not (-180 <= coords[0] <= 180 and -90 <= coords[1] <= 90):
        problem("geometry.coordinates", "[longitude, latitude] of the circle's centre", repr(coords)[:60])
        return None
    return circle(float(coords[0]), float(coords[1]), radius)


def area_from_feature(feature: AreaFeature, geometry: BaseGeometry) -> Area:
    """The runtime area of a validated feature."""
    props = feature.properties
    return Area(
        id=feature.id,
        name=props.name,
        name_ar=props.name_ar,
        kind=props.kind,
        note=props.note,
        geometry=geometry,
        control=tuple(props.control),
    )


# ---------------------------------------------------------------------------------------------- palette


def check_palette(ctx: Context, places: list[PlaceFeature], areas: list[AreaFeature]) -> None:
    """Factions shown on the same day must stay distinguishable under colour-vision deficiencies."""
    histories = [list(f.properties.control) for f in places] + [list(f.properties.control) for f in areas]
    colours = {faction_id: faction.colour for faction_id, faction in ctx.factions.items()}
    for clash in palette.neutral_clashes(colours):
        ctx.add(
            "factions.json",
            clash.first,
            "colour",
            f"a colour at least {palette.MIN_DISTANCE:g} (CAM02-UCS) from the {clash.second} fill "
            f"{palette.NEUTRAL_FILLS[clash.second]} for readers with {clash.vision}, so the faction's land never "
            "reads as 'no data'",
            f"{colours[clash.first]}, {clash.distance:.1f} apart",
        )
    for clash in palette.clashes(colours, palette.pairs_shown_together(palette.present_by_date(histories))):
        ctx.add(
            "factions.json",
            clash.second,
            "colour",
            f"a colour at least {palette.MIN_DISTANCE:g} (CAM02-UCS) from {clash.first}'s {colours[clash.first]} "
            f"for readers with {clash.vision}: both are on the map on the same days",
            f"{colours[clash.second]}, {clash.distance:.1f} apart",
        )


# ---------------------------------------------------------------------------------------------- drawn


def check_drawn(ctx: Context, layer: DrawnLayer) -> DrawnLayer:
    """Drawn shapes: known ids, dates in the period, inside the outline (clipped, reported), no overlaps."""
    period = (ctx.manifest.period.baseline, ctx.manifest.period.end) if ctx.manifest else None
    origins = {source_id: source.origin for source_id, source in ctx.sources.items()}
    return drawn_rules.check_drawn(ctx.add, layer, set(ctx.factions), origins, period, ctx.outline)
