"""A publisher's own words on an exported map: title, subtitle, credit, caption and short notes pointing at
a place or a point. Pure parsing and checking; the static renderer lays them out (render/static/page.py).

A note is written `place-id: text` or `lon,lat: text` (the form the command line and the app share), so a
newsroom can annotate a place by the id it sees in the data, or any point it can read off a map.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Dataset

#: Longest note text: a note is a pointer with a few words, not a paragraph (that is the caption's job).
NOTE_MAX_CHARS = 140
_POINT = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$")


@dataclass(frozen=True)
class Note:
    """A short text with a leader line to a place (by id) or to a point (lon, lat in degrees)."""

    text: str
    place: str | None = None
    lon: float | None = None
    lat: float | None = None

    @property
    def target(self) -> str:
        """What the note points at, as the user wrote it (for messages)."""
        return self.place or f"{self.lon},{self.lat}"


@dataclass(frozen=True)
class Captions:
    """Texts the publisher adds; empty strings mean 'use the dataset's own'."""

    title: str = ""
    subtitle: str = ""
    credit: str = ""
    caption: str = ""
    notes: tuple[Note, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.title or self.subtitle or self.credit or self.caption or self.notes)


def parse_note(text: str) -> Note:
    """`place-id: text` or `lon,lat: text` as a Note; ValueError (one line, quoting the input) otherwise."""
    target, sep, body = text.partition(":")
    body, target = body.strip(), target.strip()
    if not sep or not target or not body:
        raise ValueError(f'note {text!r}: expected "place-id: text" or "lon,lat: text"')
    if len(body) > NOTE_MAX_CHARS:
        raise ValueError(f"note {text[:40]!r}…: at most {NOTE_MAX_CHARS} characters of text, got {len(body)}")
    point = _POINT.match(target)
    if point is None:
        return Note(body, place=target)
    lon, lat = float(point.group(1)), float(point.group(2))
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise ValueError(f"note {text!r}: the point must be lon,lat in degrees (lon -180..180, lat -90..90)")
    return Note(body, lon=lon, lat=lat)


def parse_notes(lines: list[str] | tuple[str, ...]) -> tuple[Note, ...]:
    """Every non-blank line as a Note (the app's notes box holds one per line)."""
    return tuple(parse_note(line) for line in lines if line.strip())


def located(dataset: Dataset, captions: Captions) -> Captions:
    """The captions with every note's place turned into its coordinates; ValueError naming an unknown or
    unlocated place."""
    notes = []
    for note in captions.notes:
        if note.place is None:
            notes.append(note)
            continue
        try:
            place = dataset.place(note.place)
        except KeyError:
            raise ValueError(f"note {note.place!r}: no place with that id in {dataset.id}") from None
        if place.lon is None or place.lat is None:
            raise ValueError(f"note {note.place!r}: the place has no coordinates, so a note cannot point at it")
        notes.append(Note(note.text, place=note.place, lon=place.lon, lat=place.lat))
    return Captions(captions.title, captions.subtitle, captions.credit, captions.caption, tuple(notes))
