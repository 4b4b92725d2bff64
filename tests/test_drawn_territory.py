"""Drawn territory on the map: drawn shapes are their controller's land, the derived map fills the rest,
areas are exact, fronts run where the shapes meet, and a day without shapes keeps the derived map."""

from __future__ import annotations

import io
import json
import random
import shutil
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest
import shapely
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image
from pyproj import Geod
from shapely.geometry import box, shape

from dashboard.authoring.drawn_import import ImportOptions, import_areas
from dashboard.core import Days, load_dataset
from dashboard.core.compare import compare
from dashboard.core.drawn import DrawnLayer, feature_of
from dashboard.core.drawn_territory import SLIVER_KM2, other_side_drawn_over
from dashboard.core.stats import area_timeseries
from dashboard.render.drawn_payload import drawn_payload, ring_edits
from dashboard.render.exports import ExportRequest, ImageSize, export_bytes
from dashboard.render.payload import build_payload
from scripts.devkit.drawn_series import SUDAN, Spec
from scripts.devkit.drawn_series import write_series as write_daily_maps
from tests.catalogue import MINI
from tests.test_drawn import shape_, write_series
from tests.test_territory import assert_partition

# GOV holds a box in the south-west that grows east day by day; REB's box starts where GOV's ends.
MOVES = {"2024-12-01": 36.8, "2024-12-02": 37.0, "2024-12-03": 37.2}
END = "2024-12-06"  # both series end: the derived map alone again


def gov_box(front: float):
    return box(36.2, 33.2, front, 33.8)


def reb_box(front: float):
    return box(front, 33.2, 37.7, 33.8)


@pytest.fixture(scope="module")
def drawn_folder(tmp_path_factory) -> Path:
    folder = shutil.copytree(MINI, tmp_path_factory.mktemp("drawn") / "mini")
    for series, controller, make in (("gov", "GOV", gov_box), ("reb", "REB", reb_box)):
        features = [feature_of(shape_(series, day, make(x), controller=controller)) for day, x in MOVES.items()]
        features.append(feature_of(shape_(series, END, None, controller=controller)))
        write_series(folder, series, features)
    return folder


@pytest.fixture(scope="module")
def days(drawn_folder) -> Days:
    return Days(load_dataset(drawn_folder))


@pytest.fixture(scope="module")
def plain(mini_days) -> Days:
    return mini_days


def land(territory, controller: str):
    return shapely.union_all(list(territory.zones[territory.zones.controller == controller].geometry))


def geodesic_km2(geom) -> float:
    return abs(Geod(ellps="WGS84").geometry_area_perimeter(geom)[0]) / 1e6


def test_drawn_change_dates_are_keyframes(days):
    for day in (*MOVES, END):
        assert date.fromisoformat(day) in days.keyframes


@pytest.mark.parametrize("day", list(MOVES))
def test_drawn_shapes_are_land_and_derived_land_fills_the_rest(days, plain, day):
    when = date.fromisoformat(day)
    territory, base = days[when].territory, plain[when].territory
    union = shapely.union(gov_box(MOVES[day]), reb_box(MOVES[day]))
    assert land(territory, "GOV").contains(gov_box(MOVES[day]).buffer(-1e-5))
    assert land(territory, "REB").contains(reb_box(MOVES[day]).buffer(-1e-5))
    for controller in ("GOV", "REB", "KUR"):
        derived_outside = land(base, controller).difference(union)
        shown_outside = land(territory, controller).difference(union)
        assert derived_outside.symmetric_difference(shown_outside).area < 1e-6
    assert territory.unassessed.intersection(union).area < 1e-8
    assert_partition(territory, days.dataset.outline)


@pytest.mark.parametrize("day", list(MOVES))
def test_drawn_areas_are_exact(days, plain, day):
    when = date.fromisoformat(day)
    k = days.keyframe_index(when)
    drawn, _ = days.drawn_land(days.drawn_key(k))
    expected = {"GOV": geodesic_km2(gov_box(MOVES[day])), "REB": geodesic_km2(reb_box(MOVES[day]))}
    for controller, area in zip(drawn.controllers, drawn.areas_km2):
        assert area == pytest.approx(expected[controller], rel=0.001)
    territory = days[when].territory
    zones = territory.zones.groupby("controller").area_km2.sum()
    for controller in zones.index:
        geom = land(territory, controller)
        assert zones[controller] == pytest.approx(geodesic_km2(geom), rel=0.001), controller
    series = area_timeseries(days)
    today = series[series.date == when].set_index("controller").area_km2
    for controller in zones.index:
        assert today[controller] == pytest.approx(zones[controller], rel=1e-9)
    assert today.sum() == pytest.approx(territory.outline_area_km2, abs=2 * SLIVER_KM2)
    base = plain[when].territory.zones.groupby("controller").area_km2.sum()
    assert zones["GOV"] != pytest.approx(base.get("GOV", 0.0), rel=0.01), "the drawn shape changed nothing"


