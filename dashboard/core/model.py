"""The data model: factions, sources, places and their dated control records.

The pydantic models are the executable form of `geodata/README.md`: field names, types and allowed values
are checked here, per record, so every problem can be reported with the feature and field it belongs to.
Cross-record rules (known faction ids, cited sources exist, excerpts verbatim) live in `loader.py`.
"""

from __future__ import annotations

import math
import re
from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StrictFloat, StrictInt

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PLACE_ID = r"^[a-z0-9]+(-[a-z0-9]+)*$"
FACTION_ID = r"^[A-Z][A-Z0-9_]*$"
SOURCE_ID = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"


def parse_iso_date(value: object) -> date:
    """Accept only `YYYY-MM-DD` strings: a bare number or another format is a mistake, not a date."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not ISO_DATE.match(value):
        raise ValueError("an ISO date YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError("a real calendar date YYYY-MM-DD") from exc


def check_http_url(value: str) -> str:
    """Only http(s) links may reach users: `javascript:` or `data:` URLs would run code when clicked."""
    if not re.match(r"^https?://[^\s/$.?#][^\s]*$", value, flags=re.IGNORECASE):
        raise ValueError("an http:// or https:// URL")
    return value


def check_text(value: str) -> str:
    """Text shown to users must have visible content."""
    if not value.strip():
        raise ValueError("non-empty text")
    return value


IsoDate = Annotated[date, BeforeValidator(parse_iso_date)]
HttpUrl = Annotated[str, AfterValidator(check_http_url)]
Text = Annotated[str, AfterValidator(check_text)]
FactionId = Annotated[str, Field(pattern=FACTION_ID)]
SourceId = Annotated[str, Field(pattern=SOURCE_ID)]


class Strict(BaseModel):
    """Unknown fields are errors: in hand-edited data they are almost always typos."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


class Faction(Strict):
    id: FactionId
    name: Text
    short_name: Text
    colour: Annotated[str, Field(pattern=r"^#[0-9A-Fa-f]{6}$")]
    description: Text


class Source(Strict):
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


class Excerpt(Strict):
    source: SourceId
    text: Text


class Alternative(Strict):
    date: IsoDate | None = None
    controller: FactionId | None = None
    sources: Annotated[list[SourceId], Field(min_length=1)]
    note: Text


class ControlRecord(Strict):
    date: IsoDate
    controller: FactionId
    status: Literal["held", "contested"]
    certainty: Literal["confirmed", "reported", "disputed"]
    sources: Annotated[list[SourceId], Field(min_length=1)]
    excerpts: list[Excerpt] = []
    note: str | None = None
    alternatives: list[Alternative] = []
    shared_with: list[FactionId] = []


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
    type: Literal["Point"]
    coordinates: Annotated[list[StrictFloat | StrictInt], AfterValidator(check_position)]


class PlaceProperties(Strict):
    name: Text
    name_ar: Text
    kind: Literal["city", "town", "village", "military", "crossing", "anchor"]
    rank: Literal[1, 2, 3]
    governorate: str | None = None
    coord_source: Text
    note: str | None = None
    control: Annotated[list[ControlRecord], Field(min_length=1)]


class PlaceFeature(Strict):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    type: Literal["Feature"]
    id: Annotated[str, Field(pattern=PLACE_ID)]
    geometry: PointGeometry
    properties: PlaceProperties
    bbox: list[float] | None = None


class DatasetMetadata(Strict):
    title: Text
    baseline_date: IsoDate
    start_date: IsoDate
    end_date: IsoDate
    attribution: str | None = None
    description: str | None = None


class Place(BaseModel):
    """A place as the rest of the program sees it: flat, typed, with its history in date order."""

    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    name_ar: str
    kind: str
    rank: int
    lon: float
    lat: float
    governorate: str | None
    coord_source: str
    note: str | None
    control: tuple[ControlRecord, ...]

    @classmethod
    def from_feature(cls, feature: PlaceFeature) -> Place:
        props = feature.properties
        lon, lat = feature.geometry.coordinates[:2]
        return cls(
            id=feature.id,
            name=props.name,
            name_ar=props.name_ar,
            kind=props.kind,
            rank=props.rank,
            lon=float(lon),
            lat=float(lat),
            governorate=props.governorate,
            coord_source=props.coord_source,
            note=props.note,
            control=tuple(props.control),
        )
