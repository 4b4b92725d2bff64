"""The page's export section: framing, language and one download button per format.

Files are made only when a button is pressed (deferred downloads), with the same function as the
command line, so the app's PNG is the CLI's PNG byte for byte.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from ..core.captions import Captions, parse_notes
from ..core.model import Dataset
from ..render.exports import (
    ANIMATED,
    ASPECTS,
    CAPTIONED,
    FORMATS,
    ExportRequest,
    ImageSize,
    aspect_height,
    check_request,
    export_bytes,
    export_filename,
)
from .prepare import Prepared

LABELS = {
    "png": "PNG image",
    "svg": "SVG (print, editable text)",
    "pdf": "PDF (print)",
    "html": "Interactive HTML (whole period)",
    "geojson": "GeoJSON",
    "csv": "CSV table",
    "gif": "Animated GIF",
    "mp4": "MP4 video",
}
LANGUAGE_NAMES = {"en": "English", "ar": "العربية (Arabic)"}


def export_section(dataset: Dataset, ready: Prepared, day: date) -> None:
    """Framing and language choices, then a download button per format for the selected day.

    Shown on request: a dozen widgets resent on every slider step would cost every viewer's steps for
    an option most of them never use.
    """
    st.markdown("#### Export this view")
    if not st.toggle(
        "Show the downloads: PNG, SVG, PDF, interactive HTML, GeoJSON, CSV, GIF, MP4 video", key="show_exports"
    ):
        return
    framings = {f.id: f.label for f in dataset.manifest.framings}
    framing_column, language_column = st.columns(2)
    framing = framing_column.selectbox(
        "Framing for images and video",
        list(framings),
        format_func=framings.get,
        index=list(framings).index(dataset.manifest.default_view.framing),
        key="export_framing",
    )
    lang = language_column.selectbox(
        "Language of the map's text",
        list(LANGUAGE_NAMES),
        format_func=LANGUAGE_NAMES.get,
        key="export_lang",
        help="Place names, title, legend, caveat and footer",
    )
    captions, size = _own_words(dataset)
    formats = list(FORMATS)
    columns = [c for row in range(0, len(formats), 4) for c in st.columns(4)]
    problems: dict[bool, str | None] = {}  # still images share one check, animations another
    for column, fmt in zip(columns, formats):
        request = ExportRequest(
            format=fmt,
            day=day,
            framing=framing,
            lang=lang,
            size=size,
            captions=captions if fmt in CAPTIONED else Captions(),
        )
        kind = fmt in ANIMATED
        if fmt in CAPTIONED and kind not in problems:
            problems[kind] = _problem(dataset, request)
        problem = problems.get(kind) if fmt in CAPTIONED else _problem(dataset, request)
        if problem:  # a note outside the framing or naming no place, texts too long: say so, offer no file
            column.warning(f"{LABELS[fmt]}: {problem}")
            continue
        column.download_button(
            LABELS[fmt],
            data=lambda request=request: ready.exports.get(
                (request,), lambda: export_bytes(ready.days, request), heavy=request.format in ANIMATED
            ),
            file_name=export_filename(dataset, request),
            mime=FORMATS[fmt],
            on_click="ignore",
            key=f"download-{fmt}",
            width="stretch",
            help=_help(dataset, fmt),
        )


def _problem(dataset: Dataset, request: ExportRequest) -> str | None:
    """Why the request cannot be made (one line), or None."""
    try:
        check_request(dataset, request)
    except ValueError as exc:
        return str(exc)
    return None


def _own_words(dataset: Dataset) -> tuple[Captions, ImageSize]:
    """The publisher's title, subtitle, credit, caption, notes and size preset, for the image formats."""
    with st.expander("Your own words and size (PNG, SVG, PDF, GIF, MP4)"):
        left, right = st.columns(2)
        title = left.text_input("Title", key="export_title", placeholder=dataset.manifest.map_title)
        subtitle = right.text_input("Subtitle", key="export_subtitle")
        credit = left.text_input("Credit", key="export_credit", help='Printed as "Map: …" before the attribution')
        aspect = right.selectbox(
            "Size", ["4:3", *ASPECTS], key="export_aspect", help="16:9 and 1:1 for social media, 4:5 and 3:2 for print"
        )
        caption = st.text_area("Caption", key="export_caption", help="Wraps under the map; the map makes room")
        notes_text = st.text_area(
            "Notes, one per line",
            key="export_notes",
            placeholder="place-id: text   or   lon,lat: text",
            help="A boxed note with a line to the place or point",
        )
    try:
        notes = parse_notes(notes_text.splitlines())
    except ValueError as exc:
        st.warning(f"Notes: {exc}; the images are made without notes until it is fixed.")
        notes = ()
    height = 1200 if aspect == "4:3" else aspect_height(1600, aspect)
    return Captions(title.strip(), subtitle.strip(), credit.strip(), caption.strip(), notes), ImageSize(1600, height)


def _help(dataset: Dataset, fmt: str) -> str:
    every = dataset.manifest.animation_every_days
    step = "every day" if every == 1 else f"every {every} days"
    return {
        "png": "A finished map of this date: title, legend, scale, sources and caveat.",
        "svg": "The PNG's map as SVG: every text is real, editable text, for designers and print.",
        "pdf": "The PNG's map as PDF with its fonts embedded, for print.",
        "html": "One file with the whole period: slider, play, places and their sources; works offline.",
        "geojson": "Places, zones (by certainty), unassessed land and front lines on this date.",
        "csv": "One row per place on this date (UTF-8 with a byte-order mark: opens in Excel with Arabic intact).",
        "gif": f"The whole period, one frame {step}.",
        "mp4": f"The whole period as H.264 video, one frame {step}, for social media.",
    }[fmt]
