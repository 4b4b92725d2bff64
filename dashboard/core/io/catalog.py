"""Which datasets there are: every folder under the data root that holds a `dataset.json`.

The root may also be a single dataset folder (tests and people with one map point at it directly).
`datasets.json` in the root names the default; without it the first folder in alphabetical order is.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

MANIFEST = "dataset.json"
INDEX = "datasets.json"


@dataclass(frozen=True)
class Catalog:
    """The datasets found under one root, and which one opens by default."""

    root: Path
    folders: dict[str, Path]  # dataset id (folder name) -> folder, in display order
    default: str | None

    def folder(self, dataset_id: str) -> Path:
        """The folder of a dataset id; KeyError naming the known ids otherwise."""
        if dataset_id not in self.folders:
            raise KeyError(f"no dataset {dataset_id!r} (known: {', '.join(self.folders) or 'none'})")
        return self.folders[dataset_id]


def find_datasets(root: str | Path) -> Catalog:
    """Every dataset folder under `root` (or `root` itself when it is one)."""
    root = Path(root)
    if (root / MANIFEST).is_file():
        name = root.resolve().name
        return Catalog(root, {name: root}, name)
    folders = {p.name: p for p in sorted(root.iterdir()) if (p / MANIFEST).is_file()} if root.is_dir() else {}
    return Catalog(root, folders, _default(root, folders))


def _default(root: Path, folders: dict[str, Path]) -> str | None:
    try:
        named = json.loads((root / INDEX).read_text(encoding="utf-8")).get("default")
    except (OSError, ValueError, AttributeError):
        named = None
    if named in folders:
        return named
    return next(iter(folders), None)
