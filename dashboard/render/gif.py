"""Animated GIF encoding with one shared palette, so flat map colours stay flat and identical in every frame.

GIF allows 256 colours. Pillow's per-frame quantization would pick a different palette for each frame and
dither, so a faction's colour would flicker between frames; here the colours that must survive exactly
(faction fills, zone tints, the basemap) are fixed, and the rest of the palette is shared by all frames.
"""

from __future__ import annotations

import io

import numpy as np
from PIL import Image


def encode_gif(
    frames: list[Image.Image], fixed: list[tuple[int, int, int]], durations: list[int], comment: bytes | None = None
) -> bytes:
    """RGB frames of one size as a GIF that loops forever; `fixed` colours (at most 128) are kept exactly;
    `comment` (UTF-8 provenance text) goes into a comment extension."""
    if not frames:
        raise ValueError("a GIF needs at least one frame")
    indexed = _indexed(frames, _shared_palette(frames, fixed), fixed)
    buffer = io.BytesIO()
    extra = {"comment": comment} if comment else {}
    indexed[0].save(
        buffer,
        format="GIF",
        save_all=True,
        append_images=indexed[1:],
        duration=durations,
        loop=0,
        optimize=True,
        disposal=1,
        **extra,
    )
    return buffer.getvalue()


def _shared_palette(frames: list[Image.Image], fixed: list[tuple[int, int, int]]) -> np.ndarray:
    """One palette for every frame (256 x RGB): the fixed colours, then the commonest others across all frames."""
    sample = [f.resize((max(1, f.width // 4), max(1, f.height // 4)), Image.Resampling.NEAREST) for f in frames]
    mosaic = Image.new("RGB", (sample[0].width, sum(s.height for s in sample)))
    y = 0
    for s in sample:
        mosaic.paste(s, (0, y))
        y += s.height
    adaptive = mosaic.quantize(colors=256 - len(fixed), method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    extra = np.asarray(adaptive.getpalette()[: 3 * (256 - len(fixed))], dtype=np.int32).reshape(-1, 3)
    palette = np.zeros((256, 3), dtype=np.int32)
    palette[: len(fixed)] = fixed
    palette[len(fixed) : len(fixed) + len(extra)] = extra
    return palette


def _cell_codes(frame: Image.Image) -> np.ndarray:
    """Each pixel's cell in a 64x64x64 colour cube (6 bits per channel)."""
    rgb = np.asarray(frame) >> 2
    return (rgb[..., 0].astype(np.uint32) << 12) | (rgb[..., 1].astype(np.uint32) << 6) | rgb[..., 2]


def _indexed(frames: list[Image.Image], palette: np.ndarray, fixed: list[tuple[int, int, int]]) -> list[Image.Image]:
    """Frames mapped to the shared palette through a colour-cube lookup table, without dithering.

    Nearest colours are computed only for the cube cells that occur (a few thousand), so a frame costs
    one table lookup; a cell holding a fixed colour maps to it exactly, keeping flat areas flat.
    (Pillow's own palette mapping is several times slower and nudges white to 253,252,252.)
    """
    present = np.zeros(1 << 18, dtype=bool)
    for frame in frames:
        present[_cell_codes(frame)] = True
    cells = np.flatnonzero(present)
    centres = np.column_stack([(cells >> 12) & 63, (cells >> 6) & 63, cells & 63]) * 4 + 1.5
    lut = np.zeros(1 << 18, dtype=np.uint8)
    for start in range(0, len(cells), 4096):
        chunk = centres[start : start + 4096]
        distances = ((chunk[:, None, :] - palette[None, :, :]) ** 2).sum(axis=2)
        lut[cells[start : start + 4096]] = distances.argmin(axis=1)
    for index, (r, g, b) in enumerate(fixed):
        lut[((r >> 2) << 12) | ((g >> 2) << 6) | (b >> 2)] = index
    flat = palette.astype(np.uint8).ravel().tolist()
    indexed = []
    for frame in frames:
        image = Image.fromarray(lut[_cell_codes(frame)], "P")
        image.putpalette(flat)
        indexed.append(image)
    return indexed
