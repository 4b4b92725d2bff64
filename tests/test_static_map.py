"""The static map (PNG, GIF, comparison): exact size, the right colour where a place is, hatched uncertain land,
neutral unassessed land, a legend naming every colour drawn, Arabic mirrored, provenance kept, placement rules.

Real-place tests use the Syria dataset at geodata/syria-2024 (or the folder in $SYRIA_DATASET).
"""

from __future__ import annotations

import dataclasses
import io
import os
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest
import shapely
from matplotlib.colors import to_rgb
from PIL import Image, ImageSequence

from dashboard.core import Days, load_dataset
from dashboard.core.compare import compare
from dashboard.core.stats import round_area
from dashboard.render.static import Frame, map_rect_pixels, pixel_of, render_comparison_png, render_gif, render_png
from dashboard.render.static.basemap import basemap_for
from dashboard.render.static.comparison import render_comparison
from dashboard.render.static.markers import pale
from dashboard.render.static.placement import LabelRequest, best_corner, fit_list, overlap, place_labels
from dashboard.render.static.scene import render_day
from dashboard.render.style import STYLE
from dashboard.render.wording import method_note

ROOT = Path(__file__).resolve().parent.parent
SYRIA = Path(os.environ.get("SYRIA_DATASET", ROOT / "geodata" / "syria-2024"))
MINI = Path(__file__).parent / "fixtures" / "mini"
MINI_BBOX = (35.5, 32.8, 38.5, 35.2)
W, H = 800, 600  # 8 x 6 in at 100 dpi: the design size, so sizes in tests are the nominal ones
TOLERANCE = 6  # per RGB channel


@pytest.fixture(scope="module")
def mini_days():
    return Days(load_dataset(MINI))


@pytest.fixture(scope="module")
def syria_days():
    return Days(load_dataset(SYRIA))


def framing(days, framing_id: str, width=W, height=H, dpi=100) -> Frame:
    f = days.dataset.manifest.framing(framing_id)
    return Frame(tuple(f.bbox), width, height, dpi, f.label)


def rgb(colour: str) -> np.ndarray:
    return np.asarray([round(v * 255) for v in to_rgb(colour)])


def over(colour: str, alpha: float, under: str) -> np.ndarray:
    return rgb(pale(colour, alpha, under))


def close(found, expected, tolerance=TOLERANCE) -> bool:
    expected = rgb(expected) if isinstance(expected, str) else expected
    return bool(np.all(np.abs(np.asarray(found, dtype=int) - expected) <= tolerance))


def png_array(data: bytes) -> np.ndarray:
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    return np.asarray(image.convert("RGB")).astype(int)


def fill_of(state, dataset) -> str:
    """A marker's fill: the controller's colour, paler when the record is not confirmed."""
    colour = dataset.factions[state.controller].colour
    return colour if state.record.is_certain else pale(colour)


def at(pixels, lon, lat, frame: Frame):
    x, y = pixel_of(lon, lat, bbox=frame.bbox, width=frame.width, height=frame.height)
    assert 0 <= x < frame.width and 0 <= y < frame.height, f"({lon}, {lat}) is outside the image at ({x}, {y})"
    return pixels[y, x]


def gif_frames(data: bytes):
    image = Image.open(io.BytesIO(data))
    assert image.format == "GIF"
    frames, durations = [], []
    for frame in ImageSequence.Iterator(image):
        durations.append(frame.info.get("duration"))
        frames.append(np.asarray(frame.convert("RGB")).astype(int))
    return frames, durations, image


def interior_points(geom, n=40, seed=1):
    """Points well inside a geometry (lon, lat), away from its edges."""
    inner = geom.buffer(-0.05)
    assert not inner.is_empty
    rng = np.random.default_rng(seed)
    x0, y0, x1, y1 = inner.bounds
    points = []
    while len(points) < n:
        x, y = rng.uniform(x0, x1), rng.uniform(y0, y1)
        if inner.contains(shapely.Point(x, y)):
            points.append((x, y))
    return points


