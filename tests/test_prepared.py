"""The prepared-dataset cache: a second run reads the pickled days; any edit to the files prepares again."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date

import numpy as np
import pytest

from dashboard.core import GeodataError
from dashboard.core.io import prepared
from dashboard.core.io.prepared import cache_path, prepared_days
from tests.conftest import MINI, ROOT


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("CONFLICT_MAP_CACHE", str(tmp_path / "cache"))
    return shutil.copytree(MINI, tmp_path / "mini")


def test_a_second_run_reads_the_cache_and_gives_the_same_days(folder, monkeypatch):
    first = prepared_days(folder)
    assert cache_path(folder).is_file()

    def no_loading(_):
        raise AssertionError("the cache should have been used")

    monkeypatch.setattr(prepared, "load_dataset", no_loading)
    second = prepared_days(folder)
    day = date(2024, 12, 8)
    assert second.keyframes == first.keyframes
    assert second[day].assignment.controllers.tolist() == first[day].assignment.controllers.tolist()
    assert second[day].territory.zones.area_km2.sum() == pytest.approx(first[day].territory.zones.area_km2.sum())


def test_an_edit_prepares_again_and_bad_data_is_never_cached(folder):
    prepared_days(folder)
    before = cache_path(folder)
    places = folder / "places.geojson"
    places.write_text(places.read_text(encoding="utf-8").replace('"rank": 3', '"rank": 2', 1), encoding="utf-8")
    assert cache_path(folder) != before
    prepared_days(folder)
    assert cache_path(folder).is_file() and before.is_file(), "old files stay: another process may read them"
    places.write_text("{", encoding="utf-8")
    with pytest.raises(GeodataError):
        prepared_days(folder)
    assert not cache_path(folder).exists()


def test_a_damaged_cache_file_is_only_slower(folder):
    target = cache_path(folder)
    target.write_bytes(b"not a pickle")
    assert prepared_days(folder).keyframes


def test_an_edited_record_reuses_the_partition_a_moved_place_does_not(folder):
    from dashboard.core import load_dataset
    from dashboard.core.io.prepared import days_for, partition_key

    first = days_for(load_dataset(folder))
    places = folder / "places.geojson"
    text = places.read_text(encoding="utf-8")
    places.write_text(text.replace('"certainty": "reported"', '"certainty": "disputed"', 1), encoding="utf-8")
    edited = load_dataset(folder)
    assert edited.fingerprint != first.dataset.fingerprint
    assert days_for(edited).partition is first.partition
    moved = edited.places[0]
    places.write_text(text.replace(f"{moved.lon}", f"{moved.lon + 0.01:.4f}", 1), encoding="utf-8")
    assert partition_key(load_dataset(folder)) != partition_key(edited)


def test_a_dropped_version_is_freed_without_the_cyclic_collector(folder):
    """Days' caches hold it weakly: an old version's 30,000 records must not wait for the collector."""
    import weakref

    from dashboard.core import load_dataset
    from dashboard.core.collector import collector_paused
    from dashboard.core.io.prepared import days_for

    with collector_paused():
        days = days_for(load_dataset(folder))
        days[days.dataset.end]
        days.area_matrix()
        gone, dataset = weakref.ref(days), weakref.ref(days.dataset)
        del days
        assert gone() is None and dataset() is None


def test_an_edited_record_is_seen_after_the_reload_path_and_only_it_is_validated_again(folder):
    """The app's reload (load, `days_for`, browser data) reuses what it can but never the edited record."""
    from dashboard.core import load_dataset
    from dashboard.core.io.prepared import days_for
    from dashboard.render.payload import build_payload

    handover = date(2024, 12, 5)
    first = days_for(load_dataset(folder))
    assert first[handover].state("alpha").record.controller == "REB"
    assert build_payload(first)["history"]["alpha"][2]["controller"] == "REB"
    places = folder / "places.geojson"
    text = places.read_text(encoding="utf-8")
    handed_to = '{"date": "2024-12-05", "controller": '
    edited_text = text.replace(handed_to + '"REB"', handed_to + '"KUR"')
    assert edited_text != text
    places.write_text(edited_text, encoding="utf-8")

    edited = days_for(load_dataset(folder))
    assert edited[handover].state("alpha").record.controller == "KUR"
    assert build_payload(edited)["history"]["alpha"][2]["controller"] == "KUR"
    assert edited.dataset.place("alpha").control[2] is not first.dataset.place("alpha").control[2]
    assert edited.dataset.place("beta").control[0] is first.dataset.place("beta").control[0], "unchanged: reused"

    places.write_text(edited_text.replace('"controller": "KUR"', '"controller": "NOPE"', 1), encoding="utf-8")
    with pytest.raises(GeodataError, match="alpha"):
        load_dataset(folder)
    places.write_text(text, encoding="utf-8")
    assert days_for(load_dataset(folder))[handover].state("alpha").record.controller == "REB"


