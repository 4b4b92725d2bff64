"""The field types every data file shares: dates, ids, URLs, text, and strict models.

Kept apart so that the record models (`model.py`) and the manifest (`manifest.py`) use one definition.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PLACE_ID = r"^[a-z0-9]+(-[a-z0-9]+)*$"
FACTION_ID = r"^[A-Z][A-Z0-9_]*$"
SOURCE_ID = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"

#: Certainty values in order of strength; "uncertain" on the map means anything below `confirmed`.
CERTAINTIES = ("confirmed", "reported", "disputed")


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
FeatureId = Annotated[str, Field(pattern=PLACE_ID)]


class Strict(BaseModel):
    """Unknown fields are errors: in hand-edited data they are almost always typos."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=False, defer_build=True)