def away_from_places(points, dataset, frame: Frame, clearance=40):
    places = [
        pixel_of(p.lon, p.lat, bbox=frame.bbox, width=frame.width, height=frame.height)
        for p in dataset.places
        if p.is_shown
    ]
    out = []
    for lon, lat in points:
        x, y = pixel_of(lon, lat, bbox=frame.bbox, width=frame.width, height=frame.height)
        if all(abs(x - px) > clearance or abs(y - py) > clearance for px, py in places):
            out.append((x, y))
    return out


# ---------------------------------------------------------------------------------------------- size, framing


@pytest.mark.parametrize("width, height, dpi", [(1600, 1200, 200), (800, 600, 100), (801, 457, 100)])
def test_png_has_the_requested_size(mini_days, width, height, dpi):
    data = render_png(mini_days, date(2024, 12, 6), Frame(MINI_BBOX, width, height, dpi))
    Image.open(io.BytesIO(data)).verify()
    assert Image.open(io.BytesIO(data)).size == (width, height)


def test_bbox_is_widened_not_stretched():
    """A tall bbox keeps its height and gains width: one degree of longitude spans the same pixels either way."""
    tall, wide = (36.0, 33.0, 37.0, 37.0), (30.0, 34.0, 44.0, 35.0)
    for bbox in (tall, wide):
        x0, _ = pixel_of(36.0, 35.0, bbox=bbox, width=W, height=H)
        x1, _ = pixel_of(37.0, 35.0, bbox=bbox, width=W, height=H)
        _, y0 = pixel_of(36.0, 34.5, bbox=bbox, width=W, height=H)
        _, y1 = pixel_of(36.0, 35.5, bbox=bbox, width=W, height=H)
        assert abs((y0 - y1) / (x1 - x0) - 1 / np.cos(np.radians(35.0))) < 0.05  # Web Mercator
    for lon, lat in [(36.0, 35.0), (37.0, 35.0), (36.5, 33.0), (36.5, 37.0)]:
        x, y = pixel_of(lon, lat, bbox=tall, width=W, height=H)
        assert 0 <= x < W and 0 <= y < H, "everything in the bbox is in the picture"


def test_framing_is_honoured(syria_days):
    dataset = syria_days.dataset
    corridor, country = framing(syria_days, "corridor"), framing(syria_days, "country")
    damascus, aleppo = dataset.place("damascus"), dataset.place("aleppo")
    x, y = pixel_of(damascus.lon, damascus.lat, bbox=corridor.bbox, width=W, height=H)
    assert not (0 <= x < W and 0 <= y < H), "the corridor framing (Aleppo to Homs) leaves Damascus out"
    x, y = pixel_of(damascus.lon, damascus.lat, bbox=country.bbox, width=W, height=H)
    ax, ay = pixel_of(aleppo.lon, aleppo.lat, bbox=country.bbox, width=W, height=H)
    assert ax > x and ay < y, "north-east of Damascus is right of and above it"
    day = date(2024, 12, 4)
    pixels = png_array(render_png(syria_days, day, country))
    assert close(at(pixels, damascus.lon, damascus.lat, country), fill_of(syria_days[day].state("damascus"), dataset))


# ---------------------------------------------------------------------------------------------- colours at places


def test_hama_pixel_has_its_controllers_colour(syria_days):
    dataset, corridor = syria_days.dataset, framing(syria_days, "corridor")
    hama = dataset.place("hama")
    for day, controller in [(date(2024, 12, 4), "GOV"), (date(2024, 12, 6), "HTS")]:
        state = syria_days[day].state("hama")
        assert state.controller == controller
        pixels = png_array(render_png(syria_days, day, corridor))
        assert close(at(pixels, hama.lon, hama.lat, corridor), fill_of(state, dataset)), day


