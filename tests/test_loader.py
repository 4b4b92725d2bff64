"""The validator: accepts the mini dataset, and rejects each catalogued breakage with a precise message."""

from __future__ import annotations

import json
import shutil

import pytest

from dashboard.core import GeodataError, load_dataset, validate_dataset
from dashboard.core.io import loader as loader_module
from tests.catalogue import CATALOGUE, MINI, BadCase, make_bad_copy


def test_mini_dataset_is_valid():
    dataset = load_dataset(MINI)
    assert [p.id for p in dataset.places] == ["alpha", "beta", "gamma", "delta", "epsilon", "zeta"]
    assert [a.id for a in dataset.areas] == ["kur-pocket", "north-strip"]
    assert dataset.baseline.isoformat() == "2024-11-26"
    assert len(dataset.period()) == 17
    assert dataset.id == "mini" and dataset.manifest.territory.reach_km == 60


def test_place_without_coordinate_is_listed_not_shown():
    dataset = load_dataset(MINI)
    zeta = dataset.place("zeta")
    assert not zeta.is_shown and zeta.lon is None
    assert "zeta" not in {p.id for p in dataset.shown_places}
    assert zeta.names == ("Zeta", "Zeeta", "Az-Zeta")


def test_circle_area_has_its_true_radius():
    from dashboard.core.geometry import projection_for

    area = load_dataset(MINI).areas[0]
    projected = projection_for(area.geometry).forward(area.geometry)
    assert projected.area / 1e6 == pytest.approx(3.14159 * 20**2, rel=0.01)


def test_an_empty_dataset_is_valid(tmp_path):
    folder = shutil.copytree(MINI, tmp_path / "empty")
    (folder / "places.geojson").write_text('{"type": "FeatureCollection", "features": []}', encoding="utf-8")
    (folder / "areas.geojson").unlink()
    manifest = json.loads((folder / "dataset.json").read_text(encoding="utf-8"))
    manifest["default_view"].pop("place")
    (folder / "dataset.json").write_text(json.dumps(manifest), encoding="utf-8")
    dataset = load_dataset(folder)
    assert dataset.places == () and dataset.areas == ()


def test_admission_by_the_losing_side_is_enough_for_confirmed(tmp_path):
    folder = shutil.copytree(MINI, tmp_path / "admitted")
    doc = json.loads((folder / "places.geojson").read_text(encoding="utf-8"))
    record = doc["features"][0]["properties"]["control"][2]
    record.update(sources=["W1"], admitted_by="GOV")
    (folder / "places.geojson").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert validate_dataset(folder) == []


def test_copies_of_one_story_count_as_one_publisher(tmp_path):
    folder = shutil.copytree(MINI, tmp_path / "copies")
    sources = json.loads((folder / "sources.json").read_text(encoding="utf-8"))
    sources["sources"][2]["original_publisher"] = "Agency"  # R3 becomes a copy of N2's story
    (folder / "sources.json").write_text(json.dumps(sources), encoding="utf-8")
    problems = validate_dataset(folder)
    assert {(p.feature, p.field) for p in problems} >= {("beta", "properties.control[0].certainty")}


@pytest.mark.parametrize("case", CATALOGUE, ids=[c.name for c in CATALOGUE])
def test_each_bad_input_is_reported_with_file_feature_field(case: BadCase, tmp_path):
    folder = make_bad_copy(case, tmp_path)
    with pytest.raises(GeodataError) as info:
        load_dataset(folder)
    matching = [
        p
        for p in info.value.problems
        if p.file.endswith(case.file)
        and p.feature == case.feature
        and (case.field is None or p.field == case.field)
        and case.expected in p.expected
    ]
    assert matching, f"no problem like {case} in:\n{info.value}"


def test_every_problem_is_reported_at_once(tmp_path):
    folder = tmp_path / "many"
    shutil.copytree(MINI, folder)
    doc = json.loads((folder / "places.geojson").read_text(encoding="utf-8"))
    doc["features"][0]["properties"]["control"][0]["controller"] = "XYZ"
    doc["features"][1]["properties"]["rank"] = 7
    doc["features"][2]["geometry"]["coordinates"] = [50.0, 50.0]
    (folder / "places.geojson").write_text(json.dumps(doc), encoding="utf-8")
    problems = validate_dataset(folder)
    assert {p.feature for p in problems} == {"alpha", "beta", "gamma"}


def test_message_reads_file_feature_field_expected(tmp_path):
    case = next(c for c in CATALOGUE if c.name == "unknown_faction")
    message = str(validate_dataset(make_bad_copy(case, tmp_path))[0])
    assert message.startswith(str(tmp_path / "unknown_faction" / "places.geojson"))
    assert "feature 'alpha': properties.control[2].controller: expected a faction id" in message
    assert "found 'XYZ'" in message


def test_file_over_size_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(loader_module, "MAX_FILE_BYTES", 1000)
    problems = validate_dataset(shutil.copytree(MINI, tmp_path / "big"))
    assert any("a file of at most" in p.expected and p.file.endswith("places.geojson") for p in problems)


def test_missing_folder_is_one_clear_problem(tmp_path):
    problems = validate_dataset(tmp_path / "nowhere")
    assert len(problems) == 1 and "a dataset folder" in problems[0].expected


def test_unicode_survives_loading():
    dataset = load_dataset(MINI)
    assert dataset.place("alpha").name_ar == "ألفا"
    excerpt = dataset.place("alpha").control[2].excerpts[0].text
    assert "“completely liberated.”" in excerpt


def test_fingerprint_changes_with_content(tmp_path):
    copy = shutil.copytree(MINI, tmp_path / "copy")
    before = load_dataset(copy).fingerprint
    path = copy / "places.geojson"
    path.write_text(path.read_text(encoding="utf-8").replace('"Alpha"', '"Alpha City"'), encoding="utf-8")
    assert load_dataset(copy).fingerprint != before
