"""The browser's data: named fields, one frame per change (not per day), and text the map can trust."""

import json
import shutil
import subprocess
from datetime import date

import pytest

from dashboard.core import Days
from dashboard.core.stats import area_by_controller
from dashboard.core.territory import front_line_edges
from dashboard.render.payload import build_payload, payload_json, payload_parts
from dashboard.render.style import STYLE
from tests.conftest import ROOT


def test_payload_has_named_fields_and_a_frame_per_keyframe(mini_days):
    payload = build_payload(mini_days)
    assert [f["date"] for f in payload["frames"]] == [d.isoformat() for d in mini_days.keyframes]
    frame = payload["frames"][0]
    assert set(frame) == {"date", "areas", "unassessed_km2"}, "owners travel as changes, apart"
    assert len(payload["owners"]["first"]) == len(payload["pieces"])
    assert len(payload["owners"]["changes"]) == len(payload["frames"]) and payload["owners"]["changes"][0] == []
    assert payload["style"] == STYLE.as_json(), "the browser reads the one style"
    assert payload["period"] == {"first": "2024-11-26", "last": "2024-12-12"}


def test_size_grows_with_changes_not_days(mini, tmp_path):
    import json
    import shutil

    from dashboard.core import load_dataset
    from tests.conftest import MINI

    long = shutil.copytree(MINI, tmp_path / "long")
    manifest = json.loads((long / "dataset.json").read_text(encoding="utf-8"))
    manifest["period"]["end"] = "2025-12-12"  # the same records over a year instead of 17 days
    (long / "dataset.json").write_text(json.dumps(manifest), encoding="utf-8")
    short_size = len(payload_json(build_payload(Days(mini))))
    long_size = len(payload_json(build_payload(Days(load_dataset(long)))))
    assert long_size < short_size * 1.05


def test_places_without_coordinates_travel_without_a_position(mini_days):
    zeta = next(p for p in build_payload(mini_days)["places"] if p["id"] == "zeta")
    assert zeta["lon"] is None and zeta["lat"] is None


def test_arabic_payload_carries_arabic_words(mini_days):
    payload = build_payload(mini_days, lang="ar")
    assert payload["dataset"]["lang"] == "ar" and payload["words"]["legend_front"] == "خط الجبهة"


def browser_frames(days, tmp_path) -> list[dict]:
    """Every frame as static/map/data.js rebuilds it from the changes (run by Node)."""
    return run_frames(tmp_path, build_payload(days))["frames"]


def run_frames(folder, payload: dict, chunks: tuple = ()) -> dict:
    """tests/js/frames.js on a payload (and chunk files added after it)."""
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for name, part in [("payload", payload)] + [(f"chunk{i}", c) for i, c in enumerate(chunks)]:
        files.append(folder / f"{name}.json")
        files[-1].write_bytes(payload_json(part))
    node = [shutil.which("node"), ROOT / "tests" / "js" / "frames.js", *files]
    return json.loads(subprocess.run(node, check=True, capture_output=True).stdout)


@pytest.mark.parametrize("which", ["mini_days", "whole_war_days"])
def test_the_browser_rebuilds_every_frame_as_the_core_computes_it(which, request, tmp_path):
    days = request.getfixturevalue(which)
    factions = list(days.dataset.factions)
    frames = browser_frames(days, tmp_path)
    assert [f["date"] for f in frames] == [d.isoformat() for d in days.keyframes]
    for frame in frames[:: max(1, len(frames) // 40)] + frames[-3:]:
        day = days[date.fromisoformat(frame["date"])]
        assert [factions[i] if i >= 0 else "" for i in frame["owner"]] == day.assignment.controllers.tolist()
        assert frame["certain"] == "".join("1" if c else "0" for c in day.assignment.certain.tolist())
        assert frame["fronts"] == front_line_edges(days.partition, day.assignment.controllers).tolist()


def test_frame_areas_match_the_core(mini_days):
    payload = build_payload(mini_days)
    factions = [f["id"] for f in payload["factions"]]
    for frame in payload["frames"]:
        table = area_by_controller(mini_days[date.fromisoformat(frame["date"])].territory).set_index("controller")
        assert frame["unassessed_km2"] == round(table.loc["", "area_km2"]) if "" in table.index else 0
        flat = frame["areas"]
        assert {factions[f] for f in flat[::3]} == set(table.index) - {""}
        for f, confirmed, uncertain in zip(flat[::3], flat[1::3], flat[2::3]):
            assert (confirmed, uncertain) == (
                round(table.loc[factions[f], "confirmed"]),
                round(table.loc[factions[f], "uncertain"]),
            )


def test_a_long_war_sends_changes_not_days_times_pieces(tmp_path):
    from dashboard.core import load_dataset
    from scripts.devkit.whole_war import generate

    sizes = {}
    for changes in (400, 4000):
        days = Days(load_dataset(generate(tmp_path / f"war{changes}", places=1000, years=2, changes=changes)))
        owners = build_payload(days)["owners"]
        sizes[changes] = len(payload_json(owners))
        dense = len(days.keyframes) * len(days.partition.pieces)
        assert sum(len(c) for c in owners["changes"]) // 2 == days.owners.change_count < dense / 20
    assert sizes[4000] > 4 * sizes[400], "the owner data grows with the changes"


def test_a_long_period_loads_in_chunks_and_ends_as_the_whole(whole_war_days, tmp_path):
    days = whole_war_days
    head, chunks = payload_parts(days, days.dataset.end, size=64)
    assert len(chunks) >= 3 and head["loaded"] == [chunks[-1]], "the map opens on the last day's chunk"
    first, last = days.dataset.baseline.isoformat(), days.dataset.end.isoformat()
    whole = run_frames(tmp_path / "whole", build_payload(days))
    parts = run_frames(tmp_path / "parts", head, tuple(reversed(chunks[:-1])))  # in any order
    assert parts["before"] == {first: False, last: True}, "only the opening chunk's days before the rest arrive"
    assert parts["called"] == [last, first], "whenDay answers at once, or when the day's chunk arrives"
    assert parts["frames"] == whole["frames"]