@pytest.mark.parametrize("framing_id", ["corridor", "country"])
def test_every_major_city_in_view_shows_its_controller(syria_days, framing_id):
    """No label, legend or scale bar may hide a city's marker centre, and the marker sits where pixel_of says."""
    day, frame = date(2024, 12, 6), framing(syria_days, framing_id)
    pixels = png_array(render_png(syria_days, day, frame))
    left, top, right, bottom = map_rect_pixels(W, H)
    checked = 0
    for state in syria_days[day].states:
        place = state.place
        if place.rank != 1 or not place.is_shown:
            continue
        x, y = pixel_of(place.lon, place.lat, bbox=frame.bbox, width=W, height=H)
        if not (left + 6 < x < right - 6 and top + 6 < y < bottom - 6):
            continue
        expected = fill_of(state, syria_days.dataset)
        assert close(pixels[y, x], expected), f"{place.id} at ({x}, {y}): {pixels[y, x]} is not {expected}"
        checked += 1
    assert checked >= 6


def test_uncertain_place_is_paler_than_a_confirmed_one(mini_days):
    """alpha is confirmed on 6 Dec, epsilon only reported: full colour against the paler fill."""
    dataset, frame, day = mini_days.dataset, Frame(MINI_BBOX, W, H, 100), date(2024, 12, 6)
    pixels = png_array(render_png(mini_days, day, frame))
    alpha, epsilon = dataset.place("alpha"), dataset.place("epsilon")
    assert close(at(pixels, alpha.lon, alpha.lat, frame), dataset.factions["REB"].colour)
    assert close(at(pixels, epsilon.lon, epsilon.lat, frame), pale(dataset.factions["GOV"].colour))
    assert not close(at(pixels, epsilon.lon, epsilon.lat, frame), dataset.factions["GOV"].colour, 30)


# ---------------------------------------------------------------------------------------------- land


def test_confirmed_zone_is_the_faction_tint(mini_days):
    dataset, frame, day = mini_days.dataset, Frame(MINI_BBOX, W, H, 100), date(2024, 12, 6)
    zones = mini_days[day].territory.zones
    zone = zones[(zones.controller == "REB") & zones.certain].geometry.iloc[0]
    pixels = png_array(render_png(mini_days, day, frame))
    tint = over(dataset.factions["REB"].colour, STYLE.zone_opacity, STYLE.land)
    spots = away_from_places(interior_points(zone), dataset, frame)
    assert len(spots) >= 10
    hits = sum(close(pixels[y, x], tint) for x, y in spots)
    assert hits >= 0.9 * len(spots), f"only {hits} of {len(spots)} zone pixels are the REB tint {tint}"


def test_uncertain_zone_is_pale_and_hatched(mini_days):
    """GOV's land around epsilon rests on a `reported` record: pale tint with hatch lines in GOV's colour."""
    dataset, frame, day = mini_days.dataset, Frame(MINI_BBOX, W, H, 100), date(2024, 12, 6)
    zones = mini_days[day].territory.zones
    zone = zones[(zones.controller == "GOV") & ~zones.certain].geometry.iloc[0]
    pixels = png_array(render_png(mini_days, day, frame))
    gov = dataset.factions["GOV"].colour
    pale_tint = over(gov, STYLE.uncertain_opacity, STYLE.land)
    hatch = np.asarray(to_rgb(gov)) * 255 * STYLE.hatch_opacity + pale_tint * (1 - STYLE.hatch_opacity)
    for x, y in away_from_places(interior_points(zone, 10), dataset, frame, clearance=25)[:5]:
        window = pixels[y - 8 : y + 9, x - 8 : x + 9].reshape(-1, 3)
        n_pale = sum(close(p, pale_tint) for p in window)
        n_hatch = sum(close(p, hatch, 12) for p in window)
        assert n_pale >= 40 and n_hatch >= 8, f"at ({x}, {y}): {n_pale} pale and {n_hatch} hatch pixels"


