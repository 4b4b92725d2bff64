"""The benchmark scripts' own logic, quickly: the synthetic copy, the naive GIF, the targets, the dataset list,
and the naive baseline app serving the static map files through its temporary folder. No browser here: the
timings themselves are the scripts' business, not the suite's."""

from __future__ import annotations

import io
import urllib.request
from datetime import date

import bench_core
import bench_datasets
import bench_exports
import bench_scale_app
import shapely
from devkit.naive import NaiveApp
from PIL import Image

from dashboard.core import load_dataset
from dashboard.render import static
from tests.conftest import ROOT, SUDAN, SYRIA


def test_scaled_copy_keeps_ids_unique_and_copies_inside_the_outline_or_on_their_place(mini):
    big = bench_core.scaled(mini, 3)
    ids = [p.id for p in big.places]
    assert len(ids) == len(set(ids))
    assert len(big.shown_places) == 3 * len(mini.shown_places)
    originals = {p.id: p for p in mini.places}
    for copy in (p for p in big.shown_places if p.id not in originals):
        original = originals[copy.id.rsplit("-", 1)[0]]
        on_place = (copy.lon, copy.lat) == (original.lon, original.lat)
        assert on_place or shapely.contains_xy(mini.outline, copy.lon, copy.lat), copy.id


def test_core_measure_counts_every_day(mini):
    times = bench_core.measure(mini, 1)
    assert times.days == len(mini.period()) and times.keyframes >= 1
    assert times.one_day > 0 and times.every_day > 0


def test_naive_gif_has_one_frame_per_date(mini_days):
    dataset = mini_days.dataset
    frame = static.Frame(dataset.manifest.framings[0].bbox, 200, 150, 50)
    dates = dataset.period()[:2]
    gif = Image.open(io.BytesIO(bench_exports.naive_gif(mini_days, dates, frame)))
    assert gif.n_frames == 2 and gif.size == (200, 150)


def result(dataset_id: str, steps: list[float], payload: int = 1000):
    dataset = load_dataset(SYRIA if dataset_id == "syria-2024" else SUDAN)
    return bench_datasets.Result(dataset, payload_bytes=payload, steps=steps)


def test_targets_met_and_missed():
    syria = result("syria-2024", [10.0, 10.0, 10.0])
    assert bench_datasets.check_targets([syria, result("sudan-2025", [12.0, 14.0, 14.0])])
    assert not bench_datasets.check_targets([syria, result("sudan-2025", [20.0])]), "over 1.5x Syria's"
    slow_syria = result("syria-2024", [70.0])
    assert not bench_datasets.check_targets([slow_syria, result("sudan-2025", [65.0])]), "over 60 ms"
    assert not bench_datasets.check_targets([syria, result("sudan-2025", [10.0], payload=2_000_000)]), "2 MB"


def test_dataset_list_puts_the_default_first():
    folders = bench_datasets.dataset_folders(None)
    assert folders[0].name == "syria-2024"
    assert {f.name for f in folders} >= {"syria-2024", "sudan-2025"}
    given = [SUDAN]
    assert bench_datasets.dataset_folders(given) == given


def test_days_of_a_dataset_are_iso_strings_for_the_map(bundled):
    r = bench_datasets.Result(bundled)
    assert r.dates[0] == bundled.baseline.isoformat() and r.dates[-1] == date.isoformat(bundled.end)


def test_naive_app_serves_the_map_files_from_its_temporary_folder():
    with NaiveApp(geodata=SYRIA) as server:
        folder = server.folder
        for path, needle in (("map/main.js", b"conflictMapInit"), ("leaflet/leaflet.js", b"Leaflet")):
            url = f"http://127.0.0.1:{server.port}/app/static/{path}"
            with urllib.request.urlopen(url, timeout=10) as response:
                assert response.status == 200 and needle in response.read(), path
    assert not folder.exists(), "the temporary folder is removed"
    assert (ROOT / "dashboard" / "static" / "map" / "main.js").is_file(), "the copied folder is left alone"


def test_whole_war_app_targets_are_ratios_to_syria_from_the_same_run():
    syria = bench_scale_app.Result(load_dataset(SYRIA), first_maps=[1000.0], steps=[100.0], step_cpu=[10.0])
    met = bench_scale_app.Result(load_dataset(SYRIA), first_maps=[1900.0], steps=[140.0], step_cpu=[20.0])
    slow_step = bench_scale_app.Result(load_dataset(SYRIA), first_maps=[1900.0], steps=[160.0], step_cpu=[20.0])
    slow_map = bench_scale_app.Result(load_dataset(SYRIA), first_maps=[2100.0], steps=[140.0], step_cpu=[20.0])
    names = ["Syria", "war"]
    assert bench_scale_app.report(names, [syria, met])
    assert not bench_scale_app.report(names, [syria, slow_step]), "step over 1.5x Syria's"
    assert not bench_scale_app.report(names, [syria, slow_map]), "first map over 2x Syria's"
