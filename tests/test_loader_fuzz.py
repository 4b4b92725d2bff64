"""Property test: whatever document the loader is given, it returns a dataset or raises GeodataError."""

from __future__ import annotations

import copy
import json
import shutil

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.core import GeodataError, load_dataset
from tests.conftest import MINI

BASE = json.loads((MINI / "places.geojson").read_text(encoding="utf-8"))

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12,
)


def paths(doc, prefix=()):
    """Every path into a JSON document, so a mutation can hit any field at any depth."""
    yield prefix
    if isinstance(doc, dict):
        for key, value in doc.items():
            yield from paths(value, (*prefix, key))
    elif isinstance(doc, list):
        for index, value in enumerate(doc):
            yield from paths(value, (*prefix, index))


ALL_PATHS = [p for p in paths(BASE) if p]


@st.composite
def mutated_documents(draw):
    doc = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(ALL_PATHS))
        target = doc
        try:
            for key in path[:-1]:
                target = target[key]
            if draw(st.booleans()):
                target[path[-1]] = draw(json_values)
            elif isinstance(target, dict):
                target.pop(path[-1], None)
        except (KeyError, IndexError, TypeError):
            continue
    return doc


def assert_loads_or_reports(folder, text: str) -> None:
    (folder / "places.geojson").write_text(text, encoding="utf-8")
    try:
        load_dataset(folder)
    except GeodataError as exc:
        assert exc.problems and all(str(p) for p in exc.problems)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(doc=mutated_documents())
def test_mutated_documents_load_or_raise_validation_error(tmp_path_factory, doc):
    folder = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(MINI, folder, dirs_exist_ok=True)
    assert_loads_or_reports(folder, json.dumps(doc, ensure_ascii=False))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=json_values)
def test_random_documents_load_or_raise_validation_error(tmp_path_factory, value):
    folder = tmp_path_factory.mktemp("random")
    shutil.copytree(MINI, folder, dirs_exist_ok=True)
    assert_loads_or_reports(folder, json.dumps(value))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=200))
def test_random_text_loads_or_raises_validation_error(tmp_path_factory, text):
    folder = tmp_path_factory.mktemp("text")
    shutil.copytree(MINI, folder, dirs_exist_ok=True)
    assert_loads_or_reports(folder, text)
