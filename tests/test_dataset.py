"""The bundled dataset (geodata/) says what the sources say, on the dates they say it, and its derived
territory is a clean partition of the country on every day of the period."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from shapely.geometry import Point

from dashboard.core import state_at
from dashboard.core.stats import area_by_controller
from tests.conftest import ROOT, SYRIA, exported_snapshot
from tests.test_territory import assert_front_lines_between_known_controllers, assert_partition

#: Every settlement of the fact sheet's section 1a (../shared/facts/2024-offensive.md).
FACT_SHEET_PLACES = [
    "aleppo",
    "idlib",
    "saraqib",
    "maarat-al-numan",
    "khan-shaykhun",
    "kafr-nabl",
    "morek",
    "kafr-zita",
    "qalaat-al-madiq",
    "tal-rifaat",
    "nubl",
    "zahraa",
    "safira",
    "kuweires-airbase",
    "tadef",
    "al-bab",
    "khanasir",
    "manbij",
    "suran",
    "tayyibat-al-imam",
    "halfaya",
    "mhardeh",
    "salamiyah",
    "hama",
    "rastan",
    "talbiseh",
    "homs",
    "qusayr",
    "palmyra",
    "tanf",
    "tartus",
    "latakia",
    "jableh",
    "damascus",
    "sednaya",
    "daraa",
    "quneitra",
    "suwayda",
    "deir-ez-zor",
    "mayadin",
    "abu-kamal",
    "raqqa",
    "qamishli",
    "hasakah",
]
SHARED_AP_TEXT = ROOT.parent / "shared" / "sources" / "hama-2024-12-05.txt"


def controllers(dataset, day: date) -> dict[str, str]:
    return {s.place.id: s.controller for s in state_at(dataset, day)}


def test_every_fact_sheet_place_is_in_the_data(bundled):
    ids = {p.id for p in bundled.places}
    assert [pid for pid in FACT_SHEET_PLACES if pid not in ids] == []


@pytest.mark.parametrize(
    "day, expected",
    [
        (date(2024, 11, 26), {"aleppo": "GOV", "hama": "GOV", "homs": "GOV"}),
        (date(2024, 12, 2), {"hama": "GOV", "homs": "GOV"}),
        (date(2024, 12, 6), {"homs": "GOV"}),
        (date(2024, 12, 9), {}),
    ],
)
def test_the_three_cities_fall_in_order(day, expected, tmp_path):
    """Through the published command, as a user would check it: the GeoJSON snapshot of each day."""
    doc = exported_snapshot(tmp_path / "snapshot.geojson", day.isoformat())
    assert {f["properties"]["layer"] for f in doc["features"]} >= {"place", "zone", "front_line"}
    places = {f["id"]: f["properties"] for f in doc["features"] if f["properties"]["layer"] == "place"}
    held_by_gov = {pid for pid in ("aleppo", "hama", "homs") if places[pid]["controller"] == "GOV"}
    assert held_by_gov == set(expected)
    assert places["hama"]["name"] == "Hama"


def assessed_shares(days, day):
    """Each faction's share of the land the data assesses (unassessed land left out)."""
    table = area_by_controller(days[day].territory).set_index("controller")
    known = table.drop(index="", errors="ignore")
    return known.area_km2 / known.area_km2.sum()


def test_the_baseline_resembles_the_pre_offensive_map(bundled, bundled_days):
    held = controllers(bundled, date(2024, 11, 26))
    assert (held["idlib"], held["al-bab"], held["raqqa"], held["damascus"]) == ("HTS", "SNA", "SDF", "GOV")
    share = assessed_shares(bundled_days, date(2024, 11, 26))
    assert share["GOV"] > 0.5, "the government held most of the assessed land"
    assert 0.15 < share["SDF"] < 0.4, "the SDF held the north-east"
    assert share["HTS"] < 0.08 and share["SNA"] < 0.08
    assert share.get("SFA", 0) < 0.1, "the SFA held its 55 km circle around al-Tanf"


def test_the_end_of_the_period(bundled):
    held = controllers(bundled, date(2024, 12, 12))
    assert "GOV" not in held.values(), "the Assad government no longer controls anything after 8 Dec"
    assert held["manbij"] == "SNA" and held["deir-ez-zor"] == "HTS" and held["raqqa"] == "SDF"


@pytest.mark.parametrize(
    "day", [date(2024, 11, 26) + timedelta(days=i) for i in range(17)], ids=lambda d: d.isoformat()
)
def test_zones_partition_the_country_every_day(bundled, bundled_days, day):
    territory = bundled_days[day].territory
    assert_partition(territory, bundled.outline)
    assert_front_lines_between_known_controllers(territory, bundled.outline)


def _holder_at(territory, lon: float, lat: float) -> str:
    point = Point(lon, lat)
    hits = territory.zones[territory.zones.contains(point)]
    return hits.controller.iloc[0] if len(hits) else ""


def test_the_desert_is_not_handed_to_whoever_has_the_nearest_point(bundled_days):
    """The central desert follows the region records (government, then the collapse), not the nearest town."""
    share = area_by_controller(bundled_days[date(2024, 12, 12)].territory).set_index("controller").share
    assert share.get("SFA", 0) < 0.1, "the SFA held a pocket around al-Tanf and the Palmyra axis, not the Badia"
    assert share.get("SFA", 0) < share["HTS"] / 1.5
    badia = (39.6, 34.3)  # about 90 km from the nearest listed place (al-Sukhnah)
    assert _holder_at(bundled_days[date(2024, 11, 26)].territory, *badia) == "GOV"
    assert _holder_at(bundled_days[date(2024, 12, 12)].territory, *badia) == "HTS"


def test_disagreements_stay_visible(bundled):
    manbij = bundled.place("manbij").control
    taken = next(r for r in manbij if r.controller == "SNA")
    assert taken.date == date(2024, 12, 9) and taken.certainty == "disputed" and taken.alternatives
    khan = next(r for r in bundled.place("khan-shaykhun").control if r.controller == "HTS")
    assert khan.alternatives and khan.certainty != "confirmed"
    homs = next(r for r in bundled.place("homs").control if r.controller == "HTS")
    assert any(alt.date == date(2024, 12, 7) for alt in homs.alternatives), "the change straddles midnight"


def test_aleppo_hama_homs_quote_the_stored_ap_report(bundled):
    text = bundled.source_texts["AP-2024-12-05"]
    for place_id in ("aleppo", "hama", "homs"):
        excerpts = [e for r in bundled.place(place_id).control for e in r.excerpts if e.source == "AP-2024-12-05"]
        assert excerpts and all(e.text in text for e in excerpts), place_id
    assert any("completely liberated" in e.text for r in bundled.place("hama").control for e in r.excerpts)


def test_every_record_cites_a_source_with_publisher_title_date_url(bundled):
    for place in bundled.places:
        for record in place.control:
            for source_id in record.sources:
                source = bundled.sources[source_id]
                assert source.publisher and source.title and source.published and source.url.startswith("http")


@pytest.mark.skipif(not SHARED_AP_TEXT.is_file(), reason="../shared/sources is not beside this checkout")
def test_stored_source_text_is_byte_identical_to_the_shared_copy():
    assert (SYRIA / "sources" / "ap-2024-12-05-hama.txt").read_bytes() == SHARED_AP_TEXT.read_bytes()
