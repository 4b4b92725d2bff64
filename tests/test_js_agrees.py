"""The browser and the Python core say the same thing of every place on every day: who holds it, its status
and certainty, since when, who held it before, and whether it changed hands recently. The browser's side is
static/map/data.js run by Node (Debian's nodejs) on the payload the app ships."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from dashboard.core.state import place_state
from dashboard.render.payload import build_payload, payload_json
from tests.conftest import ROOT

NODE = shutil.which("node")


def browser_states(days, tmp_path) -> dict:
    assert NODE, "Node.js is a prerequisite of make test (Debian's nodejs; `make node` installs it)"
    path = tmp_path / "payload.json"
    path.write_bytes(payload_json(build_payload(days)))
    out = subprocess.run([NODE, ROOT / "tests" / "js" / "states.js", path], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def core_states(days) -> dict:
    dataset = days.dataset
    recent = dataset.manifest.recent_change_days
    out = {}
    for place in dataset.places:
        out[place.id] = {}
        for day in dataset.period():
            s = place_state(place, day)
            previous = s.previous_controller
            out[place.id][day.isoformat()] = [
                s.controller,
                s.status,
                s.certainty,
                s.since.isoformat(),
                previous,
                s.is_recent(day, recent),
            ]
    return out


@pytest.mark.parametrize("which", ["mini_days", "bundled_days", "sudan_days"])
def test_the_browser_agrees_with_the_core_on_every_place_and_day(which, request, tmp_path):
    days = request.getfixturevalue(which)
    browser, core = browser_states(days, tmp_path), core_states(days)
    shown = {p.id for p in days.dataset.places}
    assert set(browser) <= shown
    mismatches = [
        (place, day, browser[place][day], want)
        for place in browser
        for day, want in core[place].items()
        if browser[place][day] != want
    ]
    assert not mismatches, mismatches[:5]
