"""The data model: the manifest, factions, sources, places, areas and their dated control records.

Two layers. The pydantic models (`*Feature`, `ControlRecord`, `Manifest`, ...) are the executable form of
`geodata/README.md`: field names, types and allowed values are checked per record, so every problem can
be reported with the feature and field it belongs to. The frozen dataclasses (`Place`, `Area`,
`Dataset`) are what the rest of the program uses once a folder has passed validation. Rules that need
more than one record (references, dates in order, the certainty rule) live in `validate.py`; reading
files lives in `loader.py`, which is the only module that knows about files.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, ConfigDict, Field, StrictFloat, StrictInt
from shapely.geometry.base import BaseGeometry

from .drawn import DrawnLayer
from .fields import (
    FactionId,
    FeatureId,
    HttpUrl,
    IsoDate,
    SourceId,
    Strict,
    Text,
)
from .manifest import Manifest

# ---------------------------------------------------------------------------------------------- records


class Faction(Strict):
    """A controller: who can hold a place."""

    id: FactionId
    name: Text
    short_name: Text
    colour: Annotated[str, Field(pattern=r"^#[0-9A-Fa-f]{6}$")]
    description: Text
    name_ar: Text | None = None
    short_name_ar: Text | None = None


class Source(Strict):
    """A cited publication, with how it was read (original, syndicated copy or mirror)."""

    id: SourceId
    publisher: Text
    original_publisher: Text | None = None
    title: Text
    title_captured: bool = True
    published: IsoDate
    date_approximate: bool = False
    url: HttpUrl
    access: Literal["original", "syndication", "mirror"]
    text_file: Annotated[str, Field(pattern=r"^sources/[A-Za-z0-9_.-]+\.txt$")] | None = None
    note: str | None = None

    @property
    def origin(self) -> str:
        """Who wrote it: copies of one story count as one publisher for the certainty rule."""
        return (self.original_publisher or self.publisher).strip().casefold()


class Excerpt(Strict):
    """A verbatim quotation from a stored source text."""

    source: SourceId
    text: Text


class Alternative(Strict):
    """Another version that sources give, kept visible instead of silently dropped."""

    date: IsoDate | None = None
    controller: FactionId | None = None
    sources: Annotated[list[SourceId], Field(min_length=1)]
    note: Text


class ControlRecord(Strict):
    """One dated statement about who controls a place."""

    date: IsoDate
    date_precision: Literal["day", "by"] = "day"
    controller: FactionId
    status: Literal["held", "contested", "besieged", "split"]
    certainty: Literal["confirmed", "reported", "disputed"]
    sources: Annotated[list[SourceId], Field(min_length=1)]
    excerpts: list[Excerpt] = Field(default_factory=list)
    note: str | None = None
    alternatives: list[Alternative] = Field(default_factory=list)
    shared_with: list[FactionId] = Field(default_factory=list)
    besieged_by: list[FactionId] = Field(default_factory=list)
    admitted_by: FactionId | None = None

    @property
    def is_certain(self) -> bool:
        """Only `confirmed` records are drawn solid; the rest hatched."""
        return self.certainty == "confirmed"


class AreaRecord(ControlRecord):
    """A dated record of an area; `controller: null` means the area makes no claim from this date."""

    controller: FactionId | None  # type: ignore[assignment]


def check_position(value: list[float]) -> list[float]:
    """A GeoJSON position: finite [longitude, latitude] in degrees."""
    if len(value) not in (2, 3):
        raise ValueError("[longitude, latitude]")
    lon, lat = value[0], value[1]
    if not (math.isfinite(lon) and math.isfinite(lat)):
        raise ValueError("finite numbers")
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise ValueError("longitude within ±180 and latitude within ±90")
    return value


class PointGeometry(Strict):
    """A GeoJSON Point."""

    type: Literal["Point"]
    coordinates: Annotated[list[StrictFloat | StrictInt], AfterValidator(check_position)]


class PlaceProperties(Strict):
    """The properties of one place feature (see geodata/README.md)."""

    name: Text
    name_ar: Text | None = None
    alt_names: list[Text] = Field(default_factory=list)
    kind: Literal["city", "town", "village", "camp", "military", "crossing", "site"]
    rank: Literal[1, 2, 3]
    admin1: str | None = None
    coord_source: Text | None = None
    note: str | None = None
    control: Annotated[list[ControlRecord], Field(min_length=1)]


class PlaceFeature(Strict):
    """One place in places.geojson; `geometry` is null when no sourced coordinate exists."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)

    type: Literal["Feature"]
    id: FeatureId
    geometry: PointGeometry | None
    properties: PlaceProperties
    bbox: list[float] | None = None


