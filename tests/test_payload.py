"""The browser's data: named fields, one frame per change (not per day), and text the map can trust."""

from datetime import date

from dashboard.core import Days
from dashboard.render.payload import build_payload, payload_json
from dashboard.render.style import STYLE


def test_payload_has_named_fields_and_a_frame_per_keyframe(mini_days):
    payload = build_payload(mini_days)
    assert [f["date"] for f in payload["frames"]] == [d.isoformat() for d in mini_days.keyframes]
    frame = payload["frames"][0]
    assert set(frame) == {"date", "owner", "certain", "fronts", "areas", "unassessed_km2"}
    assert len(frame["owner"]) == len(frame["certain"]) == len(payload["pieces"])
    assert payload["style"] == STYLE.as_json(), "the browser reads the one style"
    assert payload["period"] == {"first": "2024-11-26", "last": "2024-12-12"}


def test_frame_owners_match_the_core(mini_days):
    payload = build_payload(mini_days)
    factions = [f["id"] for f in payload["factions"]]
    for frame in payload["frames"]:
        day = mini_days[date.fromisoformat(frame["date"])]
        owners = [factions[i] if i >= 0 else "" for i in frame["owner"]]
        assert owners == day.assignment.controllers.tolist()


def test_place_timeline_resolves_since_and_previous(mini_days):
    timeline = build_payload(mini_days)["timeline"]
    assert [e["from"] for e in timeline["alpha"]] == ["2024-11-26", "2024-12-04", "2024-12-05"]
    last = timeline["alpha"][-1]
    assert (last["controller"], last["since"], last["previous"]) == ("REB", "2024-12-05", "GOV")
    assert timeline["alpha"][1]["since"] == "2024-11-26", "a status change keeps the controller's start"
    assert timeline["zeta"][-1]["since_precision"] == "by"


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
