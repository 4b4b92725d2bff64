"""Hot reload: valid edits are picked up, invalid ones keep the last valid data and report problems."""

import json
import os
import shutil

from dashboard.core.io.store import DataStore
from tests.conftest import MINI


def rewrite(path, change):
    doc = json.loads(path.read_text(encoding="utf-8"))
    change(doc)
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))  # a visible change even on coarse clocks


def test_valid_edit_is_picked_up(tmp_path):
    folder = shutil.copytree(MINI, tmp_path / "data")
    store = DataStore(folder)
    assert store.current().dataset.place("alpha").name == "Alpha"
    rewrite(folder / "places.geojson", lambda d: d["features"][0]["properties"].update(name="Alpha Renamed"))
    snapshot = store.current()
    assert not snapshot.problems and snapshot.dataset.place("alpha").name == "Alpha Renamed"


def test_invalid_edit_keeps_last_valid_and_reports(tmp_path):
    folder = shutil.copytree(MINI, tmp_path / "data")
    store = DataStore(folder)
    first = store.current().dataset
    rewrite(folder / "places.geojson", lambda d: d["features"][0]["properties"]["control"][0].update(controller="XX"))
    snapshot = store.current()
    assert snapshot.stale and snapshot.dataset is first
    assert any(p.feature == "alpha" and "faction id" in p.expected for p in snapshot.problems)
    rewrite(folder / "places.geojson", lambda d: d["features"][0]["properties"]["control"][0].update(controller="GOV"))
    assert not store.current().stale


def test_never_valid_gives_no_dataset(tmp_path):
    folder = shutil.copytree(MINI, tmp_path / "data")
    (folder / "factions.json").write_text("{", encoding="utf-8")
    snapshot = DataStore(folder).current()
    assert snapshot.dataset is None and snapshot.problems


def test_a_restart_reuses_the_checked_data_and_an_edit_does_not(tmp_path, monkeypatch):
    """A new process's first load comes from the prepared cache when the files are unchanged (restarting on
    years of drawn maps read and validated them again); an edit before the restart is read and checked."""
    from dashboard.core.io import prepared

    monkeypatch.setenv("CONFLICT_MAP_CACHE", str(tmp_path / "cache"))
    folder = shutil.copytree(MINI, tmp_path / "data")
    loads = []
    real_load = prepared.load_dataset
    monkeypatch.setattr(prepared, "load_dataset", lambda f: loads.append(f) or real_load(f))
    first = DataStore(folder).current().dataset
    again = DataStore(folder).current().dataset  # the app restarted
    assert len(loads) == 1 and again.fingerprint == first.fingerprint
    assert [p.id for p in again.places] == [p.id for p in first.places]
    rewrite(folder / "places.geojson", lambda d: d["features"][0]["properties"].update(name="Alpha Renamed"))
    edited = DataStore(folder).current().dataset
    assert len(loads) == 2 and edited.place("alpha").name == "Alpha Renamed"
    rewrite(folder / "places.geojson", lambda d: d["features"][0]["properties"]["control"][0].update(controller="XX"))
    snapshot = DataStore(folder).current()
    assert snapshot.dataset is None and any("faction id" in p.expected for p in snapshot.problems)
