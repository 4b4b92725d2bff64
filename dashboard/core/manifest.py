"""`dataset.json`: everything about a dataset that is not a record (titles, period, framings, settings).

The executable form of the manifest section of `geodata/README.md`; cross-field rules (the default view
names a date, place and framing that exist) are in `validate.py`.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field, StrictFloat, StrictInt

from .fields import FeatureId, HttpUrl, IsoDate, Strict, Text


def check_bbox(value: list[float]) -> tuple[float, float, float, float]:
    """A framing: west < east within ±180, south < north within ±90."""
    if len(value) != 4:
        raise ValueError("four numbers [west, south, east, north]")
    west, south, east, north = (float(v) for v in value)
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        raise ValueError("[west, south, east, north] with west < east and south < north, in degrees")
    return west, south, east, north


#: Marks template text an author must replace (new-dataset writes it); `conflict-map validate` refuses it.
PLACEHOLDER = "Placeholder:"

Bbox = Annotated[list[StrictFloat | StrictInt], AfterValidator(check_bbox)]


class Country(Strict):
    """The country the boundaries outline."""

    iso: Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
    name: Text
    name_ar: Text | None = None


class Period(Strict):
    """`baseline` is the state before the period; the slider runs from it to `end`."""

    baseline: IsoDate
    start: IsoDate
    end: IsoDate


class DefaultView(Strict):
    """What the app opens on."""

    date: IsoDate
    place: FeatureId | None = None
    framing: str


class Framing(Strict):
    """A named view for the map and image exports."""

    id: FeatureId
    label: Text
    bbox: Bbox


class TerritorySettings(Strict):
    """How far a place's control may colour the land around it (see `territory.py`)."""

    reach_km: Annotated[float, Field(gt=0, le=2000)]
    reach_note: Text


class DeniedDomain(Strict):
    """A web domain whose pages the dataset may not cite (a mirror, a code repository, a content farm)."""

    domain: Annotated[str, Field(pattern=r"^[a-z0-9-]+(\.[a-z0-9-]+)+$")]
    reason: Text


class Licence(Strict):
    """The licence the dataset's own data (places, records, areas) is published under, printed on every
    export beside the attribution so that whoever reuses a map knows the terms."""

    name: Text  # e.g. "CC BY 4.0"
    url: HttpUrl | None = None


class Translation(Strict):
    """Dataset text in another language, for maps in that language."""

    title: Text | None = None
    subtitle: Text | None = None
    map_title: Text | None = None
    country_name: Text | None = None
    attribution: Text | None = None
    caveats: list[Text] = []


class Manifest(Strict):
    """`dataset.json`: everything about a dataset that is not a record."""

    title: Text
    subtitle: Text
    map_title: Text
    country: Country
    period: Period
    local_time: Text | None = None
    default_view: DefaultView
    framings: Annotated[list[Framing], Field(min_length=1)]
    territory: TerritorySettings
    recent_change_days: Annotated[int, Field(ge=0, le=366)] = 3
    animation_every_days: Annotated[int, Field(ge=1, le=366)] = 1
    attribution: Text
    licence: Licence | None = None
    caveats: Annotated[list[Text], Field(min_length=1)]
    translations: dict[Annotated[str, Field(pattern=r"^[a-z]{2}$")], Translation] = {}
    source_deny_list: list[DeniedDomain] = []

    def placeholders(self) -> list[str]:
        """The fields (dotted paths) that still hold template text marked PLACEHOLDER."""
        found: list[str] = []

        def walk(value: object, path: str) -> None:
            if isinstance(value, str) and PLACEHOLDER.casefold() in value.casefold():
                found.append(path)
            elif isinstance(value, dict):
                for key, item in value.items():
                    walk(item, f"{path}.{key}" if path else str(key))
            elif isinstance(value, list):
                for i, item in enumerate(value):
                    walk(item, f"{path}[{i}]")

        walk(self.model_dump(mode="json", warnings=False), "")
        return found

    def framing(self, framing_id: str) -> Framing:
        """The framing with this id; KeyError if there is none."""
        for framing in self.framings:
            if framing.id == framing_id:
                return framing
        raise KeyError(framing_id)