@pytest.mark.parametrize("day", list(MOVES))
def test_front_runs_continuously_where_the_shapes_meet(days, day):
    x = MOVES[day]
    fronts = days[date.fromisoformat(day)].territory.front_lines
    front = fronts[(fronts.side_a == "GOV") & (fronts.side_b == "REB")]
    assert len(front) == 1
    seam = shapely.LineString([(x, 33.2), (x, 33.8)])
    line = front.geometry.iloc[0]
    assert line.buffer(1e-6).contains(seam), "the front leaves gaps along the shared edge"
    assert shapely.line_merge(line.intersection(seam.buffer(1e-6))).geom_type == "LineString"


def test_fronts_between_drawn_and_derived_land(days):
    territory = days[date(2024, 12, 3)].territory
    gov = land(territory, "GOV")
    for row in territory.front_lines.itertuples():
        assert row.side_a != row.side_b and row.length_km > 0
    drawn_edges = gov_box(37.2).boundary
    touching = territory.front_lines[
        territory.front_lines.geometry.apply(lambda g: g.intersection(drawn_edges.buffer(1e-6)).length > 0.01)
    ]
    assert len(touching) >= 1 and gov.area > 0


def test_day_without_drawn_shapes_keeps_the_derived_map(days, plain):
    for day in (date(2024, 11, 30), date.fromisoformat(END), date(2024, 12, 12)):
        shown, base = days[day].territory, plain[day].territory
        assert sorted(shown.zones.area_km2) == pytest.approx(sorted(base.zones.area_km2))
        assert shapely.union_all(list(shown.zones.geometry)).equals(shapely.union_all(list(base.zones.geometry)))
        assert len(shown.front_lines) == len(base.front_lines)


def test_random_days_equal_a_computation_from_scratch(drawn_folder, days):
    dataset = days.dataset
    small = Days(dataset, days.partition, cache_size=1)
    period = (dataset.end - dataset.baseline).days
    rng = random.Random(18)
    for _ in range(8):
        day = dataset.baseline + timedelta(days=rng.randint(0, period))
        fresh = Days(dataset, days.partition)[day].territory
        cached = small[day].territory
        assert list(cached.zones.controller) == list(fresh.zones.controller)
        assert list(cached.zones.area_km2) == pytest.approx(list(fresh.zones.area_km2))
        for a, b in zip(cached.zones.geometry, fresh.zones.geometry):
            assert a.equals(b)
        assert cached.unassessed_km2 == pytest.approx(fresh.unassessed_km2)
    assert small.cache_info()[1].currsize <= 1


# ---------------------------------------------------------------------------------------------- exports


def test_snapshot_geojson_carries_the_drawn_land(days):
    doc = json.loads(export_bytes(days, ExportRequest("geojson", date(2024, 12, 3))))
    zones = [f for f in doc["features"] if f["properties"]["layer"] == "zone"]
    gov = shapely.union_all([shape(f["geometry"]) for f in zones if f["properties"]["controller"] == "GOV"])
    assert gov.contains(gov_box(37.2).buffer(-1e-4))
    territory = days[date(2024, 12, 3)].territory
    assert sum(f["properties"]["area_km2"] for f in zones) == pytest.approx(territory.zones.area_km2.sum(), abs=1)
    fronts = [f["properties"]["controllers"] for f in doc["features"] if f["properties"]["layer"] == "front_line"]
    assert ["GOV", "REB"] in fronts


def test_png_on_a_drawn_day_shows_the_drawn_land(days, plain, tmp_path):
    request = ExportRequest("png", date(2024, 12, 3), size=ImageSize(800, 600, 100))
    drawn, derived = export_bytes(days, request), export_bytes(plain, request)
    (tmp_path / "drawn.png").write_bytes(drawn)
    a = np.asarray(Image.open(io.BytesIO(drawn)).convert("RGB"), dtype=int)
    b = np.asarray(Image.open(io.BytesIO(derived)).convert("RGB"), dtype=int)
    changed = (np.abs(a - b).sum(axis=2) > 30).mean()
    assert changed > 0.01, f"only {changed:.2%} of the pixels differ from the derived map"