def test_unassessed_land_is_neutral(mini_days):
    frame, day = Frame(MINI_BBOX, W, H, 100), date(2024, 12, 6)
    territory = mini_days[day].territory
    assert territory.unassessed_km2 > 0
    largest = max(shapely.get_parts(territory.unassessed), key=lambda g: g.area)
    pixels = png_array(render_png(mini_days, day, frame))
    tint, dot = over(STYLE.unassessed, STYLE.unassessed_opacity, STYLE.land), rgb(STYLE.unassessed)
    spots = [
        (x, y)
        for lon, lat in interior_points(largest, 20, seed=3)
        for x, y in [pixel_of(lon, lat, bbox=frame.bbox, width=W, height=H)]
    ]
    neutral = [p for p in (pixels[y, x] for x, y in spots) if max(p) - min(p) < 20]  # grey, not a faction's hue
    assert len(neutral) == len(spots)
    assert sum(close(p, tint) for p in neutral) >= 0.6 * len(spots)
    assert all(close(p, tint, 40) or close(p, dot, 60) for p in neutral)


# ---------------------------------------------------------------------------------------------- legend


def faction_pixels_outside_legend(rendered, dataset, frame: Frame) -> set[str]:
    """Factions whose exact marker colour (full or pale) or hatch core appears in the map, legend excluded."""
    pixels = np.asarray(rendered.image).astype(int)
    left, top, right, bottom = (round(v) for v in map_rect_pixels(frame.width, frame.height))
    mask = np.zeros(pixels.shape[:2], dtype=bool)
    mask[top + 2 : bottom - 2, left + 2 : right - 2] = True
    if rendered.legend_box:
        x0, y0, x1, y1 = rendered.legend_box  # display space: y up
        mask[max(0, int(frame.height - y1) - 2) : int(frame.height - y0) + 2, max(0, int(x0) - 2) : int(x1) + 2] = False
    region = pixels[mask]
    found = set()
    for faction_id, faction in dataset.factions.items():
        for colour in (faction.colour, pale(faction.colour)):
            if (np.abs(region - rgb(colour)).max(axis=1) <= 2).sum() >= 3:
                found.add(faction_id)
    return found


@pytest.mark.parametrize(
    "framing_id, day",
    [("country", date(2024, 12, 6)), ("south", date(2024, 12, 10)), ("north-east", date(2024, 12, 1))],
)
def test_legend_lists_every_colour_drawn(syria_days, framing_id, day):
    frame = framing(syria_days, framing_id)
    rendered = render_day(syria_days, day, frame)
    listed = {row.faction for row in rendered.legend if row.kind == "faction"}
    drawn = faction_pixels_outside_legend(rendered, syria_days.dataset, frame)
    assert drawn <= listed, f"drawn but not in the legend: {drawn - listed}"
    assert listed <= drawn | {z for (z,) in syria_days[day].territory.zones[["controller"]].itertuples(index=False)}
    kinds = {row.kind for row in rendered.legend}
    assert {"front", "uncertain"} <= kinds


def test_a_single_israeli_point_gets_its_legend_entry(syria_days):
    """From 8 December Israeli forces hold a small spot on the Golan: it must be in the south map's legend."""
    rendered = render_day(syria_days, date(2024, 12, 10), framing(syria_days, "south"))
    assert "IDF" in {row.faction for row in rendered.legend}
    before = render_day(syria_days, date(2024, 12, 4), framing(syria_days, "south"))
    assert "IDF" not in {row.faction for row in before.legend}, "nothing Israeli is drawn before 8 December"


def with_rings(dataset):
    """The mini data with gamma besieged by GOV and delta split with GOV on every date."""

    def restyle(place, **changes):
        return dataclasses.replace(place, control=tuple(r.model_copy(update=changes) for r in place.control))

    places = tuple(
        restyle(p, status="besieged", besieged_by=["GOV"])
        if p.id == "gamma"
        else restyle(p, status="split", shared_with=["GOV"], controller="KUR")
        if p.id == "delta"
        else p
        for p in dataset.places
    )
    return dataclasses.replace(dataset, places=places, fingerprint=dataset.fingerprint + "-rings")


def ring_colours(pixels, place, frame: Frame, radius_px: float) -> np.ndarray:
    x, y = pixel_of(place.lon, place.lat, bbox=frame.bbox, width=frame.width, height=frame.height)
    yy, xx = np.mgrid[-12:13, -12:13]
    ring = (np.hypot(xx, yy) > radius_px - 3) & (np.hypot(xx, yy) < radius_px)
    return pixels[y - 12 : y + 13, x - 12 : x + 13][ring]


