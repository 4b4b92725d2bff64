"""SVG and PDF for print: the very figure the PNG is rendered from, saved by matplotlib's vector backends.

SVG keeps every text as a real `<text>` element (`svg.fonttype: none`), so a designer can edit the words
and the browser or editor shapes Arabic itself; PDF embeds its fonts as TrueType (`pdf.fonttype: 42`), so
it prints the same anywhere. Provenance goes into each format's own metadata fields.
"""

from __future__ import annotations

import io

from matplotlib import rc_context
from matplotlib.figure import Figure

from .metadata import SOFTWARE, Provenance

VECTOR_FORMATS = ("svg", "pdf")


def vector_bytes(fig: Figure, fmt: str, provenance: Provenance) -> bytes:
    """`fig` as SVG or PDF bytes with title, description, licence and sources in the file's metadata."""
    if fmt not in VECTOR_FORMATS:
        raise ValueError(f"unknown vector format {fmt!r}: choose one of {', '.join(VECTOR_FORMATS)}")
    if fmt == "svg":
        metadata = {
            "Title": provenance.title,
            "Description": f"{provenance.description}\n{provenance.sources}",
            "Rights": provenance.attribution,
            "Language": provenance.lang,
            "Creator": SOFTWARE,
            "Date": None,  # no timestamp: the same map gives the same file
        }
    else:
        metadata = {
            "Title": provenance.title,
            "Subject": provenance.description,
            "Keywords": provenance.attribution,
            "Creator": SOFTWARE,
            "CreationDate": None,
        }
    buffer = io.BytesIO()
    with rc_context({"svg.fonttype": "none", "pdf.fonttype": 42, "svg.hashsalt": SOFTWARE}):
        fig.savefig(buffer, format=fmt, dpi=fig.dpi, metadata=metadata, facecolor=fig.get_facecolor())
    return buffer.getvalue()
