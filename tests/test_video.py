"""The MP4 export: H.264 in yuv420p with even sides, one map frame per date at a readable pace, the last
frame held, the same colours as the PNG, and provenance tags that travel with the file."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from dashboard.core import Days, load_dataset
from dashboard.render.static import Frame, pixel_of
from dashboard.render.static.metadata import mp4_tags
from dashboard.render.video import VIDEO_FPS, render_mp4

imageio_ffmpeg = pytest.importorskip("imageio_ffmpeg")

MINI = Path(__file__).parent / "fixtures" / "mini"
BBOX = (35.5, 32.8, 38.5, 35.2)


@pytest.fixture(scope="module")
def days():
    return Days(load_dataset(MINI))


def read(data: bytes):
    """(metadata, frames as arrays) through imageio-ffmpeg's reader."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "v.mp4"
        path.write_bytes(data)
        reader = imageio_ffmpeg.read_frames(str(path))
        meta = next(reader)
        frames = [np.frombuffer(f, dtype=np.uint8).reshape(meta["size"][1], meta["size"][0], 3) for f in reader]
        return meta, frames


def test_mp4_frames_pace_hold_and_codec(days):
    dates = [date(2024, 12, 4), date(2024, 12, 5), date(2024, 12, 6)]
    data = render_mp4(days, dates, Frame(BBOX, 401, 301, 50), seconds_per_frame=0.5, hold_last_s=1.5)
    meta, frames = read(data)
    assert meta["codec"] == "h264" and meta["pix_fmt"].startswith("yuv420p")
    assert tuple(meta["size"]) == (402, 302), "odd sides are padded to even ones"
    assert meta["fps"] == VIDEO_FPS
    assert len(frames) == round((3 * 0.5 + 1.5) * VIDEO_FPS)  # 5 frames per date, then 15 more of the last
    assert abs(meta["duration"] - 3.0) < 0.15
    # Alpha changes hands on 5 December: its colour changes after the first date's frames and not before.
    dataset, frame = days.dataset, Frame(BBOX, 401, 301, 50)
    x, y = pixel_of(dataset.place("alpha").lon, dataset.place("alpha").lat, bbox=BBOX, width=401, height=301)
    reb = np.asarray([int(dataset.factions["REB"].colour[i : i + 2], 16) for i in (1, 3, 5)])
    first, second, last = frames[2][y, x].astype(int), frames[7][y, x].astype(int), frames[-1][y, x].astype(int)
    assert np.abs(second - reb).max() <= 16 and np.abs(last - reb).max() <= 16
    assert np.abs(first - reb).max() > 40
    assert frame.width == 401


def test_mp4_carries_its_provenance(days):
    data = render_mp4(
        days,
        [date(2024, 12, 5), date(2024, 12, 6)],
        Frame(BBOX, 320, 240, 40),
        lang="ar",
        seconds_per_frame=0.3,
        hold_last_s=0.3,
    )
    tags = mp4_tags(data)
    assert "ديسمبر" in tags["title"] and "2024" in tags["title"], tags
    assert days.dataset.manifest.attribution in tags["copyright"]
    assert any(source.url in tags["comment"] for source in days.dataset.sources.values())
    assert "60" in tags["description"]  # the method caveat, with this dataset's reach in km


def test_mp4_rejects_a_pace_it_cannot_show(days):
    with pytest.raises(ValueError):
        render_mp4(days, [date(2024, 12, 5)], Frame(BBOX, 320, 240, 40), seconds_per_frame=0)
