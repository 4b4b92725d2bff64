"""Sourcing a newsroom can cite (issue 19): the deny list refuses mirrors, code repositories and content
farms; the bundled sources have real titles, are about the records that cite them, and nothing rests on
"background knowledge"."""

from __future__ import annotations

import json
import shutil
from datetime import date

import pytest

from dashboard.core import load_dataset, validate_dataset
from dashboard.core.validate import denied_domain
from tests.conftest import MINI, ROOT

DATASETS = sorted(p.parent for p in (ROOT / "geodata").glob("*/dataset.json"))


def _with_deny_list(tmp_path, url: str):
    folder = shutil.copytree(MINI, tmp_path / "deny")
    manifest = json.loads((folder / "dataset.json").read_text(encoding="utf-8"))
    manifest["source_deny_list"] = [{"domain": "github.com", "reason": "a code repository, not a publisher"}]
    (folder / "dataset.json").write_text(json.dumps(manifest), encoding="utf-8")
    doc = json.loads((folder / "sources.json").read_text(encoding="utf-8"))
    doc["sources"][0]["url"] = url
    (folder / "sources.json").write_text(json.dumps(doc), encoding="utf-8")
    return folder, doc["sources"][0]["id"]


def test_a_source_on_the_deny_list_is_refused_in_one_clear_line(tmp_path):
    folder, source_id = _with_deny_list(tmp_path, "https://www.github.com/someone/scrape/blob/main/page.md")
    problems = [p for p in validate_dataset(folder) if p.field == "url"]
    assert len(problems) == 1
    text = str(problems[0])
    assert "sources.json" in text and f"'{source_id}'" in text
    assert "github.com: a code repository, not a publisher" in text and "someone/scrape" in text


def test_a_domain_that_only_looks_alike_is_not_refused(tmp_path):
    folder, _ = _with_deny_list(tmp_path, "https://notgithub.com/story")
    assert [p for p in validate_dataset(folder) if p.field == "url"] == []


def test_denied_domain_matches_the_host_and_its_subdomains_only():
    deny = {"wikipedia.org": "wiki"}
    assert denied_domain("https://en.wikipedia.org/wiki/X", deny) == "wikipedia.org"
    assert denied_domain("https://WIKIPEDIA.org:443/x", deny) == "wikipedia.org"
    assert denied_domain("https://example.org/wikipedia.org", deny) is None


@pytest.mark.parametrize("folder", DATASETS, ids=lambda p: p.name)
def test_bundled_datasets_keep_a_deny_list(folder):
    manifest = load_dataset(folder).manifest
    domains = {entry.domain for entry in manifest.source_deny_list}
    assert {"github.com", "wikipedia.org", "wikimili.com"} <= domains


@pytest.mark.parametrize("folder", DATASETS, ids=lambda p: p.name)
def test_slug_titles_are_explained(folder):
    """A title that is only the URL's slug says so in the source's note."""
    for source in load_dataset(folder).sources.values():
        if not source.title_captured:
            assert "slug" in (source.note or "").lower(), f"{source.id}: slug title without a note explaining it"


@pytest.mark.parametrize("folder", DATASETS, ids=lambda p: p.name)
def test_nothing_rests_on_background_knowledge(folder):
    text = "\n".join((folder / name).read_text(encoding="utf-8") for name in ("places.geojson", "areas.geojson"))
    assert "background knowledge" not in text.casefold()


def test_el_fashers_fall_cites_only_reports_of_el_fasher_from_the_event_on(sudan):
    (record,) = [r for r in sudan.place("el-fasher").control if r.date == date(2025, 10, 27)]
    for source_id in record.sources:
        source = sudan.sources[source_id]
        assert source.published >= date(2025, 10, 26), f"{source_id} predates the fall"
        about = f"{source.title} {source.note or ''} {source.url}".casefold()
        assert "fasher" in about or "fashir" in about, f"{source_id} is not about El Fasher"