def test_status_rings_and_their_legend_rows(mini_days):
    days = Days(with_rings(mini_days.dataset))
    frame, day = Frame(MINI_BBOX, W, H, 100), date(2024, 12, 1)
    rendered = render_day(days, day, frame)
    pixels = np.asarray(rendered.image).astype(int)
    gov = days.dataset.factions["GOV"].colour
    radius = STYLE.radius(2) * 0.75 * 100 / 72
    for place_id in ("gamma", "delta"):
        colours = ring_colours(pixels, days.dataset.place(place_id), frame, radius)
        assert sum(close(c, gov, 20) for c in colours) >= 6, f"{place_id} has no ring in GOV's colour"
    kinds = {(row.kind, row.faction) for row in rendered.legend}
    assert ("besieged", "GOV") in kinds and ("split", "GOV") in kinds
    assert "Besieged by Government" in [row.label for row in rendered.legend]


def test_a_place_without_coordinates_is_not_drawn_nor_in_the_legend(mini_days):
    """zeta is besieged on 26 November but has no sourced coordinate: no ring, no 'besieged' row."""
    rendered = render_day(mini_days, date(2024, 11, 26), Frame(MINI_BBOX, W, H, 100))
    assert not any(row.kind == "besieged" for row in rendered.legend)
    kinds = {row.kind for row in rendered.legend}
    assert "unassessed" in kinds and "recent" not in kinds


# ---------------------------------------------------------------------------------------------- GIF


def test_gif_frames_durations_and_stable_colours(mini_days):
    dataset = mini_days.dataset
    dates = [date(2024, 12, 4), date(2024, 12, 5), date(2024, 12, 7), date(2024, 12, 9)]
    frame = Frame(MINI_BBOX, 400, 300, 50)
    frames, durations, image = gif_frames(render_gif(mini_days, dates, frame, frame_ms=300))
    assert len(frames) == 4 and image.info.get("loop") == 0 and durations == [300, 300, 300, 900]
    assert all(f.shape == (300, 400, 3) for f in frames)
    gamma = dataset.place("gamma")  # REB, confirmed, on every date: exactly REB's colour in every frame
    colours = {tuple(at(f, gamma.lon, gamma.lat, frame)) for f in frames}
    assert colours == {tuple(rgb(dataset.factions["REB"].colour))}
    alpha = dataset.place("alpha")  # GOV (contested, reported) on the 4th, REB from the 5th
    assert close(at(frames[0], alpha.lon, alpha.lat, frame), pale(dataset.factions["GOV"].colour), 0)
    assert close(at(frames[1], alpha.lon, alpha.lat, frame), dataset.factions["REB"].colour, 0)


def test_gif_shows_each_change_of_hands(syria_days):
    dataset = syria_days.dataset
    start, end = date(2024, 12, 3), date(2024, 12, 8)
    dates = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    frame = framing(syria_days, "corridor", 400, 300, 50)
    frames, durations, _ = gif_frames(render_gif(syria_days, dates, frame, frame_ms=500))
    assert len(frames) == 6 and durations == [500] * 5 + [1500]
    shown = 0
    for i in range(1, len(dates)):
        before, after = syria_days[dates[i - 1]], syria_days[dates[i]]
        for b, a in zip(before.states, after.states):
            x, y = pixel_of(a.place.lon or 0, a.place.lat or 0, bbox=frame.bbox, width=400, height=300)
            inside = a.place.is_shown and 20 < x < 380 and 40 < y < 250
            if b.controller != a.controller and inside and close(frames[i][y, x], fill_of(a, dataset), 8):
                shown += 1
    assert shown >= 5


