"""The static PNG/GIF map: exact size, the right colour where a place is, framing honoured, one GIF frame per day."""

from __future__ import annotations

import io
from datetime import date, timedelta

import numpy as np
import pytest
from PIL import Image, ImageSequence

from dashboard.core.state import state_at
from dashboard.render.exports import ExportOptions, export_bytes
from dashboard.render.static_map import map_rect_pixels, pixel_of, render_gif, render_png
from dashboard.render.style import FOCUS_PRESETS

CORRIDOR, COUNTRY = FOCUS_PRESETS["corridor"], FOCUS_PRESETS["country"]
SMALL = dict(width=800, height=600, dpi=100)
TOLERANCE = 6  # per RGB channel: markers are opaque, so the centre pixel is the faction colour itself


def rgb(hex_colour: str) -> np.ndarray:
    return np.asarray([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)])


def png_array(data: bytes) -> np.ndarray:
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    return np.asarray(image.convert("RGB")).astype(int)


def colour_at(pixels: np.ndarray, lon: float, lat: float, bbox, width: int, height: int) -> np.ndarray:
    x, y = pixel_of(lon, lat, bbox=bbox, width=width, height=height)
    assert 0 <= x < width and 0 <= y < height, f"({lon}, {lat}) is outside the image at ({x}, {y})"
    return pixels[y, x]


def close(found: np.ndarray, expected: str) -> bool:
    return bool(np.all(np.abs(found - rgb(expected)) <= TOLERANCE))


def gif_frames(data: bytes) -> tuple[list[np.ndarray], list[int], Image.Image]:
    image = Image.open(io.BytesIO(data))
    assert image.format == "GIF"
    frames, durations = [], []
    for frame in ImageSequence.Iterator(image):
        durations.append(frame.info.get("duration"))
        frames.append(np.asarray(frame.convert("RGB")).astype(int))
    return frames, durations, image


@pytest.mark.parametrize("width, height, dpi", [(1600, 1200, 200), (800, 600, 100), (801, 457, 100)])
def test_png_has_the_requested_size(bundled, bundled_cells, width, height, dpi):
    data = render_png(bundled, date(2024, 12, 6), bundled_cells, bbox=CORRIDOR, width=width, height=height, dpi=dpi)
    image = Image.open(io.BytesIO(data))
    image.verify()
    assert Image.open(io.BytesIO(data)).size == (width, height)


def test_hama_pixel_has_its_controllers_colour(bundled, bundled_cells):
    hama = bundled.place("hama")
    gov, hts = bundled.factions["GOV"].colour, bundled.factions["HTS"].colour
    before = png_array(render_png(bundled, date(2024, 12, 4), bundled_cells, bbox=CORRIDOR, **SMALL))
    after = png_array(render_png(bundled, date(2024, 12, 6), bundled_cells, bbox=CORRIDOR, **SMALL))
    assert close(colour_at(before, hama.lon, hama.lat, CORRIDOR, 800, 600), gov)
    assert close(colour_at(after, hama.lon, hama.lat, CORRIDOR, 800, 600), hts)


@pytest.mark.parametrize("bbox", [CORRIDOR, COUNTRY], ids=["corridor", "country"])
def test_every_major_city_in_view_shows_its_controller(bundled, bundled_cells, bbox):
    """No label, legend or scale bar may hide a city's marker centre, and the marker sits where pixel_of says."""
    day = date(2024, 12, 6)
    pixels = png_array(render_png(bundled, day, bundled_cells, bbox=bbox, **SMALL))
    left, top, right, bottom = map_rect_pixels(800, 600)
    checked = 0
    for state in state_at(bundled, day):
        place = state.place
        x, y = pixel_of(place.lon, place.lat, bbox=bbox, width=800, height=600)
        if place.rank != 1 or place.kind == "anchor" or not (left + 6 < x < right - 6 and top + 6 < y < bottom - 6):
            continue
        expected = bundled.factions[state.controller].colour
        assert close(pixels[y, x], expected), f"{place.id} at ({x}, {y}): {pixels[y, x]} is not {expected}"
        checked += 1
    assert checked >= 6


def test_framing_is_honoured(bundled, bundled_cells):
    damascus = bundled.place("damascus")
    x, y = pixel_of(damascus.lon, damascus.lat, bbox=CORRIDOR, width=800, height=600)
    assert not (0 <= x < 800 and 0 <= y < 600), "the corridor framing (Aleppo to Homs) leaves Damascus out"
    x, y = pixel_of(damascus.lon, damascus.lat, bbox=COUNTRY, width=800, height=600)
    assert 0 <= x < 800 and 0 <= y < 600
    aleppo = bundled.place("aleppo")
    ax, ay = pixel_of(aleppo.lon, aleppo.lat, bbox=COUNTRY, width=800, height=600)
    assert ax > x and ay < y, "north-east of Damascus is right of and above it"
    # The renderer agrees: on 4 December Damascus, in the country view, is the government's red.
    pixels = png_array(render_png(bundled, date(2024, 12, 4), bundled_cells, bbox=COUNTRY, **SMALL))
    assert close(colour_at(pixels, damascus.lon, damascus.lat, COUNTRY, 800, 600), bundled.factions["GOV"].colour)


