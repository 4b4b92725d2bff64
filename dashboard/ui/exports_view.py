"""The page's export section: framing, language and one download button per format.

Files are made only when a button is pressed (deferred downloads), with the same function as the
command line, so the app's PNG is the CLI's PNG byte for byte.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from ..core.model import Dataset
from ..render.exports import ANIMATED, FORMATS, ExportRequest, export_bytes, export_filename
from .prepare import Prepared

LABELS = {
    "png": "PNG image",
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
    if not st.toggle("Show the downloads: PNG, interactive HTML, GeoJSON, CSV, GIF, MP4 video", key="show_exports"):
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
    columns = st.columns(len(FORMATS))
    for column, fmt in zip(columns, FORMATS):
        request = ExportRequest(format=fmt, day=day, framing=framing, lang=lang)
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


def _help(dataset: Dataset, fmt: str) -> str:
    every = dataset.manifest.animation_every_days
    step = "every day" if every == 1 else f"every {every} days"
    return {
        "png": "A finished map of this date: title, legend, scale, sources and caveat.",
        "html": "One file with the whole period: slider, play, places and their sources; works offline.",
        "geojson": "Places, zones (by certainty), unassessed land and front lines on this date.",
        "csv": "One row per place on this date (UTF-8 with a byte-order mark: opens in Excel with Arabic intact).",
        "gif": f"The whole period, one frame {step}.",
        "mp4": f"The whole period as H.264 video, one frame {step}, for social media.",
    }[fmt]
