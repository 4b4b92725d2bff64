"""Links are never trusted: each wrong part gets a message and the nearest valid view."""

from datetime import date

import pytest

from dashboard.core.search import find_places, normalise
from dashboard.ui.links import resolve_dataset, resolve_date, resolve_place


def test_dataset_from_the_link():
    assert resolve_dataset("sudan-2025", ["syria-2024", "sudan-2025"], "syria-2024") == ("sudan-2025", None)
    chosen, message = resolve_dataset("mars-2030", ["syria-2024", "sudan-2025"], "syria-2024")
    assert chosen == "syria-2024" and "does not exist" in message and "sudan-2025" in message
    assert resolve_dataset(None, ["a"], "a") == ("a", None)


@pytest.mark.parametrize(
    ("raw", "expected", "words"),
    [
        ("2024-12-06", date(2024, 12, 6), None),
        ("2024-11-01", date(2024, 11, 26), "before the data starts"),
        ("2031-01-01", date(2024, 12, 12), "after the data ends"),
        ("yesterday", date(2024, 12, 5), "not a date"),
    ],
)
def test_date_from_the_link(mini, raw, expected, words):
    day, message = resolve_date(raw, mini, date(2024, 12, 5))
    assert day == expected and (message is None if words is None else words in message)


def test_place_by_id_or_any_name(mini):
    assert resolve_place("beta", mini) == ("beta", None)
    assert resolve_place("Beeta", mini) == ("beta", None), "an alternate spelling"
    assert resolve_place("بيتا", mini) == ("beta", None), "the Arabic name"
    place, message = resolve_place("nowhere", mini)
    assert place is None and "not in the data" in message


def test_spellings_meet():
    assert normalise("Dar'a") == normalise("Dar’a") == normalise("dara") != normalise("Deraa")
    assert normalise("Ḥamā") == "hama"


def test_search_finds_alternate_names(mini):
    assert [p.id for p in find_places(mini, "zee")] == ["zeta"]
    assert [p.id for p in find_places(mini, "az zeta")] == ["zeta"]
    assert find_places(mini, "") == []
