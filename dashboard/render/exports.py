"""Every export format behind one function, shared by the command line and the app's download buttons."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from ..core.captions import Captions, located
from ..core.days import Days
from ..core.events import EventQuery
from ..core.model import Dataset
from ..core.state import check_in_period
from .geojson import geojson_bytes

FORMATS = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
    "html": "text/html",
    "geojson": "application/geo+json",
    "csv": "text/csv",
    "gif": "image/gif",
    "mp4": "video/mp4",
}
#: File name extensions each format may be written under.
EXTENSIONS = {
    "png": (".png",),
    "svg": (".svg",),
    "pdf": (".pdf",),
    "html": (".html", ".htm"),
    "geojson": (".geojson", ".json"),
    "csv": (".csv",),
    "gif": (".gif",),
    "mp4": (".mp4",),
}
ANIMATED = ("gif", "mp4")
#: Formats that can show a comparison of two dates.
COMPARABLE = ("png", "svg", "pdf", "geojson", "csv")
#: Formats drawn by the static renderer, which print the publisher's captions and notes.
CAPTIONED = ("png", "svg", "pdf", "gif", "mp4")
#: Size presets (width:height) for social cards and print; the width stays, the height follows.
ASPECTS = {"16:9": (16, 9), "1:1": (1, 1), "4:5": (4, 5), "3:2": (3, 2)}


def aspect_height(width: int, aspect: str) -> int:
    """The height that gives `width` the preset's shape; ValueError naming the presets otherwise."""
    if aspect not in ASPECTS:
        raise ValueError(f"--aspect must be one of {', '.join(ASPECTS)}, got {aspect!r}")
    w, h = ASPECTS[aspect]
    return round(width * h / w)


@dataclass(frozen=True)
class ImageSize:
    """Pixel size and resolution of image and video exports."""

    width: int = 1600
    height: int = 1200
    dpi: int = 200


@dataclass(frozen=True)
class ExportRequest:
    """What the user chose. `framing` is a framing id from the dataset (or None with `bbox`)."""

    format: str
    day: date
    framing: str | None = None
    bbox: tuple[float, float, float, float] | None = None
    size: ImageSize = ImageSize()
    compare_to: date | None = None  # the earlier date of a comparison
    start: date | None = None  # animations: first and last day, and the step between frames
    end: date | None = None
    every: int | None = None
    lang: str = "en"
    csv_bom: bool = True
    place: str | None = None  # html: the place the file opens on
    events: EventQuery | None = None  # --events: the window (its end is the export's day) and filters
    captions: Captions = Captions()  # the publisher's title, subtitle, credit, caption and notes

    def resolved(self, dataset: Dataset) -> ExportRequest:
        """The request with its framing turned into a bbox (the dataset's default framing if none)."""
        if self.bbox is not None:
            return self
        framing = dataset.manifest.framing(self.framing or dataset.manifest.default_view.framing)
        return replace(self, framing=framing.id, bbox=framing.bbox)


def check_request(dataset: Dataset, request: ExportRequest) -> None:
    """ValueError (one line, the user's words) for a request that cannot be made."""
    if request.format not in FORMATS:
        raise ValueError(f"unknown format {request.format!r}: choose one of {', '.join(FORMATS)}")
    if request.framing is not None and request.bbox is None:
        ids = [f.id for f in dataset.manifest.framings]
        if request.framing not in ids:
            raise ValueError(f"unknown framing {request.framing!r}: choose one of {', '.join(ids)}")
    check_in_period(dataset, request.day)
    if request.compare_to is not None:
        if request.format not in COMPARABLE:
            raise ValueError(f"--compare-to works with {', '.join(COMPARABLE)}, not {request.format}")
        check_in_period(dataset, request.compare_to)
        if request.compare_to > request.day:
            raise ValueError(f"--compare-to {request.compare_to} is after --date {request.day}: give the earlier date")
    if request.format in ANIMATED:
        animation_dates(dataset, request)
    if request.events is not None:
        from ..core.io.event_store import EventStore
        from .events_export import check_events

        check_events(EventStore(dataset.directory), request.format, request.compare_to is not None)
    if request.captions and request.format not in CAPTIONED:
        raise ValueError(
            f"--title, --subtitle, --credit, --caption and --note are for {', '.join(CAPTIONED)}, not {request.format}"
        )
    _check_notes(dataset, request)
    if request.captions and request.compare_to is None:
        from . import static

        dates = animation_dates(dataset, request) if request.format in ANIMATED else [request.day]
        static.check_fits(
            dataset, _frame(dataset, request.resolved(dataset)), request.lang, dates, request.format in ANIMATED
        )


