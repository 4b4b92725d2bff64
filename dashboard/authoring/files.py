"""Reading and writing the dataset files the authoring tools change, in the reviewed layout."""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..core.errors import GeodataError, Problem
from ..core.geojson_format import format_places
from ..core.io.files import write_atomic
from ..core.io.loader import load_dataset


def read_json(path: Path) -> Any:
    """A JSON file, or GeodataError naming the file when it cannot be read."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GeodataError([Problem(str(path), None, None, "a readable JSON file", str(exc)[:80])]) from None


def list_json(key: str, items: list[dict[str, Any]]) -> str:
    """`{"key": [...]}` with one item per line, as the bundled factions and sources files are written."""
    lines = ",\n".join("    " + json.dumps(item, ensure_ascii=False) for item in items)
    return f'{{\n  "{key}": [\n{lines}\n  ]\n}}\n' if items else f'{{\n  "{key}": []\n}}\n'


def manifest_json(manifest: dict[str, Any]) -> str:
    """dataset.json with 2-space indentation and bounding boxes on one line."""
    text = json.dumps(manifest, ensure_ascii=False, indent=2)
    return (
        re.sub(r'"bbox": \[\s*([^\]]*?)\s*\]', lambda m: '"bbox": [' + re.sub(r"\s+", " ", m.group(1)) + "]", text)
        + "\n"
    )


def slug(text: str) -> str:
    """'Ḥajj Town (North)' → 'hajj-town-north': an id from a name."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def write_validated(
    folder: Path, files: dict[str, bytes], check: Callable[[Path], None] | None = None, *, dry_run: bool = False
) -> None:
    """Write `files` (name → bytes) into `folder` only if the folder with them is a valid dataset.

    The new files are first written into a temporary copy of the folder and loaded there; any problem
    raises GeodataError and nothing in `folder` is touched. `dry_run` checks and writes nothing.
    """
    with tempfile.TemporaryDirectory() as scratch:
        trial = Path(scratch) / folder.name
        shutil.copytree(folder, trial)
        for name, data in files.items():
            (trial / name).parent.mkdir(parents=True, exist_ok=True)
            (trial / name).write_bytes(data)
        load_dataset(trial)
        if check:
            check(trial)
    if dry_run:
        return
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        write_atomic(folder / name, data)


def places_bytes(doc: dict[str, Any]) -> bytes:
    """places.geojson in the reviewed layout."""
    return format_places(doc).encode("utf-8")