def test_comparison_counts_drawn_land(days):
    result = compare(days, date(2024, 12, 1), date(2024, 12, 3))
    moved = result.areas[(result.areas.from_controller == "REB") & (result.areas.to_controller == "GOV")]
    assert len(moved) == 1
    assert moved.geometry.iloc[0].contains(box(36.8, 33.2, 37.2, 33.8).buffer(-1e-4))
    assert moved.area_km2.iloc[0] >= 0.999 * geodesic_km2(box(36.8, 33.2, 37.2, 33.8))
    balance = result.balance.set_index("controller")
    assert balance.gained_km2.sum() - balance.lost_km2.sum() == pytest.approx(balance.net_km2.sum())
    assert balance.loc["GOV", "gained_km2"] == pytest.approx(
        result.areas[result.areas.to_controller == "GOV"].area_km2.sum()
    )


# ---------------------------------------------------------------------------------------------- browser


def test_browser_data_sends_each_shape_once_with_shared_rings(days):
    payload = build_payload(days)
    drawn = payload["drawn"]
    assert [s["id"] for s in drawn["series"]] == ["gov", "reb"]
    gov = drawn["series"][0]["shapes"]
    assert [s["date"] for s in gov] == [*MOVES, END] and gov[-1]["polygons"] is None
    factions = [f["id"] for f in payload["factions"]]
    assert factions[gov[0]["faction"]] == "GOV" and gov[0]["certain"] is False
    ring = ring_of(drawn, gov[1]["polygons"][0][0])
    assert shapely.Polygon(ring).equals(gov_box(37.0)) and shapely.Polygon(ring).exterior.is_ccw
    assert all(round(x, 4) == x for point in ring for x in point)
    areas = {f["date"]: f["areas"] for f in payload["frames"]}["2024-12-03"]
    zones = days[date(2024, 12, 3)].territory.zones.groupby("controller").area_km2.sum()
    by_faction = {factions[areas[i]]: areas[i + 1] + areas[i + 2] for i in range(0, len(areas), 3)}
    assert by_faction["GOV"] == pytest.approx(zones["GOV"], abs=1)


def ring_of(drawn: dict, index: int) -> list:
    """A ring of the browser data rebuilt as data.js does: whole, or an earlier ring with edits, from
    integer differences."""
    scale, raw = drawn["scale"], drawn["rings"][index]

    def undiff(flat: list, before: tuple) -> list:
        out, (x, y) = [], before
        for dx, dy in zip(flat[::2], flat[1::2], strict=True):
            x, y = x + dx, y + dy
            out.append((x, y))
        return out

    if isinstance(raw, list):
        return [[x / scale, y / scale] for x, y in undiff(raw, (0, 0))]
    base = [(round(x * scale), round(y * scale)) for x, y in ring_of(drawn, raw["from"])]
    out, at = [], 0
    for start, end, flat in raw["edits"]:
        out += base[at:start]
        out += undiff(flat, out[-1] if out else (0, 0))
        at = end
    return [[x / scale, y / scale] for x, y in out + base[at:]]