def test_gif_frame_is_the_png_map(syria_days):
    """The animation draws only what changes per frame; its map must still be the PNG's map."""
    day, frame = date(2024, 12, 6), framing(syria_days, "country")
    frames, _, _ = gif_frames(render_gif(syria_days, [day], frame))
    png = png_array(render_png(syria_days, day, frame))
    left, top, right, bottom = (round(v) for v in map_rect_pixels(W, H))
    diff = np.abs(frames[0][top:bottom, left:right] - png[top:bottom, left:right]).max(axis=2)
    assert np.mean(diff > 24) < 0.01, "more than a few edge pixels differ between the GIF frame and the PNG"


# ---------------------------------------------------------------------------------------------- Arabic


def test_arabic_map_is_mirrored_and_says_so_in_its_metadata(syria_days):
    frame, day = framing(syria_days, "country"), date(2024, 12, 6)
    data = render_png(syria_days, day, frame, lang="ar")
    image = Image.open(io.BytesIO(data))
    title = image.text["Title"]
    assert title.lang == "ar" and any("\u0600" <= c <= "\u06ff" for c in title), title
    assert "2024" in title and "6" in title  # Western digits, deliberately
    pixels = np.asarray(image.convert("RGB")).astype(int)
    band = pixels[int(0.02 * H) : int(0.09 * H)].min(axis=2) < 80  # the title's ink
    columns = np.flatnonzero(band.any(axis=0))
    assert 0.95 * W < columns.max() <= 0.985 * W and columns.min() > 0.1 * W, (
        "the Arabic title ends at the right margin"
    )
    rendered = render_day(syria_days, day, frame, lang="ar")
    labels = [row.label for row in rendered.legend]
    assert any(any("\u0600" <= c <= "\u06ff" for c in label) for label in labels if label)
    english = png_array(render_png(syria_days, day, frame))
    hama = syria_days.dataset.place("hama")  # same colours in both languages
    assert close(at(pixels, hama.lon, hama.lat, frame), at(english, hama.lon, hama.lat, frame), 0)


# ---------------------------------------------------------------------------------------------- comparison


def test_comparison_map_gives_the_gains(syria_days):
    dataset = syria_days.dataset
    comparison = compare(syria_days, date(2024, 11, 26), date(2024, 12, 8))
    frame = framing(syria_days, "country")
    image, rows, provenance = render_comparison(syria_days, comparison, frame)
    assert image.size == (W, H)
    labels = [row.label for row in rows]
    hts = comparison.balance.set_index("controller").loc["HTS"]
    assert f"Gained by {dataset.factions['HTS'].short_name}: {round_area(hts.gained_km2):,} km²" in labels
    gov = comparison.balance.set_index("controller").loc["GOV"]
    assert f"Lost by {dataset.factions['GOV'].short_name}: {round_area(gov.lost_km2):,} km²" in labels
    assert provenance.title.startswith("What changed hands, 26 November to 8 December 2024")
    pixels = np.asarray(image).astype(int)
    aleppo = dataset.place("aleppo")  # changed hands: the new holder's colour at its centre
    assert close(at(pixels, aleppo.lon, aleppo.lat, frame), dataset.factions["HTS"].colour)
    data = render_comparison_png(syria_days, comparison, frame)
    assert Image.open(io.BytesIO(data)).text["Title"] == provenance.title


# ---------------------------------------------------------------------------------------------- metadata


def test_png_and_gif_keep_their_provenance(mini_days):
    dataset, day, frame = mini_days.dataset, date(2024, 12, 6), Frame(MINI_BBOX, 400, 300, 50)
    text = Image.open(io.BytesIO(render_png(mini_days, day, frame))).text
    assert text["Title"] == "Territorial control in Testland \N{EM DASH} Friday 6 December 2024"
    assert "Friday 6 December 2024" in text["Description"] and method_note(dataset) in text["Description"]
    assert text["Source"] == text["Copyright"] == dataset.manifest.attribution
    cited = {source_id for s in mini_days[day].states if s.place.is_shown for source_id in s.record.sources}
    for source_id in cited:
        assert dataset.sources[source_id].url in text["Comment"]
    gif = Image.open(io.BytesIO(render_gif(mini_days, [day, date(2024, 12, 8)], frame)))
    comment = gif.info["comment"].decode("utf-8")
    assert "Title: Territorial control in Testland" in comment and "8 December 2024" in comment
    assert dataset.manifest.attribution in comment


