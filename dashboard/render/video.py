"""The animation as an MP4 video: H.264 in yuv420p (plays everywhere, social sites included), the same
frames as the GIF, at a pace a viewer can read, holding the last frame, with provenance tags.

Encoded by the ffmpeg binary that the imageio-ffmpeg package ships, so no system ffmpeg is needed. Each
map frame is repeated to make a steady VIDEO_FPS stream (players and sites handle that better than a
video of one frame per second or less); H.264 stores the repeats almost for free. The frames are sent once
each and repeated by ffmpeg's fps filter; `tpad` holds the last.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from datetime import date
from fractions import Fraction
from pathlib import Path

import numpy as np
from PIL import Image

from ..core.days import Days
from .static import Frame
from .static.animation import animation
from .static.metadata import Provenance
from .style import STYLE

VIDEO_FPS = 10


def render_mp4(
    days: Days,
    dates: list[date],
    frame: Frame,
    lang: str = "en",
    seconds_per_frame: float = 0.8,
    hold_last_s: float = 2.4,
) -> bytes:
    """One map frame per date, each shown `seconds_per_frame`, the last held `hold_last_s` longer."""
    if seconds_per_frame <= 0 or hold_last_s < 0:
        raise ValueError("seconds_per_frame must be positive and hold_last_s not negative")
    images, provenance = animation(days, dates, frame, lang)
    return encode_mp4(images, provenance, frame, seconds_per_frame, hold_last_s)


def encode_mp4(
    images: Iterable[Image.Image],
    provenance: Provenance,
    frame: Frame,
    seconds_per_frame: float = 0.8,
    hold_last_s: float = 2.4,
) -> bytes:
    """H.264 of the frames (any map animation, e.g. with events), each `seconds_per_frame`, the last held."""
    import imageio_ffmpeg  # an optional export dependency: imported only when a video is asked for

    width, height = frame.width + frame.width % 2, frame.height + frame.height % 2  # yuv420p needs even sides
    # Each map frame is sent once at its own slow rate; ffmpeg repeats it to VIDEO_FPS and clones the last.
    rate = 1 / Fraction(seconds_per_frame).limit_denominator(1000)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "map.mp4"
        writer = imageio_ffmpeg.write_frames(
            str(path),
            (width, height),
            fps=rate,
            codec="libx264",
            pix_fmt_in="rgb24",
            pix_fmt_out="yuv420p",
            macro_block_size=1,
            ffmpeg_log_level="error",
            quality=None,
            output_params=[
                "-vf",
                f"fps={VIDEO_FPS},tpad=stop_mode=clone:stop_duration={hold_last_s:g}",
                "-crf",
                "20",
                "-preset",
                "veryfast",
                "-tune",
                "stillimage",
                "-movflags",
                "+faststart",
                *provenance.ffmpeg_args(),
            ],
        )
        writer.send(None)  # start the encoder
        for image in images:
            writer.send(_even(image, width, height).tobytes())
        writer.close()
        return path.read_bytes()


def _even(image: Image.Image, width: int, height: int) -> np.ndarray:
    """The frame padded (with the paper colour) to even dimensions, as contiguous RGB bytes."""
    if image.size == (width, height):
        return np.ascontiguousarray(np.asarray(image.convert("RGB")))
    canvas = Image.new("RGB", (width, height), STYLE.paper)
    canvas.paste(image, (0, 0))
    return np.asarray(canvas)