class AreaProperties(Strict):
    """The properties of one area record (see geodata/README.md, areas.geojson)."""

    name: Text
    name_ar: Text | None = None
    kind: Literal["zone", "region"]
    radius_km: Annotated[float, Field(gt=0, le=2000)] | None = None
    division: str | None = None
    note: Text
    control: Annotated[list[AreaRecord], Field(min_length=1)]


class AreaFeature(Strict):
    """One area record; its geometry is checked with Shapely in `validate.py`."""

    type: Literal["Feature"]
    id: FeatureId
    geometry: dict[str, Any] | None
    properties: AreaProperties
    bbox: list[float] | None = None


# ---------------------------------------------------------------------------------------------- runtime


@dataclass(frozen=True)
class Place:
    """A place as the rest of the program sees it: flat, typed, with its history in date order."""

    id: str
    name: str
    name_ar: str | None
    alt_names: tuple[str, ...]
    kind: str
    rank: int
    lon: float | None
    lat: float | None
    admin1: str | None
    coord_source: str | None
    note: str | None
    control: tuple[ControlRecord, ...]

    @property
    def is_shown(self) -> bool:
        """Drawn on the map and shaping territory: only places with a sourced coordinate."""
        return self.lon is not None and self.lat is not None

    @property
    def names(self) -> tuple[str, ...]:
        """Every name the place is known by, for search: English, Arabic and alternate spellings."""
        return tuple(n for n in (self.name, self.name_ar, *self.alt_names) if n)

    @classmethod
    def from_feature(cls, feature: PlaceFeature) -> Place:
        """The runtime place of a validated feature."""
        props = feature.properties
        lon, lat = (float(v) for v in feature.geometry.coordinates[:2]) if feature.geometry else (None, None)
        return cls(
            id=feature.id,
            name=props.name,
            name_ar=props.name_ar,
            alt_names=tuple(props.alt_names),
            kind=props.kind,
            rank=props.rank,
            lon=lon,
            lat=lat,
            admin1=props.admin1,
            coord_source=props.coord_source,
            note=props.note,
            control=tuple(props.control),
        )


@dataclass(frozen=True)
class Area:
    """An area record: land whose control analysts draw rather than derive from places."""

    id: str
    name: str
    name_ar: str | None
    kind: str  # "zone" overrides places inside it; "region" fills only land no place reaches
    note: str
    geometry: BaseGeometry  # WGS84, as drawn by the data (not yet clipped to the outline)
    control: tuple[AreaRecord, ...]


@dataclass(frozen=True)
class Dataset:
    """Everything loaded from one dataset folder, validated and ready for the core functions."""

    id: str
    directory: Path
    manifest: Manifest
    factions: dict[str, Faction]
    sources: dict[str, Source]
    source_texts: dict[str, str]
    places: tuple[Place, ...]
    areas: tuple[Area, ...]
    outline: BaseGeometry
    divisions: tuple[dict[str, Any], ...] = ()
    neighbours: tuple[dict[str, Any], ...] = ()
    fingerprint: str = ""
    drawn: DrawnLayer = field(default_factory=DrawnLayer)
    _index: dict[str, Place] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {place.id: place for place in self.places})

    def place(self, place_id: str) -> Place:
        """The place with this id; KeyError if there is none."""
        return self._index[place_id]

    def has_place(self, place_id: str) -> bool:
        """True when the data has a place of this id."""
        return place_id in self._index

    @property
    def shown_places(self) -> tuple[Place, ...]:
        """The places drawn on the map, in data order."""
        return tuple(p for p in self.places if p.is_shown)

    @property
    def baseline(self) -> date:
        """The first day of the slider: the state before the period."""
        return self.manifest.period.baseline

    @property
    def end(self) -> date:
        """The last day of the data."""
        return self.manifest.period.end

    def period(self) -> list[date]:
        """Every day from the baseline to the end of the dataset, the slider's range."""
        first, last = self.baseline, self.end
        return [first + timedelta(days=i) for i in range((last - first).days + 1)]

    def in_period(self, day: date) -> bool:
        """True when `day` is within the data's period."""
        return self.baseline <= day <= self.end
