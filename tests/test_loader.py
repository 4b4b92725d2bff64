"""The validator: accepts the mini dataset, and rejects each catalogued breakage with a precise message."""

from __future__ import annotations

import json
import shutil

import pytest

from dashboard.core import GeodataError, load_dataset, validate_dataset
from dashboard.core import loader as loader_module
from tests.catalogue import CATALOGUE, MINI, BadCase, make_bad_copy


def test_mini_dataset_is_valid():
    dataset = load_dataset(MINI)
    assert [p.id for p in dataset.places] == ["alpha", "beta", "gamma", "delta", "epsilon"]
    assert dataset.metadata.baseline_date.isoformat() == "2024-11-26"
    assert len(dataset.period()) == 17


@pytest.mark.parametrize("case", CATALOGUE, ids=[c.name for c in CATALOGUE])
def test_each_bad_input_is_reported_with_file_feature_field(case: BadCase, tmp_path):
    folder = make_bad_copy(case, tmp_path)
    with pytest.raises(GeodataError) as info:
        load_dataset(folder)
    matching = [
        p for p in info.value.problems
        if p.file.endswith(case.file) and p.feature == case.feature and (case.field is None or p.field == case.field)
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
    assert len(problems) == 1 and "a geodata folder" in problems[0].expected


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
