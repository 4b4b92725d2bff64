"""Importing ACLED and UCDP files: both layouts, every bad input, idempotence, and the DuckDB queries."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dashboard.cli import main
from dashboard.core import load_dataset
from dashboard.core.events import ACLED, APPROXIMATE, EXACT, UCDP, EventQuery
from dashboard.core.io.event_import import import_events
from dashboard.core.io.event_store import EventStore, cell_size
from dashboard.core.io.events import EventFileError, read_events, stored_path
from dashboard.render.events_layer import layer_data
from tests.event_files import OUTSIDE, acled_row, dataset_copy, ucdp_row, write_csv


@pytest.fixture
def folder(tmp_path):
    return dataset_copy(tmp_path)


def problems_of(path) -> str:
    with pytest.raises(EventFileError) as caught:
        read_events(path)
    return str(caught.value)


def test_acled_current_layout_is_normalised(tmp_path):
    path = write_csv(tmp_path / "acled.csv", [acled_row(i) for i in range(6)])
    result = read_events(path)
    assert result.provider == ACLED
    first = result.events.iloc[0]
    assert (first["event_id"], first["date"], first["type"]) == ("TST0", date(2024, 12, 1), "Battles")
    assert first["geo_precision"] == APPROXIMATE  # geo_precision 2
    assert result.events.iloc[1]["geo_precision"] == EXACT
    assert list(result.events["fatalities"]) == [0, 1, 2, 3, 4, 0]


def test_acled_older_date_format(tmp_path):
    path = write_csv(tmp_path / "old.csv", [acled_row(0, event_date="16 December 2024", time_precision="2")])
    event = read_events(path).events.iloc[0]
    assert event["date"] == date(2024, 12, 16)
    assert event["date_precision"] == APPROXIMATE


def test_ucdp_ged_and_candidate(tmp_path):
    ged = read_events(write_csv(tmp_path / "ged.csv", [ucdp_row(i) for i in range(3)]))
    assert ged.provider == UCDP
    assert list(ged.events["type"]) == ["State-based violence", "Non-state violence", "One-sided violence"]
    assert list(ged.events["geo_precision"]) == [APPROXIMATE, EXACT, APPROXIMATE]  # where_prec 4, 1, 4
    # Candidate files carry the same columns; a multi-day event has an approximate date.
    candidate = [{k: v for k, v in ucdp_row(5).items() if k not in ("low", "high")} | {"date_end": "2024-12-09"}]
    event = read_events(write_csv(tmp_path / "candidate.csv", candidate)).events.iloc[0]
    assert (event["actor1"], event["fatalities"], event["date_precision"]) == ("Government of Testland", 5, APPROXIMATE)


def test_missing_columns_name_the_expected_ones(tmp_path):
    rows = [{k: v for k, v in acled_row(0).items() if k not in ("latitude", "event_date")}]
    text = problems_of(write_csv(tmp_path / "nocoords.csv", rows))
    assert "nocoords.csv, row 1" in text
    assert "event_id_cnty, event_date, event_type, latitude, longitude" in text
    assert "no event_date, latitude" in text


def test_unknown_layout_lists_both_providers_columns(tmp_path):
    text = problems_of(write_csv(tmp_path / "other.csv", [{"a": "1", "b": "2"}]))
    assert "ACLED export" in text and "UCDP GED" in text and "date_start" in text


def test_unparseable_date_names_row_and_column(tmp_path):
    rows = [acled_row(0), acled_row(1, event_date="31/12/2024"), acled_row(2)]
    text = problems_of(write_csv(tmp_path / "dates.csv", rows))
    assert "dates.csv, row 3, column event_date: expected a date" in text and "31/12/2024" in text


def test_bad_coordinates_name_row_and_column(tmp_path):
    text = problems_of(write_csv(tmp_path / "coords.csv", [acled_row(0, latitude="north")]))
    assert "coords.csv, row 2, column latitude" in text


def test_wrong_delimiter(tmp_path):
    text = problems_of(write_csv(tmp_path / "semi.csv", [acled_row(0)], delimiter=";"))
    assert text == "semi.csv, row 1: expected columns separated by commas, found columns separated by semicolons"


def test_row_with_extra_fields_is_named(tmp_path):
    path = write_csv(tmp_path / "ragged.csv", [acled_row(i) for i in range(3)])
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] += ",surplus"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert problems_of(path) == "ragged.csv, row 3: expected 26 comma-separated fields, as in the header, found 27"


def test_wrong_encoding(tmp_path):
    path = write_csv(tmp_path / "latin.csv", [acled_row(0), acled_row(1, notes="Café attack")], encoding="latin-1")
    text = problems_of(path)
    assert text.startswith("latin.csv, row 3: expected UTF-8 text") and "0xe9" in text


@pytest.mark.parametrize("content", [b"", b"\n\n  \n"])
def test_empty_file(tmp_path, content):
    path = tmp_path / "empty.csv"
    path.write_bytes(content)
    assert problems_of(path) == "empty.csv: expected a CSV export with a header row and events, found an empty file"


def test_header_only(tmp_path):
    path = tmp_path / "header.csv"
    path.write_text(",".join(acled_row(0)) + "\n", encoding="utf-8")
    assert "expected at least one event below the header" in problems_of(path)


def test_import_is_idempotent_and_counts_outside_events(folder, tmp_path):
    rows = [acled_row(i) for i in range(10)]
    rows += [acled_row(20, event_date="2023-01-01"), acled_row(21, latitude=str(OUTSIDE[0]), longitude=str(OUTSIDE[1]))]
    path = write_csv(tmp_path / "acled.csv", rows)
    dataset = load_dataset(folder)
    first = import_events(dataset, [path])
    assert (first.added, first.files[0].outside_period, first.files[0].outside_country) == (10, 1, 1)
    assert "1 outside the dataset's period (skipped), 1 outside the country's outline (skipped)" in first.lines()[0]
    stored = stored_path(folder, ACLED)
    before = (stored.read_bytes(), stored.stat().st_mtime_ns)
    again = import_events(dataset, [path])
    assert (again.added, again.files[0].already, again.stored) == (0, 10, {ACLED: 10})
    assert (stored.read_bytes(), stored.stat().st_mtime_ns) == before
    # A newer export with some of the same events adds only the new ones.
    more = import_events(dataset, [write_csv(tmp_path / "more.csv", [acled_row(i) for i in range(8, 14)])])
    assert (more.added, more.stored[ACLED]) == (4, 14)


def test_stored_as_geoparquet(folder, tmp_path):
    import geopandas as gpd

    import_events(load_dataset(folder), [write_csv(tmp_path / "a.csv", [acled_row(i) for i in range(3)])])
    frame = gpd.read_parquet(stored_path(folder, ACLED))
    assert frame.crs.to_epsg() == 4326 and list(frame.geometry.x) == list(frame["lon"])


def test_one_bad_file_writes_nothing(folder, tmp_path, capsys):
    good = write_csv(tmp_path / "good.csv", [acled_row(i) for i in range(3)])
    bad = write_csv(tmp_path / "bad.csv", [ucdp_row(0, date_start="someday")])
    assert main(["import-events", str(good), str(bad), "--data", str(folder), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "nothing written" in err and "bad.csv, row 2, column date_start" in err
    assert "Traceback" not in err
    assert not stored_path(folder, ACLED).exists()


def test_cli_imports_both_providers_and_summarises(folder, tmp_path, capsys):
    acled = write_csv(tmp_path / "acled.csv", [acled_row(i) for i in range(4)])
    ucdp = write_csv(tmp_path / "ged.csv", [ucdp_row(i) for i in range(3)])
    assert main(["import-events", str(acled), str(ucdp), "--data", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "acled.csv: ACLED, 4 rows: 4 new" in out and "ged.csv: UCDP, 3 rows: 3 new" in out
    assert "events stored: ACLED 4, UCDP 3" in out
    assert main(["import-events", str(acled), "--data", str(folder), "--quiet"]) == 0
    assert "added 0 event(s)" in capsys.readouterr().out


@pytest.fixture
def store(folder, tmp_path):
    rows = [acled_row(i) for i in range(30)]
    import_events(load_dataset(folder), [write_csv(tmp_path / "acled.csv", rows)])
    import_events(load_dataset(folder), [write_csv(tmp_path / "ged.csv", [ucdp_row(i) for i in range(9)])])
    return EventStore(folder)


def test_window_and_filters(store):
    day = EventQuery(end=date(2024, 12, 10), days=1)
    assert set(store.window(day)["date"].dt.date) == {date(2024, 12, 10)}
    week = EventQuery(end=date(2024, 12, 10), days=7)
    frame = store.window(week)
    assert frame["date"].min().date() == date(2024, 12, 4) and len(frame) == store.count(week)
    battles = store.window(EventQuery(end=date(2024, 12, 10), days=30, types=("Battles",)))
    assert set(battles["type"]) == {"Battles"} and len(battles) == 10
    actor = store.window(EventQuery(end=date(2024, 12, 10), days=30, actor="southern"))
    assert len(actor) == 15 and actor["actor2"].eq("Southern Front").all()
    deadly = store.window(EventQuery(end=date(2024, 12, 10), days=30, min_fatalities=4))
    assert deadly["fatalities"].min() == 4
    boxed = store.window(EventQuery(end=date(2024, 12, 10), days=30, bbox=(36.4, 34.4, 36.6, 34.6)))
    assert set(zip(boxed["lat"], boxed["lon"])) == {(34.5, 36.5)}


def test_counts_near_bins_and_cells(store):
    query = EventQuery(end=date(2024, 12, 10), days=10)
    counts = store.counts(query, by="day")
    assert counts["events"].sum() == store.count(EventQuery(end=date(2024, 12, 31), days=366))
    near = store.near(34.5, 36.5, 5, query)
    assert len(near) > 0 and near["distance_km"].max() < 1
    assert store.near(34.5, 36.5, 5, query)["lat"].eq(34.5).all()
    bins = store.bins(query, zoom=6)
    assert bins["events"].sum() == store.count(query)
    cell = bins.iloc[0]
    assert len(store.in_cell(query, cell["cell"])) == cell["events"]
    assert cell_size(7) == cell_size(6) / 2


def test_layer_points_then_bins(store):
    query = EventQuery(end=date(2024, 12, 10), days=10)
    points = layer_data(store, query, zoom=6, max_points=1000)
    columns = points["points"]
    assert points["mode"] == "points" and len(columns["key"]) == store.count(query)
    assert all(len(values) == len(columns["key"]) for values in columns.values())
    assert {k.split(":")[0] for k in columns["key"]} == {ACLED, UCDP} and set(columns["flags"]) == {0, 1}
    assert set(points["colours"]) == set(columns["type"]) | {"*"}, "each type shown, and one colour for any other"
    assert len(points["attribution"]) == 2
    bins = layer_data(store, query, zoom=6, max_points=3)
    assert bins["mode"] == "bins" and sum(b[3] for b in bins["bins"]) == store.count(query)


def test_empty_store_answers_empty(folder):
    store = EventStore(folder)
    query = EventQuery(end=date(2024, 12, 10), days=7)
    assert store.empty and store.count(query) == 0 and store.window(query).empty and store.types() == {}
    assert layer_data(store, query, zoom=6)["total"] == 0


def test_picked_rows_by_key(store):
    rows = store.rows(["acled:TST3", "ucdp:1002"])
    assert sorted(rows["event_id"]) == ["1002", "TST3"]
    assert [e.key for e in store.events(["ucdp:1002", "acled:TST3"])] == ["ucdp:1002", "acled:TST3"]
    assert isinstance(store.events(["acled:TST3"])[0].date, date)
    assert pd.Timestamp(rows["date"].iloc[0]).year == 2024


def test_generator_writes_importable_acled_exports(mini, tmp_path):
    import shapely
    from devkit.acled_gen import HEADER, generate

    frame = generate(mini, 500, seed=3)
    assert list(frame.columns) == HEADER and frame["event_id_cnty"].is_unique
    assert shapely.contains_xy(mini.outline, frame["longitude"], frame["latitude"]).all()
    path = tmp_path / "gen.csv"
    generate(mini, 200, seed=3, old_dates=True).to_csv(path, index=False)
    events = read_events(path).events
    assert events["date"].between(mini.manifest.period.start, mini.end).all()
    assert set(events["geo_precision"]) == {EXACT, APPROXIMATE} and set(events["date_precision"]) == {
        EXACT,
        APPROXIMATE,
    }


def test_mp4_with_events(folder, tmp_path):
    import_events(load_dataset(folder), [write_csv(tmp_path / "a.csv", [acled_row(i) for i in range(6)])])
    out = tmp_path / "events.mp4"
    args = ["--start", "2024-12-01", "--end", "2024-12-06", "--every", "5", "--width", "320", "--height", "240"]
    code = main(["export", "--format", "mp4", "--out", str(out), "--data", str(folder), "--events", *args])
    assert code == 0 and b"Armed Conflict Location" in out.read_bytes()


def test_daily_cells_answer_as_the_queries_do(store, monkeypatch):
    from dashboard.core import event_index

    for query in (
        EventQuery(end=date(2024, 12, 10), days=7),
        EventQuery(end=date(2024, 12, 6), days=3, types=("Battles", "One-sided violence"), actor="front"),
    ):
        index = store.daily_cells(query, 7)
        assert index.total(query.start, query.end) == store.count(query)
        expected = [
            [r.cell, round(r.lat, 4), round(r.lon, 4), r.events, r.approximate]
            for r in store.bins(query, 7).itertuples()
        ]
        assert sorted(index.bins(query.start, query.end)) == sorted(expected)
        assert index.type_counts(query.start, query.end) == store.type_counts(query)
        kept = layer_data(store, query, zoom=7)["points"]
        monkeypatch.setattr(event_index, "POINTS_KEPT", 0)
        fresh = EventStore(store.files[0].parents[1])  # a new store: its index keeps no points now
        assert layer_data(fresh, query, zoom=7)["points"] == kept
        monkeypatch.undo()
    assert store.daily_cells(EventQuery(end=date(2024, 12, 1), days=1), 7) is store.daily_cells(
        EventQuery(end=date(2024, 12, 9), days=30), 7
    )  # the window is not part of the key: a step reuses the index


def test_layer_json_escapes_markup_and_the_script_draws_or_clears(folder, tmp_path):
    import json

    from dashboard.render.events_layer import layer_json, layer_script

    rows = [acled_row(0, event_type="<script>alert(1)</script>")]
    import_events(load_dataset(folder), [write_csv(tmp_path / "a.csv", rows)])
    data = layer_json(EventStore(folder), EventQuery(end=date(2024, 12, 1), days=1), zoom=6)
    assert b"<" not in data and json.loads(data)["points"]["type"] == ["<script>alert(1)</script>"]
    assert layer_script(data).startswith("if (window.conflictMapEvents) { window.conflictMapEvents.show({")
    assert "show(null)" in layer_script(None)
