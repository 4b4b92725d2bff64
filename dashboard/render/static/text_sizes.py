"""Sizes of measured texts, kept between runs: most of a PNG's layout time is matplotlib measuring lines.

Word-wrapping the title, caption and credits and fitting the sources line measure a hundred or more
candidate lines per image, about a millisecond each at print resolution, and a batch of exports measures
the same ones again in every process. The sizes are kept in one file of the run-time cache (stored.py)
named by the matplotlib version and its text settings; each entry's key holds the text and everything
of the font that changes its size, so a size read back is the number matplotlib would give.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, wraps
from typing import ParamSpec, TypeVar

import matplotlib
from matplotlib.font_manager import FontProperties, findfont

from ...core.io.files import keep, read_kept
from .stored import stored_path

#: Bump when the key or the stored value changes shape.
FORMAT = 3
#: More entries than this and the file starts again (a long batch over many dates keeps adding lines).
MOST_ENTRIES = 20_000

Size = tuple[float, float, float]  # width, height, descent in display pixels
P = ParamSpec("P")
R = TypeVar("R")


@dataclass
class TextSizes:
    """Measured (width, height, descent) by text, font and dpi; `added` counts entries not yet stored."""

    sizes: dict[tuple, Size] = field(default_factory=dict)
    added: int = 0

    def measure(self, renderer, text: str, props: FontProperties) -> Size:
        """The renderer's size of a one-line text, measured once per text, font and dpi."""
        font = findfont(props)  # the file itself: another installed version of the font measures differently
        key = (
            text,
            str(font),  # a plain string: matplotlib's FontPath does not unpickle
            getattr(font, "face_index", 0),
            tuple(props.get_family()),
            props.get_size_in_points(),
            str(props.get_weight()),
            props.get_style(),
            props.get_variant(),
            str(props.get_stretch()),
            props.get_file(),
            float(renderer.dpi),
        )
        size = self.sizes.get(key)
        if size is None:
            size = self.sizes[key] = tuple(renderer.get_text_width_height_descent(text, props, ismath=False))
            self.added += 1
        return size

    def save(self) -> None:
        """Write the sizes measured since loading, if any (another process may have written meanwhile:
        the last writer wins, and a lost entry is only measured again)."""
        if self.added:
            if len(self.sizes) > MOST_ENTRIES:
                self.sizes = dict(list(self.sizes.items())[-MOST_ENTRIES // 2 :])
            keep(_path(), self.sizes)
            self.added = 0


def _path():
    hinting = matplotlib.rcParams["text.hinting"]  # the one text setting (besides the font) that changes sizes
    return stored_path(f"text-sizes-mpl{matplotlib.__version__}-{hinting}-v{FORMAT}.pickle")


@cache
def text_sizes() -> TextSizes:
    """The sizes this process uses, read from the run-time cache on first use."""
    return TextSizes(read_kept(_path(), dict) or {})


def saving_text_sizes(render: Callable[P, R]) -> Callable[P, R]:
    """`render`, then the sizes it measured written for the next process (one write per file made)."""

    @wraps(render)
    def rendered(*args: P.args, **kwargs: P.kwargs) -> R:
        result = render(*args, **kwargs)
        text_sizes().save()
        return result

    return rendered
