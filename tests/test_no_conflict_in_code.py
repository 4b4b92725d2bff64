"""The product knows no country: titles, framings, colours, factions and border decisions come from the
dataset folders, so `dashboard/` code names no conflict, place or faction."""

from __future__ import annotations

import re

from tests.conftest import ROOT

NAMES = re.compile(
    r"\b(syria\w*|sudan\w*|aleppo|damascus|hama|homs|idlib|daraa|khartoum|omdurman|darfur|kordofan|fasher|golan|"
    r"quneitra|assad|hezbollah|hemedti|burhan|HTS|RSF|SAF|SDF|SNA)\b",
    re.IGNORECASE,
)


def test_dashboard_code_names_no_conflict():
    found = []
    for path in sorted((ROOT / "dashboard").rglob("*")):
        if path.suffix not in (".py", ".js", ".css") or "vendor" in path.parts or "data" in path.parts:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if NAMES.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:100]}")
    assert found == [], "conflict-specific words in the product's code:\n" + "\n".join(found)
