"""The drawn-series generator and the drawn benchmark's set-up, small: the figures are the script's business."""

from __future__ import annotations

import json
from datetime import date

import bench_drawn
import numpy as np
import shapely
from devkit.drawn_series import Spec, start_front, write_series

from dashboard.authoring.drawn_import import ImportOptions, import_areas
from dashboard.core import load_dataset
from tests.conftest import SUDAN


def test_front_advances_retreats_and_makes_islands_and_holes():
    outline = load_dataset(SUDAN).outline
    front = start_front(outline, 400, np.random.default_rng(18))
    start = front.lons.copy()
    islands = holes = 0
    moves = []
    for _ in range(400):
        before = front.lons.copy()
        front.step()
        moves.append(front.lons - before)
        islands, holes = max(islands, len(front.islands)), max(holes, len(front.holes))
    moved = np.array(moves)
    assert (moved > 0.01).any() and (moved < -0.01).any(), "the front must both advance and retreat"
    assert np.abs(front.lons - start).max() > 0.2, "salients grow over weeks"
    assert islands >= 1 and holes >= 1
    shape = front.shape(outline)
    assert shape.is_valid and shape.within(outline.buffer(1e-9)) and not shape.is_empty


def test_series_is_daily_files_with_some_days_repeated(tmp_path):
    outline = load_dataset(SUDAN).outline
    counts = write_series(tmp_path, outline, Spec(days=40, start=date(2025, 1, 1), vertices=300))
    names = sorted(p.name for p in tmp_path.iterdir())
    assert len(names) == 40 and names[0] == "control_20250101.geojson" and names[-1] == "control_20250209.geojson"
    shapes = [shapely.from_geojson(p.read_text(encoding="utf-8")).geoms[0] for p in sorted(tmp_path.iterdir())]
    repeats = sum(a.equals_exact(b, 0) for a, b in zip(shapes, shapes[1:], strict=False))
    assert 1 <= repeats <= 15 and all(s.is_valid for s in shapes)
    assert min(counts) > 300


def test_generated_series_imports_into_a_stretched_copy(tmp_path):
    dataset = bench_drawn.stretched_copy(tmp_path / "sudan", days=500)
    assert json.loads((dataset / "dataset.json").read_text(encoding="utf-8"))["period"]["end"] >= "2026-05-15"
    start = load_dataset(dataset).baseline
    write_series(tmp_path / "maps", load_dataset(dataset).outline, Spec(days=12, start=start, vertices=300))
    options = ImportOptions(controller="RSF", sources=(bench_drawn._a_source(dataset),), date_pattern="control_%Y%m%d")
    report = import_areas(dataset, [tmp_path / "maps"], options)
    (series,) = report.series
    assert series.days_read == 12 and series.days_stored + series.days_unchanged == 12
    assert len(load_dataset(dataset).drawn.shapes) == series.days_stored


def test_series_in_other_formats_imports_the_same(tmp_path):
    dataset = bench_drawn.stretched_copy(tmp_path / "sudan", days=10)
    start, outline = load_dataset(dataset).baseline, load_dataset(dataset).outline
    source = bench_drawn._a_source(dataset)
    spec = Spec(days=4, start=start, vertices=200, fmt="fgb")
    write_series(tmp_path / "fgb", outline, spec, other_side=tmp_path / "other")
    rsf = ImportOptions(controller="RSF", sources=(source,), date_pattern="control_%Y%m%d")
    saf = ImportOptions(controller="SAF", sources=(source,), date_pattern="control_%Y%m%d")
    import_areas(dataset, [tmp_path / "fgb"], rsf)
    import_areas(dataset, [tmp_path / "other"], saf)  # meets RSF along the front: no overlap reported
    drawn = load_dataset(dataset).drawn
    assert drawn.series() == ["rsf", "saf"] and drawn.change_dates()[0] == start
