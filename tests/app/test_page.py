"""The Streamlit page under AppTest: link parameters, slider, place panel, and every error state."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.core import validate_dataset
from dashboard.core.io import loader as loader_module
from tests.catalogue import CATALOGUE, make_bad_copy
from tests.conftest import MINI, ROOT

APP = str(ROOT / "dashboard" / "app.py")


def run_app(monkeypatch, geodata=MINI, params: dict | None = None, clicked: str | None = None) -> AppTest:
    monkeypatch.setenv("CONFLICT_MAP_GEODATA", str(geodata))
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in (params or {}).items():
        at.query_params[key] = value

    at.run()
    assert not at.exception, at.exception
    if clicked:
        return map_reports(at, place=clicked)
    return at


def map_reports(at: AppTest, seq: int = 1, **change) -> AppTest:
    """What the map component returns when the person does something on it (its value), then the run."""
    value = {"date": None, "place": None, "view": None, "playing": False, **change}
    at.session_state["map"] = {**value, "changed": list(change), "seq": seq}
    at.run()
    assert not at.exception, at.exception
    return at


def map_view_sent(at: AppTest) -> dict:
    """The view the page sent the map on the last run."""
    return json.loads(at.get("component_instance")[0].proto.json_args)["view"]


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [w.value for w in at.warning]
    parts += [e.value for e in at.error] + [i.value for i in at.info]
    return "\n".join(str(p) for p in parts)


def test_opens_on_the_datasets_default_view_with_no_link(monkeypatch):
    at = run_app(monkeypatch)
    assert at.select_slider(key="day").value == date(2024, 12, 5)
    assert "Thursday 5 December 2024" in texts(at) and "### Alpha" in texts(at)
    assert at.query_params["date"] == "2024-12-05" and at.query_params["place"] == "alpha"
    assert at.title[0].value == "Mini test dataset"


def test_link_date_and_place_open_that_view(monkeypatch):
    at = run_app(monkeypatch, params={"date": "2024-12-06", "place": "alpha"})
    assert at.select_slider(key="day").value == date(2024, 12, 6)
    body = texts(at)
    assert "Friday 6 December 2024" in body
    assert "completely liberated" in body
    assert "Test Wire" in body and "Rebels take Alpha" in body


def test_slider_moves_date_and_updates_link(monkeypatch):
    at = run_app(monkeypatch)
    assert at.select_slider(key="day").value == date(2024, 12, 5), "opens on the default date"
    at.select_slider(key="day").set_value(date(2024, 12, 6)).run()
    assert at.query_params["date"] == "2024-12-06"
    assert "Friday 6 December 2024" in texts(at)
    assert map_view_sent(at)["date"] == "2024-12-06", "the map is sent the slider's date"


def test_a_day_played_on_the_map_moves_the_slider_but_keeps_the_place_picked_in_the_page(monkeypatch):
    at = run_app(monkeypatch)
    at.selectbox(key="place_picker").set_value("beta").run()
    map_reports(at, date="2024-12-06")
    assert at.select_slider(key="day").value == date(2024, 12, 6)
    assert at.session_state["place"] == "beta", "a played day does not bring back an older click"
    assert at.query_params["date"] == "2024-12-06"


def test_the_map_value_is_checked_before_it_is_taken(monkeypatch):
    at = run_app(monkeypatch)
    map_reports(at, date="2031-01-01")
    assert at.select_slider(key="day").value == date(2024, 12, 5), "a day outside the period is ignored"
    map_reports(at, seq=2, date="not a date")
    assert at.select_slider(key="day").value == date(2024, 12, 5)


def test_the_same_map_value_is_taken_once(monkeypatch):
    at = run_app(monkeypatch)
    map_reports(at, date="2024-12-06")
    at.select_slider(key="day").set_value(date(2024, 12, 4)).run()
    assert at.select_slider(key="day").value == date(2024, 12, 4), "the old map value does not win again"


def test_next_and_previous_change_buttons(monkeypatch):
    at = run_app(monkeypatch, params={"date": "2024-11-26"})
    assert at.button(key="previous_change").disabled, "nothing before the first day"
    at.button(key="next_change").click().run()
    assert at.select_slider(key="day").value == date(2024, 12, 4)
    at.button(key="next_change").click().run()
    assert at.select_slider(key="day").value == date(2024, 12, 5)
    at.button(key="previous_change").click().run()
    assert at.select_slider(key="day").value == date(2024, 12, 4)


def test_play_becomes_pause_with_a_real_icon(monkeypatch):
    at = run_app(monkeypatch)
    play = at.button(key="play")
    assert play.label == "Play" and play.icon == ":material/play_arrow:"
    play.click().run()
    assert at.button(key="play").label == "Pause" and at.button(key="play").icon == ":material/pause:"


def test_map_click_selects_place_in_the_same_run(monkeypatch):
    at = run_app(monkeypatch, params={"date": "2024-12-05", "place": "beta"}, clicked="alpha")
    assert at.session_state["place"] == "alpha"
    assert "completely liberated" in texts(at)
    assert at.query_params["place"] == "alpha"
    assert map_view_sent(at)["place"] == "alpha", "the map is told the clicked place in the same run"
    assert map_view_sent(at)["date"] == "2024-12-05"


def test_place_picker_selects_place(monkeypatch):
    at = run_app(monkeypatch)
    at.selectbox(key="place_picker").set_value("beta").run()
    assert "### Beta" in texts(at)


@pytest.mark.parametrize(
    "raw, shown, message",
    [
        ("garbage", date(2024, 12, 5), "is not a date in the form YYYY-MM-DD"),
        ("2023-01-01", date(2024, 11, 26), "before the data starts"),
        ("2030-05-05", date(2024, 12, 12), "after the data ends"),
    ],
)
def test_invalid_link_date_gives_message_and_nearest_date(monkeypatch, raw, shown, message):
    at = run_app(monkeypatch, params={"date": raw})
    assert at.select_slider(key="day").value == shown
    assert any(message in w.value for w in at.warning)


def test_place_by_alternate_spelling_in_link(monkeypatch):
    at = run_app(monkeypatch, params={"place": "Beeta"})
    assert at.session_state["place"] == "beta" and at.query_params["place"] == "beta"


def test_unknown_place_in_link(monkeypatch):
    at = run_app(monkeypatch, params={"place": "<script>x</script>"})
    assert any("not in the data" in w.value for w in at.warning)
    assert at.session_state["place"] is None


def test_hostile_text_is_escaped(monkeypatch):
    at = run_app(monkeypatch, params={"place": "delta", "date": "2024-12-06"})
    body = texts(at)
    assert "Delta \\<script\\>" in body, "the name is shown, escaped"
    assert re.search(r"(?<!\\)<(script|img)", body) is None, "no raw tag reaches markdown"
    assert "\\`backtick\\`" in body and "\\$\\{x\\}" in body


#: The page's share of the bad-input catalogue: one case per kind of file (the loader and CLI tests run all).
PAGE_CASES = [
    c for c in CATALOGUE if c.name in {"json_syntax_error", "unknown_faction", "excerpt_not_verbatim", "bad_period"}
]


def test_the_page_cases_are_in_the_catalogue():
    assert len(PAGE_CASES) == 4, "a renamed case would silently drop out of the page tests"


@pytest.mark.parametrize("case", PAGE_CASES, ids=[c.name for c in PAGE_CASES])
def test_invalid_geodata_shows_problems_not_traceback(monkeypatch, tmp_path, case):
    folder = make_bad_copy(case, tmp_path)
    expected = [str(p) for p in validate_dataset(folder) if p.feature == case.feature and case.expected in p.expected]
    assert expected, f"the catalogue case {case.name} no longer produces its problem"
    at = run_app(monkeypatch, geodata=folder)
    assert len(at.error) == 1, [e.value for e in at.error]
    message = at.error[0].value.replace("\\", "")  # markdown escapes, as the reader sees it
    assert "cannot be shown until these problems are fixed" in message
    assert expected[0] in message, "the page shows the validator's message: file, feature, field, expectation"
    assert not at.get("component_instance"), "no map is drawn from invalid data"


def test_oversized_file_is_refused_on_the_page(monkeypatch, tmp_path):
    monkeypatch.setattr(loader_module, "MAX_FILE_BYTES", 1000)
    at = run_app(monkeypatch, geodata=shutil.copytree(MINI, tmp_path / "big"))
    message = at.error[0].value.replace("\\", "")
    assert "places.geojson: expected a file of at most" in message


def test_selected_place_removed_by_a_data_edit(monkeypatch, tmp_path):
    folder = shutil.copytree(MINI, tmp_path / "data")
    at = run_app(monkeypatch, geodata=folder, params={"place": "beta"})
    assert "### Beta" in texts(at)
    doc = json.loads((folder / "places.geojson").read_text(encoding="utf-8"))
    doc["features"] = [f for f in doc["features"] if f["id"] != "beta"]
    (folder / "places.geojson").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    at.run()
    assert not at.exception
    assert at.session_state["place"] is None and "### Beta" not in texts(at)


def test_all_sources_are_listed_with_links(monkeypatch):
    at = run_app(monkeypatch)
    table = next(m.value for m in at.markdown if m.value.startswith("| Publisher"))
    assert "[Rebels take Alpha](https://example.org/wire)" in table
    assert "Test News \\(from Agency\\)" in table and "title not captured" in table


def test_area_table_rounds_and_separates_certainty(monkeypatch):
    at = run_app(monkeypatch, params={"date": "2024-12-08"})
    table = next(m.value for m in at.markdown if m.value.startswith("| Faction"))
    assert "km² (confirmed)" in table and "km² (reported or disputed)" in table and "| Unassessed (" in table
    numbers = re.findall(r"\| ([\d,]+) \|", table)
    assert numbers and all(int(n.replace(",", "")) % 100 == 0 for n in numbers), "rounded to 100 km²"
    assert any("Rounded to 100 km²" in c.value for c in at.caption), "the caveat sits beside the figures"


def test_dataset_picker_and_links(monkeypatch, tmp_path):
    root = tmp_path / "datasets"
    shutil.copytree(MINI, root / "one")
    shutil.copytree(MINI, root / "two")
    (root / "datasets.json").write_text('{"default": "two"}', encoding="utf-8")
    at = run_app(monkeypatch, geodata=root)
    assert at.selectbox(key="dataset_picker").value == "two"
    at = run_app(monkeypatch, geodata=root, params={"dataset": "one", "date": "2024-12-06"})
    assert at.session_state["dataset"] == "one" and at.select_slider(key="day").value == date(2024, 12, 6)
    at = run_app(monkeypatch, geodata=root, params={"dataset": "mars"})
    assert at.session_state["dataset"] == "two"
    assert any("does not exist" in w.value and "one, two" in w.value for w in at.warning)
    at.selectbox(key="dataset_picker").set_value("one").run()
    assert at.session_state["dataset"] == "one" and at.query_params["dataset"] == "one"


def test_downloads_take_the_publishers_words_and_refuse_a_bad_note_in_one_line(monkeypatch):
    at = run_app(monkeypatch, params={"date": "2024-12-08"})
    at.toggle(key="show_exports").set_value(True).run()
    assert not at.exception, at.exception
    for key in ("export_title", "export_subtitle", "export_credit"):
        assert at.text_input(key=key) is not None
    assert list(at.selectbox(key="export_aspect").options) == ["4:3", "16:9", "1:1", "4:5", "3:2"]
    at.text_input(key="export_title").set_value("Our headline")
    at.text_area(key="export_notes").set_value("atlantis: lost city").run()
    assert not at.exception, at.exception
    warnings = [w.value for w in at.warning]
    assert any("'atlantis'" in w and "no place with that id" in w for w in warnings), warnings
    assert all("\n" not in w for w in warnings), "one line each"
    at.text_area(key="export_notes").set_value("no colon here").run()
    assert any("expected" in w.value and "place-id: text" in w.value for w in at.warning)
    at.text_area(key="export_notes").set_value("")
    at.text_area(key="export_caption").set_value("word " * 3000).run()
    assert not at.exception, at.exception
    assert any("shorten them" in w.value for w in at.warning), "too long for the image: said before any click"


def long_copy(tmp_path) -> str:
    """The mini dataset stretched over six years."""
    folder = tmp_path / "mini-long"
    shutil.copytree(MINI, folder)
    manifest = json.loads((folder / "dataset.json").read_text(encoding="utf-8"))
    manifest["period"]["end"] = "2030-12-31"
    (folder / "dataset.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    return str(folder)


def test_a_short_period_has_no_strip(monkeypatch):
    at = run_app(monkeypatch)
    assert len(at.get("vega_lite_chart")) == 1, "only the area chart: a fortnight needs no strip"


def test_a_long_period_gets_a_date_slider_a_jump_box_and_the_change_strip(monkeypatch, tmp_path):
    at = run_app(monkeypatch, geodata=long_copy(tmp_path))
    assert not at.get("select_slider"), "no list of every day is sent for years of days"
    assert at.slider(key="day").value == date(2024, 12, 5)
    at.date_input(key="jump_to").set_value(date(2029, 3, 1)).run()
    assert at.slider(key="day").value == date(2029, 3, 1)
    assert at.query_params["date"] == "2029-03-01"
    assert at.date_input(key="jump_to").value is None, "the box clears for the next jump"
    assert any("Changes on the map per month" in c.value for c in at.caption), "the strip of changes is drawn"
    assert len(at.get("vega_lite_chart")) == 2, "the strip's bars beside the area chart"


def test_thousands_of_places_are_found_by_search_not_sent_as_one_list(monkeypatch, tmp_path):
    from scripts.devkit.whole_war import generate

    folder = generate(tmp_path / "big-war", places=2000, years=2, changes=3000)
    at = run_app(monkeypatch, geodata=folder)
    picker = at.selectbox(key="place_picker")
    assert len(picker.options) <= 301, "the list holds the biggest places, not all 2,000"
    at.text_input(key="place_query").set_value("Place 1999").run()
    picker = at.selectbox(key="place_picker")
    assert any("Place 1999" in o for o in picker.options), picker.options[:5]
    picker.set_value("p01999").run()
    assert at.session_state["place"] == "p01999"
    assert "### Place 1999" in texts(at)