def _check_notes(dataset: Dataset, request: ExportRequest) -> None:
    """Every note names a place that exists and has coordinates, inside the image's framing."""
    west, south, east, north = request.resolved(dataset).bbox
    for note in located(dataset, request.captions).notes:
        if not (west <= note.lon <= east and south <= note.lat <= north):
            raise ValueError(
                f"note {note.target!r}: the point is outside the map's framing ({west},{south},{east},{north})"
            )


def animation_dates(dataset: Dataset, request: ExportRequest) -> list[date]:
    """The days an animation shows: from start to end every N days, the last day always included."""
    start = request.start or dataset.baseline
    end = request.end or dataset.end
    check_in_period(dataset, start)
    check_in_period(dataset, end)
    if start > end:
        raise ValueError(f"the animation's start {start} is after its end {end}")
    every = request.every or dataset.manifest.animation_every_days
    if every < 1:
        raise ValueError(f"--every must be a whole number of days, at least 1, got {every}")
    period = [d for d in dataset.period() if start <= d <= end]
    chosen = period[::every]
    if chosen[-1] != end:
        chosen.append(end)
    return chosen


def export_bytes(days: Days, request: ExportRequest) -> bytes:
    """The file contents for the request."""
    dataset = days.dataset
    check_request(dataset, request)
    request = request.resolved(dataset)
    if request.events is not None:
        from .events_export import export_with_events

        return export_with_events(days, request, request.events)
    if request.compare_to is not None:
        return _comparison(days, request)
    if request.format == "geojson":
        from .snapshot import snapshot_geojson  # tables and GeoJSON need pandas; an image does not

        return geojson_bytes(snapshot_geojson(days, request.day))
    if request.format == "csv":
        from . import tables

        return tables.places_csv(dataset, days[request.day], bom=request.csv_bom)
    if request.format == "html":
        from .html_export import render_html

        return render_html(days, request.day, bbox=request.bbox, lang=request.lang, place=request.place)
    from . import static

    frame = _frame(dataset, request)
    if request.format == "png":
        return static.render_png(days, request.day, frame, lang=request.lang)
    if request.format in ("svg", "pdf"):
        return static.render_vector(days, request.day, frame, lang=request.lang, fmt=request.format)
    if request.format == "gif":
        return static.render_gif(days, animation_dates(dataset, request), frame, lang=request.lang)
    from .video import render_mp4

    return render_mp4(days, animation_dates(dataset, request), frame, lang=request.lang)


def _comparison(days: Days, request: ExportRequest) -> bytes:
    from ..core.compare import compare  # GeoPandas: imported only for a comparison

    comparison = compare(days, request.compare_to, request.day)
    if request.format == "geojson":
        from .snapshot import comparison_geojson

        return geojson_bytes(comparison_geojson(days, comparison))
    if request.format == "csv":
        from . import tables

        return tables.changes_csv(days.dataset, comparison, bom=request.csv_bom)
    from . import static

    frame = _frame(days.dataset, request)
    if request.format in ("svg", "pdf"):
        return static.render_comparison_vector(days, comparison, frame, lang=request.lang, fmt=request.format)
    return static.render_comparison_png(days, comparison, frame, lang=request.lang)


def _frame(dataset: Dataset, request: ExportRequest):
    from . import static

    return static.Frame(
        request.bbox,
        request.size.width,
        request.size.height,
        request.size.dpi,
        label=_framing_label(dataset, request),
        captions=located(dataset, request.captions),
    )


def _framing_label(dataset: Dataset, request: ExportRequest) -> str | None:
    if request.framing is None:
        return None
    return dataset.manifest.framing(request.framing).label


def export_filename(dataset: Dataset, request: ExportRequest) -> str:
    """A descriptive file name: dataset, framing, date(s), language, e.g. mycountry-2024-country-2024-12-06.png."""
    parts = [dataset.id]
    if request.format not in ("geojson", "csv") or request.compare_to is not None:
        parts.append(request.framing or ("custom" if request.bbox else dataset.manifest.default_view.framing))
    if request.format in ANIMATED:
        days = animation_dates(dataset, request)
        parts.append(f"{days[0].isoformat()}-to-{days[-1].isoformat()}")
        if (request.every or dataset.manifest.animation_every_days) > 1:
            parts.append(f"every-{request.every or dataset.manifest.animation_every_days}d")
    elif request.compare_to is not None:
        parts.append(f"changes-{request.compare_to.isoformat()}-to-{request.day.isoformat()}")
    else:
        parts.append(request.day.isoformat())
    if request.lang != "en":
        parts.append(request.lang)
    name = "-".join(parts)
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", name) + EXTENSIONS[request.format][0]
