"""Synthetic ACLED and UCDP files, written at test time (nothing from either provider is committed).

Positions are the mini dataset's places (inside its outline); dates are inside its period.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from dashboard.core.io.events import ACLED_COLUMNS, UCDP_COLUMNS
from tests.conftest import MINI

#: (lat, lon) inside the mini dataset's outline, and one far outside it.
INSIDE = [(34.5, 36.5), (34.0, 37.0), (33.6, 37.4)]
OUTSIDE = (10.0, 10.0)
HOSTILE = '<script>window.__pwned = 1; alert("x")</script><img src=x onerror=alert(2)>'


def dataset_copy(tmp_path: Path) -> Path:
    """A writable copy of the mini dataset (events are stored beside it)."""
    target = tmp_path / "mini"
    shutil.copytree(MINI, target)
    return target


def acled_row(i: int, **overrides) -> dict:
    """One ACLED row in the current layout."""
    lat, lon = INSIDE[i % len(INSIDE)]
    row = {c: "" for c in ACLED_COLUMNS}
    row |= {
        "event_id_cnty": f"TST{i}",
        "event_date": f"2024-12-{1 + i % 10:02d}",
        "time_precision": "1",
        "disorder_type": "Political violence",
        "event_type": ["Battles", "Explosions/Remote violence", "Violence against civilians"][i % 3],
        "sub_event_type": ["Armed clash", "Air/drone strike", "Attack"][i % 3],
        "actor1": "Northern Army",
        "actor2": "Southern Front" if i % 2 else "Civilians",
        "admin1": "Province",
        "location": f"Town {i}",
        "latitude": str(lat),
        "longitude": str(lon),
        "geo_precision": "1" if i % 4 else "2",
        "source": "Test Wire",
        "notes": f"Synthetic event {i}.",
        "fatalities": str(i % 5),
    }
    return row | overrides


def ucdp_row(i: int, **overrides) -> dict:
    """One UCDP GED row."""
    lat, lon = INSIDE[i % len(INSIDE)]
    row = {c: "" for c in UCDP_COLUMNS}
    row |= {
        "id": str(1000 + i),
        "relid": f"TST-{i}",
        "type_of_violence": str(1 + i % 3),
        "side_a": "Government of Testland",
        "side_b": "Testland Liberation Front",
        "date_start": f"2024-12-0{1 + i % 9} 00:00:00.000",
        "date_end": f"2024-12-0{1 + i % 9} 00:00:00.000",
        "date_prec": "1",
        "where_prec": "1" if i % 2 else "4",
        "where_description": f"Village {i}",
        "latitude": str(lat),
        "longitude": str(lon),
        "best": str(i),
        "low": "0",
        "high": str(2 * i),
        "source_article": "Test Agency",
    }
    return row | overrides


def write_csv(path: Path, rows: list[dict], delimiter: str = ",", encoding: str = "utf-8") -> Path:
    """Rows as a CSV file with a header (the first row's keys)."""
    with path.open("w", newline="", encoding=encoding) as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)
    return path
