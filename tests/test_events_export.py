"""`export --events`: events in GeoJSON (layer=event), HTML (escaped), PNG/GIF with providers' credit;
the panels' Markdown escapes event text."""

from __future__ import annotations

import io
import json
import re

import pytest
from PIL import Image

from dashboard.cli import main
from dashboard.core import load_dataset
from dashboard.core.io.event_import import import_events
from dashboard.render.event_text import events_markdown
from tests.event_files import HOSTILE, acled_row, dataset_copy, ucdp_row, write_csv

ACLED_CREDIT = "Armed Conflict Location & Event Data (ACLED)"
UCDP_CREDIT = "Uppsala Conflict Data Program (UCDP)"


@pytest.fixture
def folder(tmp_path):
    target = dataset_copy(tmp_path)
    rows = [acled_row(i) for i in range(12)] + [acled_row(99, event_date="2024-12-10", notes=HOSTILE)]
    import_events(load_dataset(target), [write_csv(tmp_path / "acled.csv", rows)])
    return target


def export(folder, tmp_path, fmt: str, *extra: str) -> tuple[int, bytes]:
    out = tmp_path / f"out.{fmt}"
    code = main(["export", "--format", fmt, "--out", str(out), "--data", str(folder), "--date", "2024-12-10", *extra])
    return code, out.read_bytes() if out.exists() else b""


def test_geojson_events_have_layer_event_and_credit(folder, tmp_path):
    code, data = export(folder, tmp_path, "geojson", "--events", "--events-days", "3")
    assert code == 0
    doc = json.loads(data)
    events = [f for f in doc["features"] if f["properties"]["layer"] == "event"]
    assert {f["properties"]["date"] for f in events} == {"2024-12-08", "2024-12-09", "2024-12-10"}
    assert all(ACLED_CREDIT in f["properties"]["attribution"] for f in events)
    assert doc["properties"]["events"]["window_start"] == "2024-12-08"
    assert ACLED_CREDIT in doc["properties"]["events"]["attribution"][0]
    hostile = next(f for f in events if f["properties"]["event_id"] == "TST99")
    assert hostile["properties"]["notes"] == HOSTILE  # data, not markup: kept as written
    assert any(f["properties"]["layer"] != "event" for f in doc["features"])  # the map is still there


def test_geojson_filters(folder, tmp_path):
    code, data = export(folder, tmp_path, "geojson", "--events", "--events-days", "30", "--events-type", "Battles")
    types = {f["properties"]["type"] for f in json.loads(data)["features"] if f["properties"]["layer"] == "event"}
    assert code == 0 and types == {"Battles"}


def test_html_export_never_embeds_event_markup(folder, tmp_path):
    code, data = export(folder, tmp_path, "html", "--events", "--events-days", "30")
    page = data.decode("utf-8")
    assert code == 0 and "makeEventsLayer" in page
    assert "<script>window.__pwned" not in page and "<img src=x" not in page
    assert "\\u003cscript>window.__pwned" in page
    assert ACLED_CREDIT in page
    assert not re.search(r"<script[^>]+src=", page)  # still self-contained


def test_png_with_events_credits_the_provider(folder, tmp_path):
    code, plain = export(folder, tmp_path, "png")
    code_events, data = export(folder, tmp_path, "png", "--events", "--events-days", "30")
    assert code == code_events == 0
    image = Image.open(io.BytesIO(data))
    assert ACLED_CREDIT in image.text["Source"]
    assert ACLED_CREDIT not in Image.open(io.BytesIO(plain)).text["Source"]
    assert image.tobytes() != Image.open(io.BytesIO(plain)).tobytes()


def test_gif_with_events(folder, tmp_path):
    extra = ["--start", "2024-12-01", "--end", "2024-12-10", "--every", "5", "--width", "400", "--height", "300"]
    code, data = export(folder, tmp_path, "gif", "--events", *extra)
    assert code == 0
    assert ACLED_CREDIT in Image.open(io.BytesIO(data)).info["comment"].decode("utf-8")


def test_events_without_import_say_so_in_one_line(tmp_path, capsys):
    folder = dataset_copy(tmp_path)
    code, _ = export(folder, tmp_path, "png", "--events")
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "no events imported" in err


def test_events_refuse_csv_and_comparisons(folder, tmp_path, capsys):
    assert export(folder, tmp_path, "csv", "--events")[0] == 2
    assert "--events works with png, gif, mp4, html, geojson" in capsys.readouterr().err
    assert export(folder, tmp_path, "png", "--events", "--compare-to", "2024-12-01")[0] == 2


def test_both_providers_credited(folder, tmp_path):
    import_events(load_dataset(folder), [write_csv(tmp_path / "ged.csv", [ucdp_row(i) for i in range(3)])])
    doc = json.loads(export(folder, tmp_path, "geojson", "--events", "--events-days", "30")[1])
    credits = " ".join(doc["properties"]["events"]["attribution"])
    assert ACLED_CREDIT in credits and UCDP_CREDIT in credits


def test_panel_markdown_escapes_notes(folder):
    from dashboard.core.io.event_store import EventStore

    rows = EventStore(folder).rows(["acled:TST99"])
    text = events_markdown(rows)
    assert "<script>" not in text and "\\<script\\>" in text
    assert "\\(exact location\\)" in text
    assert "Armed Conflict Location \\& Event Data \\(ACLED\\)" in text
