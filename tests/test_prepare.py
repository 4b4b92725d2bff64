"""Per-dataset preparation: the memo of made things stays bounded however many dates are visited."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from dashboard.ui.prepare import MEMO_SIZE, Prepared


def test_memo_keeps_at_most_memo_size_entries_most_recent_first(mini_days):
    empty = pd.DataFrame()
    prepared = Prepared(mini_days, "", empty, empty, empty, {})
    prepared.memo(("first",), lambda: "kept")
    for n in range(MEMO_SIZE + 50):
        start = date(2000, 1, 1) + timedelta(days=n)
        prepared.memo(("compare", start, start + timedelta(days=n)), lambda n=n: n)
        prepared.memo(("first",), lambda: "rebuilt")  # in use on every step: never evicted
    assert len(prepared.memos) == MEMO_SIZE
    assert prepared.memo(("first",), lambda: "rebuilt") == "kept"
    assert ("compare", date(2000, 1, 1), date(2000, 1, 1)) not in prepared.memos, "the oldest unused went first"