def test_an_edit_that_breaks_one_record_is_reported_after_a_load_that_reused_models(folder):
    """A model is reused only for an item whose text is unchanged: a broken record is validated again."""
    from dashboard.core import load_dataset

    load_dataset(folder)
    places = folder / "places.geojson"
    text = places.read_text(encoding="utf-8")
    places.write_text(text.replace('"certainty": "reported"', '"certainty": "maybe"', 1), encoding="utf-8")
    with pytest.raises(GeodataError) as found:
        load_dataset(folder)
    assert any(p.field and p.field.endswith("certainty") for p in found.value.problems)
    places.write_text(text.replace('"rank": 1', '"rank": 1.5', 1), encoding="utf-8")
    with pytest.raises(GeodataError) as found:
        load_dataset(folder)
    assert [p.feature for p in found.value.problems] == ["alpha"]


def test_the_area_matrix_is_kept_for_the_same_data_and_not_for_other_data(tmp_path, monkeypatch):
    """The whole period's km² (a minute of overlay for a long drawn series) is reused by a restart or the
    next export, and only for the data and code it was computed from."""
    from dashboard.core import Days, load_dataset
    from dashboard.core.io.prepared import area_matrix_path, attach_stored_areas, store_areas

    monkeypatch.setenv("CONFLICT_MAP_CACHE", str(tmp_path / "cache"))
    folder = shutil.copytree(MINI, tmp_path / "mini")
    days = Days(load_dataset(folder))
    store_areas(days)
    assert not area_matrix_path(days).exists(), "nothing is computed just to be stored"
    matrix = days.area_matrix()
    store_areas(days)
    again = Days(load_dataset(folder))
    assert attach_stored_areas(again) and np.array_equal(again.area_matrix(), matrix)
    places = folder / "places.geojson"
    original = places.read_text(encoding="utf-8")
    places.write_text(original.replace('"reported"', '"disputed"', 1), encoding="utf-8")
    changed = Days(load_dataset(folder))
    assert changed.dataset.fingerprint != days.dataset.fingerprint
    assert not attach_stored_areas(changed), "another version's matrix was taken"
    places.write_text(original, encoding="utf-8")
    area_matrix_path(days).write_bytes(b"not a matrix")
    damaged = Days(load_dataset(folder))
    assert not attach_stored_areas(damaged), "a damaged file is computed again, not used"
    assert np.array_equal(damaged.area_matrix(), matrix)
    with pytest.raises(ValueError, match="shape"):
        damaged.use_area_matrix(np.zeros((1, 1)))


def exported_png(folder, cache, out) -> bytes:
    """A PNG of the folder made by a fresh `conflict-map export` process using the cache folder `cache`."""
    env = {**os.environ, "CONFLICT_MAP_CACHE": str(cache), "PYTHONPATH": str(ROOT)}
    args = ["export", "--data", str(folder), "--date", "2024-12-08", "--format", "png", "--out", str(out)]
    args += ["--width", "800", "--height", "600"]
    subprocess.run(
        [sys.executable, "-m", "dashboard.cli", *args], check=True, capture_output=True, env=env, timeout=120
    )
    return out.read_bytes()


def test_a_warm_export_is_byte_identical_to_a_cold_one_and_an_edit_is_drawn(folder, tmp_path):
    cache = tmp_path / "cache"
    cold = exported_png(folder, cache, tmp_path / "cold.png")
    stored = {p: p.stat().st_mtime_ns for p in cache.rglob("*.pickle")}
    assert {p.name.split("-")[0] for p in stored} >= {"basemap", "text", folder.name.split("-")[0]}
    assert exported_png(folder, cache, tmp_path / "warm.png") == cold, "the caches must not change a pixel"
    assert {p: p.stat().st_mtime_ns for p in cache.rglob("*.pickle")} == stored, "a warm run finds all it needs"

    places = folder / "places.geojson"
    places.write_text(places.read_text(encoding="utf-8").replace('"Alpha"', '"Alphaville"', 1), encoding="utf-8")
    edited = exported_png(folder, cache, tmp_path / "edited.png")
    assert edited != cold, "an edited file is read again, not taken from the cache"
    assert edited == exported_png(folder, tmp_path / "empty-cache", tmp_path / "edited-cold.png")


def test_a_warm_png_export_loads_neither_pandas_nor_geopandas(folder, tmp_path):
    """Batches of exports run one process per file: a warm PNG reads plain rows, not data frames."""
    env = {**os.environ, "CONFLICT_MAP_CACHE": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT)}
    args = ["export", "--data", str(folder), "--format", "png", "--out", str(tmp_path / "map.png")]
    heavy = "{'pandas', 'geopandas', 'pyarrow'}"
    check = f"import sys; from dashboard.cli import main; main({args!r}); print(sorted(set(sys.modules) & {heavy}))"
    runs = [
        subprocess.run([sys.executable, "-c", check], check=True, capture_output=True, text=True, env=env, timeout=120)
        for _ in range(2)
    ]
    assert runs[1].stdout.strip().splitlines()[-1] == "[]", runs[1].stdout
