"""SVG and PDF for print: the very figure the PNG is rendered from, saved by matplotlib's vector backends.

SVG keeps every text as a real `<text>` element (`svg.fonttype: none`), so a designer can edit the words
and the browser or editor shapes Arabic itself; PDF embeds its fonts as TrueType (`pdf.fonttype: 42`), so
it prints the same anywhere. Provenance goes into each format's own metadata fields.
"""

from __future__ import annotations

import io
import re

from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.text import Text

from ..style import STYLE
from .labels import HALO
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
    haloed = _haloed(fig) if fmt == "svg" else []
    for text, _ in haloed:  # SVG strokes text itself: drop the path effect, which would turn it into paths
        text.set_path_effects([])
    try:
        with rc_context({"svg.fonttype": "none", "pdf.fonttype": 42, "svg.hashsalt": SOFTWARE}):
            fig.savefig(buffer, format=fmt, dpi=fig.dpi, metadata=metadata, facecolor=fig.get_facecolor())
    finally:
        for text, effects in haloed:
            text.set_path_effects(effects)
    data = buffer.getvalue()
    if haloed:
        data = _svg_halos(data, HALO * _scale(fig))
    return data


def _haloed(fig: Figure) -> list[tuple[Text, list]]:
    """The labels drawn with a halo (labels.py gives them a `halo-` gid), with their path effects."""
    found = fig.findobj(lambda a: isinstance(a, Text) and str(a.get_gid() or "").startswith("halo-"))
    return [(t, t.get_path_effects()) for t in found]


def _scale(fig: Figure) -> float:
    """The design scale the labels were drawn at (their halo width is in scaled points)."""
    from .frame import DESIGN_INCHES

    w, h = fig.get_size_inches()
    return min(1.0, w / DESIGN_INCHES[0], h / DESIGN_INCHES[1])


def _svg_halos(svg: bytes, width: float) -> bytes:
    """Give every haloed label's <text> a paper-coloured stroke painted under its fill, as the PNG shows."""
    stroke = f"stroke: {STYLE.paper}; stroke-width: {width:.2f}px; stroke-linejoin: round; paint-order: stroke; "

    def halo(group: re.Match) -> str:
        return group.group(0).replace('<text style="', f'<text style="{stroke}', 1)

    text = svg.decode("utf-8")
    return re.sub(r'<g id="halo-[^"]*">\s*<text style="[^>]*>', halo, text).encode("utf-8")
