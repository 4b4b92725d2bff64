"""Dates of drawn maps: from a file name by a strftime pattern, or from an attribute's value.

Archives name daily files in every way (`control_20250301.geojson`, `map 01 Mar 2025.kmz`), so the
pattern may match anywhere in a name, and only the matched text is parsed as a date.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

import pandas as pd

#: strftime directives we turn into regular expressions for --date-from-name.
_DIRECTIVES = {
    "Y": r"\d{4}",
    "y": r"\d{2}",
    "m": r"\d{1,2}",
    "d": r"\d{1,2}",
    "j": r"\d{3}",
    "b": r"[A-Za-z]{3}",
    "B": r"[A-Za-z]+",
    "H": r"\d{2}",
    "M": r"\d{2}",
    "S": r"\d{2}",
}


def name_pattern(pattern: str) -> re.Pattern[str]:
    """A regular expression for a strftime pattern such as `control_%Y%m%d.geojson` (one group per directive)."""
    parts, i = [], 0
    while i < len(pattern):
        if pattern[i] == "%" and i + 1 < len(pattern):
            code = pattern[i + 1]
            if code == "%":
                parts.append("%")
            elif code in _DIRECTIVES:
                parts.append(f"({_DIRECTIVES[code]})")
            else:
                raise ValueError(f"a pattern using only %{', %'.join(_DIRECTIVES)} and %% (found %{code})")
            i += 2
        else:
            parts.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(parts))


def date_from_name(name: str, pattern: str) -> date:
    """The date a file name carries, per `pattern`; ValueError saying what was expected otherwise."""
    found = name_pattern(pattern).search(name)
    if found is None:
        raise ValueError(f"a file name with a date matching {pattern!r}")
    try:
        return _strptime_matched(found.group(0), pattern)
    except ValueError:
        raise ValueError(f"a real calendar date in the name (pattern {pattern!r})") from None


def _strptime_matched(text: str, pattern: str) -> date:
    # Only the matched part goes to strptime, so names may carry anything around the pattern.
    return datetime.strptime(text, pattern).date()


def date_value(value: Any) -> date:
    """A date from a date column: a date, a timestamp or ISO text `YYYY-MM-DD[...]`."""
    if value is None or (not isinstance(value, str) and bool(pd.isna(value))):
        raise ValueError("an ISO date YYYY-MM-DD, found an empty field")
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if hasattr(value, "to_pydatetime"):  # pandas Timestamp
        return value.to_pydatetime().date()
    if isinstance(value, str) and re.match(r"^\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            raise ValueError("a real calendar date YYYY-MM-DD") from None
    raise ValueError("an ISO date YYYY-MM-DD")
