"""Import event files into a dataset: all files read and checked first, then each provider's store
rewritten once. Idempotent: an event already stored (same provider and event id) is left as it is.

Events outside the dataset's period or away from its country are not stored; they are counted so the
summary can say how many, and why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import shapely

from ..events import PROVIDERS
from .events import Progress, ReadResult, read_events, read_stored, write_stored

#: Degrees around the outline still counted as inside: approximate coordinates (a district's centre,
#: a border town) may sit just outside a generalised outline. About 10 km.
OUTLINE_TOLERANCE = 0.1


@dataclass
class FileSummary:
    """What one file contributed."""

    name: str
    provider: str
    rows: int
    added: int = 0
    already: int = 0
    outside_period: int = 0
    outside_country: int = 0


@dataclass
class ImportReport:
    """What an import did (or would do, on a dry run)."""

    files: list[FileSummary] = field(default_factory=list)
    stored: dict[str, int] = field(default_factory=dict)  # events stored per provider afterwards
    written: list[Path] = field(default_factory=list)

    @property
    def added(self) -> int:
        """New events over all files."""
        return sum(f.added for f in self.files)

    def lines(self) -> list[str]:
        """The summary, one line per file and one for the totals."""
        out = []
        for f in self.files:
            text = f"{f.name}: {f.provider.upper()}, {f.rows:,} rows: {f.added:,} new, {f.already:,} already imported"
            if f.outside_period:
                text += f", {f.outside_period:,} outside the dataset's period (skipped)"
            if f.outside_country:
                text += f", {f.outside_country:,} outside the country's outline (skipped)"
            out.append(text)
        totals = ", ".join(f"{p.upper()} {n:,}" for p, n in self.stored.items())
        out.append(f"events stored: {totals or 'none'}")
        return out


def import_events(dataset, paths: list[Path], progress: Progress | None = None, dry_run: bool = False) -> ImportReport:
    """Read every file (EventFileError if any is bad: then nothing is written), then merge and store."""
    results = [read_events(p, progress) for p in paths]
    report = ImportReport()
    incoming: dict[str, list[pd.DataFrame]] = {}
    for result in results:
        kept, summary = _within_dataset(dataset, result)
        report.files.append(summary)
        incoming.setdefault(result.provider, []).append(kept)
    for provider in PROVIDERS:
        if provider not in incoming:
            continue
        stored = read_stored(dataset.directory, provider)
        known = set(stored["event_id"])
        additions = []
        for summary, frame in zip([f for f in report.files if f.provider == provider], incoming[provider]):
            fresh = frame[~frame["event_id"].isin(known)].drop_duplicates("event_id")
            summary.added, summary.already = len(fresh), len(frame) - len(fresh)
            known.update(fresh["event_id"])
            additions.append(fresh)
        added = pd.concat(additions, ignore_index=True)
        report.stored[provider] = len(stored) + len(added)
        if len(added) and not dry_run:
            merged = added if stored.empty else pd.concat([stored, added], ignore_index=True)
            report.written.append(write_stored(dataset.directory, provider, merged))
    return report


def _within_dataset(dataset, result: ReadResult) -> tuple[pd.DataFrame, FileSummary]:
    events = result.events
    in_period = (events["date"] >= dataset.baseline) & (events["date"] <= dataset.end)
    outline = shapely.buffer(dataset.outline, OUTLINE_TOLERANCE)
    shapely.prepare(outline)
    in_country = pd.Series(
        shapely.contains_xy(outline, events["lon"].to_numpy(), events["lat"].to_numpy()), index=events.index
    )
    summary = FileSummary(
        result.path.name,
        result.provider,
        result.rows,
        outside_period=int((~in_period).sum()),
        outside_country=int((in_period & ~in_country).sum()),
    )
    return events[in_period & in_country], summary
