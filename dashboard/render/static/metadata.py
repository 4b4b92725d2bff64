"""Provenance that travels with an image: title, description (dates and the method caveat), attribution
and the sources cited, written as PNG text chunks, a GIF comment and MP4 tags.

PNG: iTXt chunks (UTF-8, with the language tag) named Title, Description, Source, Copyright, Comment,
Software. GIF: one comment extension holding the same fields, one per line. MP4: `title`, `comment`,
`description`, `copyright` tags (ffmpeg `-metadata`); `mp4_tags` reads them back without ffprobe.
"""

from __future__ import annotations

import io
import struct
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PIL import Image
from PIL.PngImagePlugin import PngInfo

from ...core.model import ControlRecord, Dataset, Source
from ...core.stats import citation_counts

if TYPE_CHECKING:
    from ...core.drawn import DrawnShape

SOFTWARE = "conflict-map-dashboard"


@dataclass(frozen=True)
class Provenance:
    """What an image says about itself: title, dates and method, attribution, and the sources it rests on."""

    lang: str
    title: str
    description: str
    attribution: str
    sources: str  # every source cited by the records in force, one per line

    def fields(self) -> dict[str, str]:
        """The provenance as named text fields (PNG chunk keywords), shared by every format."""
        return {
            "Title": self.title,
            "Description": self.description,
            "Source": self.attribution,
            "Copyright": self.attribution,
            "Comment": self.sources,
            "Software": SOFTWARE,
        }

    def png(self, image: Image.Image, dpi: int) -> bytes:
        """`image` encoded as PNG at `dpi`, with the fields as UTF-8 iTXt chunks in the image's language."""
        info = PngInfo()
        for key, value in self.fields().items():
            info.add_itxt(key, value, lang=self.lang)
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", dpi=(dpi, dpi), compress_level=6, pnginfo=info)
        return buffer.getvalue()

    def gif_comment(self) -> bytes:
        """The fields as one GIF comment, one 'Name: value' per line."""
        return "\n".join(f"{k}: {v}" for k, v in self.fields().items()).encode("utf-8")

    def ffmpeg_args(self) -> list[str]:
        """The fields as ffmpeg `-metadata` arguments for MP4 tags."""
        tags = {
            "title": self.title,
            "comment": self.sources,
            "description": self.description,
            "copyright": self.attribution,
            "language": self.lang,
        }
        return [arg for key, value in tags.items() for arg in ("-metadata", f"{key}={value}")]


def records_in_force(day, dataset: Dataset) -> list[ControlRecord | DrawnShape]:
    """The records a day's map rests on: shown places', the areas' that claim something, and the drawn
    shapes in force (a drawn control map is cited like any record)."""
    return [
        *(s.record for s in day.states if s.place.is_shown),
        *(r for r in day.area_records if r is not None and r.controller is not None),
        *dataset.drawn.active_on(day.date),
    ]


def cited(dataset: Dataset, records: Iterable[ControlRecord]) -> list[Source]:
    """The sources the records cite, most-cited first (ties in first-cited order)."""
    counts = citation_counts(records)
    return [dataset.sources[source_id] for source_id, _ in counts.most_common()]


def publishers(dataset: Dataset, records: Iterable[ControlRecord]) -> list[str]:
    """Publisher names (the original publisher of a syndicated copy), most-cited first, each once."""
    by_publisher: Counter[str] = Counter()
    for source_id, count in citation_counts(records).items():
        source = dataset.sources[source_id]
        by_publisher[source.original_publisher or source.publisher] += count
    return [name for name, _ in by_publisher.most_common()]


def source_lines(sources: Iterable[Source]) -> str:
    """One line per source: publisher, quoted title, date and address."""
    return "\n".join(f"{s.publisher}, \u201c{s.title}\u201d, {s.published.isoformat()}, {s.url}" for s in sources)


def mp4_tags(data: bytes) -> dict[str, str]:
    """The iTunes-style tags of an MP4 (moov/udta/meta/ilst), e.g. {'title': …, 'comment': …}."""
    names = {
        b"\xa9nam": "title",
        b"\xa9cmt": "comment",
        b"desc": "description",
        b"cprt": "copyright",
        b"\xa9too": "encoder",
    }
    tags: dict[str, str] = {}

    def walk(start: int, end: int, path: tuple[bytes, ...]) -> None:
        pos = start
        while pos + 8 <= end:
            size, kind = struct.unpack(">I4s", data[pos : pos + 8])
            header = 8
            if size == 1:
                size, header = struct.unpack(">Q", data[pos + 8 : pos + 16])[0], 16
            elif size == 0:
                size = end - pos
            if size < header:
                return
            body = pos + header + (4 if kind == b"meta" else 0)  # `meta` is a full box: version and flags first
            if kind in (b"moov", b"udta", b"meta", b"ilst") or (path and path[-1] == b"ilst"):
                walk(body, pos + size, (*path, kind))
            elif kind == b"data" and path and path[-2:-1] == (b"ilst",):
                tags[names.get(path[-1], path[-1].decode("latin-1"))] = data[pos + 16 : pos + size].decode("utf-8")
            pos += size

    walk(0, len(data), ())
    return tags