def test_changed_rings_are_sent_as_edits_of_the_day_before(mini):
    front = [(36.5 + 0.01 * (i % 7), 33.1 + 0.01 * i) for i in range(150)]
    moved = [(x + (0.05 if 60 <= i < 70 else 0.0), y) for i, (x, y) in enumerate(front)]

    def land(line):
        return shapely.Polygon([(36.0, 33.1), *line, (36.0, 34.59)])

    layer = DrawnLayer(
        (shape_("gov", "2024-12-01", land(front), "GOV"), shape_("gov", "2024-12-02", land(moved), "GOV"))
    )
    drawn = drawn_payload(layer, mini.outline, list(mini.factions), 4)["drawn"]
    first, second = (s["polygons"][0][0] for s in drawn["series"][0]["shapes"])
    assert isinstance(drawn["rings"][first], list) and drawn["rings"][second]["from"] == first
    sent = sum(len(flat) // 2 for _, _, flat in drawn["rings"][second]["edits"])
    assert sent <= 15, f"{sent} vertices sent for a stretch of 10 that moved"
    assert shapely.Polygon(ring_of(drawn, second)).symmetric_difference(land(moved)).area < 1e-9


def test_unchanged_rings_are_sent_once_and_border_stretches_named(mini):
    island = box(37.8, 34.6, 37.9, 34.7)
    layer = DrawnLayer(
        (
            shape_("gov", "2024-12-01", shapely.MultiPolygon([box(36.0, 33.2, 36.8, 33.8), island]), "GOV"),
            shape_("gov", "2024-12-02", shapely.MultiPolygon([box(36.0, 33.2, 37.0, 33.8), island]), "GOV"),
        )
    )
    drawn = drawn_payload(layer, mini.outline, list(mini.factions), 4)["drawn"]
    first, second = (s["polygons"] for s in drawn["series"][0]["shapes"])
    assert len(drawn["rings"]) == 3, "the island's ring is sent once"
    assert {tuple(p) for p in first} & {tuple(p) for p in second}
    west = ring_of(drawn, first[0][0]) if len(ring_of(drawn, first[0][0])) == 5 else None
    runs = drawn["border"][first[0][0]]
    assert west is not None and len(runs) == 2, "the box's west side lies on the border: one stretch"
    assert all(x == 36.0 for x, _ in west[runs[0] : runs[1] + 1])
    assert drawn["border"][first[1][0]] == []


def test_png_of_a_generated_series_day(tmp_path):
    """A generated series in Sudan (scripts/devkit/drawn_series.py): drawn land valid in degrees touched
    itself a hair across in Mercator, and the PNG's clipping failed."""
    folder = shutil.copytree(SUDAN, tmp_path / "sudan-drawn")
    dataset = load_dataset(folder)
    write_daily_maps(tmp_path / "maps", dataset.outline, Spec(40, dataset.baseline, 500), tmp_path / "other")
    for controller, maps in (("RSF", tmp_path / "maps"), ("SAF", tmp_path / "other")):
        options = ImportOptions(controller=controller, sources=("S1",), date_pattern="control_%Y%m%d.geojson")
        import_areas(folder, [maps], options)
    days = Days(load_dataset(folder))
    day = dataset.baseline + timedelta(days=30)
    png = export_bytes(days, ExportRequest("png", day, size=ImageSize(800, 600, 100)))
    assert png.startswith(b"\x89PNG")
    assert set(days[day].territory.zones.controller) == {"RSF", "SAF"}, "no slivers of derived land are left"


def test_a_place_inside_the_other_sides_drawn_land_is_named(days):
    day = date(2024, 12, 3)
    shapes = days.dataset.drawn.active_on(day)
    inside = [
        p for p in days.dataset.places if p.lon is not None and gov_box(37.2).contains(shapely.Point(p.lon, p.lat))
    ]
    assert inside, "the fixture needs a place inside GOV's drawn box"
    for place in inside:
        state = days[day].state(place.id)
        found = other_side_drawn_over(shapes, place, state.controller)
        assert (found is not None) == (state.controller != "GOV")
        assert found is None or found.series == "gov"
    assert other_side_drawn_over(shapes, inside[0], "GOV") is None
    assert other_side_drawn_over(shapes, inside[0], "REB").controller == "GOV"


def test_png_on_a_drawn_day_cites_the_drawn_maps_sources(days, plain):
    """A drawn control map is cited like any record: its sources are in the image's provenance."""
    day = date(2024, 12, 3)
    assert {s for shape in days.dataset.drawn.active_on(day) for s in shape.sources} == {"W1"}
    w1 = days.dataset.sources["W1"].url
    request = ExportRequest("png", day, size=ImageSize(800, 600, 100))
    assert w1 not in Image.open(io.BytesIO(export_bytes(plain, request))).text["Comment"], "W1 is cited anyway"
    assert w1 in Image.open(io.BytesIO(export_bytes(days, request))).text["Comment"]


def test_geojson_and_the_method_say_when_drawn_maps_are_in_force(days):
    """The snapshot cites the drawn maps' sources, and every method text says drawn land is shown as drawn."""
    doc = json.loads(export_bytes(days, ExportRequest("geojson", date(2024, 12, 3))))
    assert "W1" in [s["id"] for s in doc["properties"]["sources"]]
    assert "dated control maps" in doc["properties"]["method"]
    before = json.loads(export_bytes(days, ExportRequest("geojson", date(2024, 11, 28))))
    assert "dated control maps" not in before["properties"]["method"]
    assert "W1" not in [s["id"] for s in before["properties"]["sources"]]


def test_the_pages_area_caveat_says_drawn_land_is_counted_as_drawn(days):
    from dashboard.ui.panels import area_caveat

    assert "dated control maps" in area_caveat(days.dataset, date(2024, 12, 3))
    assert "dated control maps" not in area_caveat(days.dataset, date(2024, 11, 28))


@given(
    st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), min_size=3, max_size=40, unique=True),
    st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), min_size=3, max_size=40, unique=True),
)
def test_ring_edits_rebuild_the_new_ring_exactly(old_open, new_open):
    """Any two rings (closed, distinct vertices): replaying the edits on the old one gives the new one."""
    old, new = [*old_open, old_open[0]], [*new_open, new_open[0]]
    out, at = [], 0
    for i1, i2, j1, j2 in ring_edits(old, new):
        assert at <= i1 <= i2 <= len(old)
        out += old[at:i1] + new[j1:j2]
        at = i2
    assert out + old[at:] == new
    assert ring_edits(old, old) == [], "an unchanged ring needs no edit"