def test_basemap_is_projected_once_per_dataset(mini_days):
    assert basemap_for(mini_days.dataset) is basemap_for(load_dataset(MINI))


# ---------------------------------------------------------------------------------------------- placement


def test_optional_label_never_covers_another_marker_or_leaves_the_map():
    bounds = (0, 0, 100, 100)
    markers = [(48, 48, 52, 52), (58, 48, 62, 52)]  # our marker at (50, 50), another just right of it
    [placement] = place_labels([LabelRequest((50, 50), 4, (20, 6))], [], markers, bounds)
    assert placement is not None and placement.ha == "right", "the right side is taken: the label goes left"
    assert not (placement.box[0] <= 60 <= placement.box[2] and placement.box[1] <= 50 <= placement.box[3])
    [edge] = place_labels([LabelRequest((3, 50), 4, (20, 6))], [], [(1, 48, 5, 52)], bounds)
    assert edge is not None and edge.box[0] >= 0 and edge.ha == "left"
    blocked = [(0, 0, 100, 100)]
    assert place_labels([LabelRequest((50, 50), 4, (20, 6))], blocked, [], bounds) == [None]


def test_required_label_is_always_placed_and_rtl_prefers_the_left():
    blocked = [(0, 0, 100, 100)]
    [forced] = place_labels([LabelRequest((50, 50), 4, (20, 6), required=True)], blocked, [], (0, 0, 100, 100))
    assert forced is not None
    [ltr] = place_labels([LabelRequest((50, 50), 4, (20, 6))], [], [], (0, 0, 100, 100))
    [rtl] = place_labels([LabelRequest((50, 50), 4, (20, 6))], [], [], (0, 0, 100, 100), rtl=True)
    assert ltr.box[0] > 50 and rtl.box[2] < 50
    first, second = place_labels(
        [LabelRequest((50, 50), 4, (20, 6)), LabelRequest((50, 50), 4, (20, 6))], [], [], (0, 0, 100, 100)
    )
    assert overlap(first.box, second.box) == 0, "later labels avoid earlier ones"


def test_best_corner_and_fitted_list():
    corners = [(80, 0, 100, 20), (0, 0, 20, 20), (80, 80, 100, 100)]
    circles = [(90, 10, 3, 12.0), (10, 10, 3, 1.5)]
    assert best_corner(corners, circles) == 2
    assert best_corner(corners, circles, [0, 0, 20]) == 1
    measure = len
    assert fit_list(["A", "B", "C"], 100, measure, "S: ", " (+{n})") == "S: A, B, C"
    assert fit_list(["Alpha", "Beta", "Gamma"], 14, measure, "S: ", " (+{n})") == "S: Alpha (+2)"
    assert fit_list(["Alpha", "Beta"], 3, measure, "S: ", " (+{n})") == "S: (+2)"


def test_a_ten_thousand_place_map_draws_a_bounded_number_of_markers(tmp_path):
    from dashboard.render.static.canvas import Canvas
    from dashboard.render.static.language import Language
    from dashboard.render.static.markers import PlaceLayout
    from dashboard.render.static.scene import day_page_text
    from dashboard.render.static.thinning import MAX_MARKERS
    from scripts.devkit.whole_war import generate

    war = load_dataset(generate(tmp_path / "war", places=10_000, years=1, changes=500))
    country = next(f for f in war.manifest.framings if f.id == "country")
    frame = Frame(tuple(country.bbox), 1600, 1200, 150)
    language = Language.of("en")
    layout = PlaceLayout(Canvas(frame, language, day_page_text(war, language, frame, [war.end], False)), war)
    majors = sum(p.rank == 1 for p in war.places)
    assert 50 < layout.visible.sum() <= MAX_MARKERS + majors
    assert all(layout.visible[i] for i, p in enumerate(layout.places) if p.rank == 1)