def test_bbox_is_widened_not_stretched():
    """A tall bbox keeps its height and gains width: one degree of longitude spans the same pixels either way."""
    tall = (36.0, 33.0, 37.0, 37.0)
    wide = (30.0, 34.0, 44.0, 35.0)
    for bbox in (tall, wide):
        x0, _ = pixel_of(36.0, 35.0, bbox=bbox, width=800, height=600)
        x1, _ = pixel_of(37.0, 35.0, bbox=bbox, width=800, height=600)
        _, y0 = pixel_of(36.0, 34.5, bbox=bbox, width=800, height=600)
        _, y1 = pixel_of(36.0, 35.5, bbox=bbox, width=800, height=600)
        lat_stretch = 1 / np.cos(np.radians(35.0))  # Web Mercator: a degree of latitude is longer
        assert abs((y0 - y1) / (x1 - x0) - lat_stretch) < 0.05
    west, south, east, north = tall
    for lon, lat in [(west, 35.0), (east, 35.0), (36.5, south), (36.5, north)]:
        x, y = pixel_of(lon, lat, bbox=tall, width=800, height=600)
        assert 0 <= x < 800 and 0 <= y < 600, "everything in the bbox is in the picture"


def test_mini_dataset_renders(mini, mini_cells):
    """No neighbours or governorates layer: still a map, with the controller's colour at each place."""
    bbox = (35.5, 32.8, 38.5, 35.2)
    pixels = png_array(render_png(mini, date(2024, 12, 6), mini_cells, bbox=bbox, **SMALL))
    assert pixels.shape == (600, 800, 3)
    alpha = mini.place("alpha")
    assert close(colour_at(pixels, alpha.lon, alpha.lat, bbox, 800, 600), mini.factions["REB"].colour)


def changed_pairs(dataset, start: date, end: date) -> list[tuple[int, list[str]]]:
    """(index of the later day, ids of places whose controller changed) for each consecutive pair of days."""
    days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    states = [{s.place.id: s.controller for s in state_at(dataset, d)} for d in days]
    pairs = []
    for i in range(1, len(days)):
        changed = [pid for pid, controller in states[i].items() if states[i - 1][pid] != controller]
        if changed:
            pairs.append((i, changed))
    return pairs


def test_gif_has_one_frame_per_day_and_changes_show(bundled, bundled_cells):
    start, end = date(2024, 11, 26), date(2024, 12, 12)
    width, height = 400, 300
    data = render_gif(bundled, start, end, bundled_cells, bbox=CORRIDOR, width=width, height=height, dpi=50,
                      frame_ms=500)
    frames, durations, image = gif_frames(data)
    assert len(frames) == 17 and image.info.get("loop") == 0
    assert all(f.shape == (height, width, 3) for f in frames)
    assert durations[:-1] == [500] * 16 and durations[-1] == 1500
    left, top, right, bottom = (round(v) for v in map_rect_pixels(width, height))
    pairs = changed_pairs(bundled, start, end)
    assert len(pairs) >= 5
    for i, _changed in pairs:
        before, after = frames[i - 1][top:bottom, left:right], frames[i][top:bottom, left:right]
        assert np.any(before != after), f"frame {i} shows a change of control but its map is unchanged"


def test_gif_frames_show_each_days_colours(bundled, bundled_cells):
    start, end = date(2024, 12, 3), date(2024, 12, 7)
    data = render_gif(bundled, start, end, bundled_cells, bbox=CORRIDOR, frame_ms=300, **SMALL)
    frames, durations, _ = gif_frames(data)
    assert len(frames) == 5 and durations == [300, 300, 300, 300, 900]
    hama = bundled.place("hama")
    gov, hts = bundled.factions["GOV"].colour, bundled.factions["HTS"].colour
    assert close(colour_at(frames[1], hama.lon, hama.lat, CORRIDOR, 800, 600), gov)  # 4 December
    assert close(colour_at(frames[3], hama.lon, hama.lat, CORRIDOR, 800, 600), hts)  # 6 December
    for i, changed in changed_pairs(bundled, start, end):
        day = start + timedelta(days=i)
        controllers = {s.place.id: s.controller for s in state_at(bundled, day)}
        shown = []
        for place_id in changed:
            place = bundled.place(place_id)
            x, y = pixel_of(place.lon, place.lat, bbox=CORRIDOR, width=800, height=600)
            if place.kind != "anchor" and 0 <= x < 800 and 0 <= y < 600:
                shown.append(close(frames[i][y, x], bundled.factions[controllers[place_id]].colour))
        assert any(shown), f"no place that changed hands on {day} shows its new controller's colour"


def test_gif_frame_is_the_png_map(bundled, bundled_cells):
    """The animation draws only what changes per frame; its map must still be the PNG's map, pixel for pixel
    (up to palette quantization of antialiased edges)."""
    day = date(2024, 12, 6)
    frames, _, _ = gif_frames(render_gif(bundled, day, day, bundled_cells, bbox=COUNTRY, **SMALL))
    png = png_array(render_png(bundled, day, bundled_cells, bbox=COUNTRY, **SMALL))
    left, top, right, bottom = (round(v) for v in map_rect_pixels(800, 600))
    diff = np.abs(frames[0][top:bottom, left:right] - png[top:bottom, left:right]).max(axis=2)
    assert np.mean(diff > 24) < 0.005, "more than a few edge pixels differ between the GIF frame and the PNG"


def test_export_bytes_png_and_gif(mini, mini_cells):
    options = ExportOptions(width=400, height=300, dpi=50, start=date(2024, 12, 4), end=date(2024, 12, 6))
    png = export_bytes(mini, mini_cells, "png", date(2024, 12, 5), options)
    assert Image.open(io.BytesIO(png)).size == (400, 300)
    gif = Image.open(io.BytesIO(export_bytes(mini, mini_cells, "gif", date(2024, 12, 5), options)))
    assert gif.n_frames == 3 and gif.size == (400, 300)
