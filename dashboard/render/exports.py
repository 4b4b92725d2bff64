"""Every export format behind one function, shared by the command line and the app's download buttons."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..core.loader import Dataset
from ..core.state import check_in_period
from ..core.territory import Cells
from .snapshot import geojson_bytes, snapshot_csv, snapshot_geojson
from .style import DEFAULT_FOCUS, FOCUS_PRESETS

FORMATS = {
    "png": "image/png",
    "html": "text/html",
    "geojson": "application/geo+json",
    "csv": "text/csv",
    "gif": "image/gif",
}


@dataclass(frozen=True)
class ExportOptions:
    """What the user chose: framing and size for images; a date range for the animation."""

    bbox: tuple[float, float, float, float] = FOCUS_PRESETS[DEFAULT_FOCUS]
    width: int = 1600
    height: int = 1200
    dpi: int = 200
    start: date | None = None
    end: date | None = None
    frame_ms: int = 700


def export_bytes(dataset: Dataset, cells: Cells, fmt: str, day: date, options: ExportOptions = ExportOptions()) -> bytes:
    """The file contents for `fmt` on `day` (for gif: from options.start to options.end)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    check_in_period(dataset, day)
    if fmt == "geojson":
        return geojson_bytes(snapshot_geojson(dataset, day, cells))
    if fmt == "csv":
        return snapshot_csv(dataset, day)
    if fmt == "html":
        from .html_export import render_html

        return render_html(dataset, day, cells, bbox=options.bbox)
    if fmt == "png":
        from .static_map import render_png

        return render_png(dataset, day, cells, bbox=options.bbox, width=options.width, height=options.height,
                          dpi=options.dpi)
    start, end = animation_range(dataset, options)
    from .static_map import render_gif

    return render_gif(dataset, start, end, cells, bbox=options.bbox, width=options.width, height=options.height,
                      dpi=options.dpi, frame_ms=options.frame_ms)


def animation_range(dataset: Dataset, options: ExportOptions) -> tuple[date, date]:
    """The animation's first and last day: the whole period unless the options narrow it."""
    start = options.start or dataset.metadata.baseline_date
    end = options.end or dataset.metadata.end_date
    check_in_period(dataset, start)
    check_in_period(dataset, end)
    if start > end:
        raise ValueError(f"the animation's start {start} is after its end {end}")
    return start, end


def export_filename(fmt: str, day: date, options: ExportOptions = ExportOptions()) -> str:
    """A descriptive default file name: syria-control-2024-12-06.png, or a range for the animation."""
    if fmt == "gif":
        return f"syria-control-{options.start or 'start'}-to-{options.end or 'end'}.gif"
    return f"syria-control-{day.isoformat()}.{fmt}"
