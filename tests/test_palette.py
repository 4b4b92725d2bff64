"""Colour-vision safety: every bundled palette keeps factions shown together apart for readers with
deuteranopia, protanopia and tritanopia, and a bad palette fails validation with a clear message."""

from __future__ import annotations

import json
import shutil

import pytest

from dashboard.core import load_dataset, validate_dataset
from dashboard.core.palette import MIN_DISTANCE, NEUTRAL_FILLS, VISIONS, closest, distance, neutral_clashes
from tests.conftest import MINI, ROOT

DATASETS = sorted(p.parent for p in (ROOT / "geodata").glob("*/dataset.json"))


@pytest.mark.parametrize("folder", DATASETS, ids=lambda p: p.name)
def test_bundled_palettes_are_colour_vision_safe(folder):
    dataset = load_dataset(folder)  # the validator refuses a palette that fails
    colours = [f.colour for f in dataset.factions.values()]
    assert colours, "factions have colours"


def test_the_simulation_separates_what_it_should():
    assert distance("#A1122A", "#339964", "typical vision") > 40
    assert closest("#D62728", "#2E9E3E")[0] == "deuteranopia", "classic red/green is worst for deuteranopes"
    assert distance("#123456", "#123456", "tritanopia") == 0
    assert set(VISIONS) == {"typical vision", "deuteranopia", "protanopia", "tritanopia"}


def test_a_red_green_pair_shown_together_fails_validation(tmp_path):
    folder = shutil.copytree(MINI, tmp_path / "bad")
    doc = json.loads((folder / "factions.json").read_text(encoding="utf-8"))
    doc["factions"][0]["colour"] = "#D62728"  # GOV red
    doc["factions"][1]["colour"] = "#2E9E3E"  # REB green: both hold places on the same days
    (folder / "factions.json").write_text(json.dumps(doc), encoding="utf-8")
    problems = [p for p in validate_dataset(folder) if p.field == "colour"]
    assert len(problems) == 1
    text = str(problems[0])
    assert "feature 'REB': colour" in text and "deuteranopia" in text and f"at least {MIN_DISTANCE:g}" in text
    assert "GOV's #D62728" in text and "apart" in text


def test_factions_never_shown_together_may_look_alike(tmp_path):
    folder = shutil.copytree(MINI, tmp_path / "apart")
    doc = json.loads((folder / "factions.json").read_text(encoding="utf-8"))
    doc["factions"].append(
        {
            "id": "GHOST",
            "name": "Never on the map",
            "short_name": "Ghost",
            "colour": "#D62728",
            "description": "Listed but holds nothing.",
        }
    )
    (folder / "factions.json").write_text(json.dumps(doc), encoding="utf-8")
    assert [p for p in validate_dataset(folder) if p.field == "colour"] == []


def brute_force_present(histories):
    """The colour check's old way: every date against every record (dates x records)."""
    days = sorted({r.date for history in histories for r in history})
    out = []
    for day in days:
        present = set()
        for history in histories:
            in_force = [r for r in history if r.date <= day]
            if in_force and in_force[-1].controller is not None:
                present.add(in_force[-1].controller)
        out.append(present)
    return out


def test_the_sweep_finds_the_factions_of_every_date_as_the_brute_force_does():
    from datetime import date, timedelta
    from types import SimpleNamespace

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from dashboard.core.palette import present_by_date

    record = st.builds(
        lambda n, c: SimpleNamespace(date=date(2020, 1, 1) + timedelta(days=n), controller=c),
        st.integers(0, 20),
        st.sampled_from(["A", "B", "C", None]),
    )
    history = st.lists(record, max_size=6).map(lambda rs: sorted(rs, key=lambda r: r.date))

    @settings(max_examples=200, deadline=None, derandomize=True)
    @given(st.lists(history, max_size=8))
    def check(histories):
        assert list(present_by_date(histories)) == brute_force_present(histories)

    check()


def test_the_core_and_the_renderers_agree_on_the_unassessed_fill():
    from dashboard.render.style import STYLE

    assert NEUTRAL_FILLS["unassessed land"].casefold() == STYLE.unassessed.casefold()


def test_a_faction_grey_like_unassessed_land_fails_validation(tmp_path):
    folder = shutil.copytree(MINI, tmp_path / "grey")
    doc = json.loads((folder / "factions.json").read_text(encoding="utf-8"))
    doc["factions"][1]["colour"] = "#8F8C86"  # REB in a warm grey next to the unassessed #9c978d
    (folder / "factions.json").write_text(json.dumps(doc), encoding="utf-8")
    problems = [p for p in validate_dataset(folder) if p.field == "colour"]
    assert len(problems) == 1, problems
    text = str(problems[0])
    assert "feature 'REB': colour" in text and "unassessed land fill #9c978d" in text and "#8F8C86" in text


def test_neutral_clashes_name_the_faction_the_fill_and_the_reader():
    """Syria's old SNA green sat 9.7 units from unassessed grey for deuteranopes (issue 19)."""
    (clash,) = neutral_clashes({"SNA": "#339964", "GOV": "#A1122A"})
    assert (clash.first, clash.second, clash.vision) == ("SNA", "unassessed land", "deuteranopia")
    assert clash.distance < MIN_DISTANCE
