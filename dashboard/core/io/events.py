"""Read ACLED and UCDP CSV exports into the normalised event table, and store it as GeoParquet.

Column lists checked against the providers' codebooks (as reproduced in their public documentation):
- ACLED: the ACLED Codebook (2023 edition onwards, the layout of exports since 2023, with `disorder_type`
  and `civilian_targeting`); older exports write `event_date` as "16 May 2025" instead of ISO dates.
  Precision codes: `time_precision` and `geo_precision` are 1 (exact day / the named town) to 3.
- UCDP: the UCDP Georeferenced Event Dataset (GED) Codebook version 24.1 (also 23.1, 25.1), and the UCDP
  Candidate Events Dataset codebook (monthly releases, 24.0.x / 25.0.x), which uses the same columns.
  `where_prec` runs from 1 (exact location) to 7, `date_prec` from 1 (exact day) to 5; `type_of_violence`
  is 1 state-based, 2 non-state, 3 one-sided; `best` is the best estimate of deaths.

Bad input raises `EventFileError` carrying one line per problem (file, row, column, what was expected);
nothing is written unless every file was read without a problem.
"""

from __future__ import annotations

import codecs
import csv
import io
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from ..events import ACLED, APPROXIMATE, COLUMNS, EXACT, UCDP, events_dir

#: Columns an ACLED export has (codebook order); the first five are the ones an import cannot do without.
ACLED_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "event_type",
    "latitude",
    "longitude",
    "time_precision",
    "disorder_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "actor2",
    "inter1",
    "inter2",
    "interaction",
    "civilian_targeting",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)
ACLED_REQUIRED = ACLED_COLUMNS[:5]
#: Columns of UCDP GED and its candidate files; the first six are required.
UCDP_COLUMNS = (
    "id",
    "date_start",
    "type_of_violence",
    "latitude",
    "longitude",
    "best",
    "relid",
    "side_a",
    "side_b",
    "date_end",
    "date_prec",
    "where_prec",
    "where_description",
    "adm_1",
    "low",
    "high",
    "source_article",
    "source_headline",
)
UCDP_REQUIRED = UCDP_COLUMNS[:6]
#: The columns each normaliser reads (the rest of an export is checked for shape, not converted).
USED = {
    ACLED: {
        "event_id_cnty",
        "event_date",
        "time_precision",
        "event_type",
        "sub_event_type",
        "actor1",
        "actor2",
        "location",
        "admin1",
        "latitude",
        "longitude",
        "geo_precision",
        "fatalities",
        "notes",
        "source",
    },
    UCDP: {
        "id",
        "type_of_violence",
        "date_start",
        "date_end",
        "date_prec",
        "side_a",
        "side_b",
        "where_description",
        "adm_1",
        "latitude",
        "longitude",
        "where_prec",
        "best",
        "source_headline",
        "source_article",
    },
}
UCDP_VIOLENCE = {"1": "State-based violence", "2": "Non-state violence", "3": "One-sided violence"}
MAX_LISTED = 5  # rows named per kind of problem; the rest are counted


@dataclass(frozen=True)
class EventProblem:
    """One thing wrong with an event file: where (file, row, column) and what was expected."""

    file: str
    expected: str
    row: int | None = None  # as a spreadsheet numbers it: the header is row 1
    column: str | None = None
    found: str | None = None

    def __str__(self) -> str:
        where = (
            [self.file] + ([f"row {self.row}"] if self.row else []) + ([f"column {self.column}"] if self.column else [])
        )
        text = f"{', '.join(where)}: expected {self.expected}"
        return text + (f", found {self.found}" if self.found is not None else "")


class EventFileError(ValueError):
    """The files cannot be imported; `problems` lists every one, each on one line."""

    def __init__(self, problems: list[EventProblem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass
class ReadResult:
    """One file read: its provider and the normalised events."""

    path: Path
    provider: str
    events: pd.DataFrame
    rows: int = 0


Progress = Callable[[str, float], None]


def stderr_progress(label: str, fraction: float) -> None:
    """A one-line progress indicator on stderr (tqdm is not a dependency of the project)."""
    sys.stderr.write(f"\r{label}: {fraction:4.0%}")
    if fraction >= 1:
        sys.stderr.write("\n")
    sys.stderr.flush()


def read_events(path: str | Path, progress: Progress | None = None) -> ReadResult:
    """The events of one ACLED or UCDP CSV export, normalised to COLUMNS; EventFileError if anything is wrong."""
    path = Path(path)
    name = path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise EventFileError([EventProblem(name, "a readable file", found=exc.strerror or str(exc))]) from None
    if not data.strip():
        raise EventFileError([EventProblem(name, "a CSV export with a header row and events", found="an empty file")])
    _check_utf8(name, data, progress)
    header = _header(name, data)
    provider = _provider(name, header)
    table = _parse(name, data, header, progress, USED[provider])
    frame = table.to_pandas()
    if frame.empty:
        raise EventFileError([EventProblem(name, "at least one event below the header", found="only a header")])
    events = _normalise_acled(name, frame) if provider == ACLED else _normalise_ucdp(name, frame)
    return ReadResult(path, provider, events, rows=len(frame))


def _check_utf8(name: str, data: bytes, progress: Progress | None) -> None:
    """UTF-8 (with or without BOM), checked in chunks so a big file is never copied as text."""
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    step = 1 << 24
    for offset in range(0, len(data), step):
        chunk = data[offset : offset + step]
        try:
            decoder.decode(chunk, final=offset + step >= len(data))
        except UnicodeDecodeError as exc:
            at = offset + exc.start
            row = data.count(b"\n", 0, at) + 1
            raise EventFileError(
                [
                    EventProblem(
                        name, "UTF-8 text (save the export as CSV UTF-8)", row=row, found=f"byte 0x{data[at]:02x}"
                    )
                ]
            ) from None
        if progress and len(data) > step:
            progress(f"checking {name}", min(1.0, (offset + step) / len(data)))


def _header(name: str, data: bytes) -> list[str]:
    first = data.lstrip(codecs.BOM_UTF8).split(b"\n", 1)[0].decode("utf-8").rstrip("\r")
    columns = next(csv.reader([first]))
    if len(columns) == 1:
        for delimiter, label in ((";", "semicolons"), ("\t", "tabs"), ("|", "bars")):
            if delimiter in first:
                raise EventFileError(
                    [EventProblem(name, "columns separated by commas", row=1, found=f"columns separated by {label}")]
                )
    return [c.strip() for c in columns]


def _provider(name: str, header: list[str]) -> str:
    present = set(header)
    if "event_id_cnty" in present or "event_date" in present:
        provider, required = ACLED, ACLED_REQUIRED
    elif {"relid", "date_start", "type_of_violence", "where_prec"} & present:
        provider, required = UCDP, UCDP_REQUIRED
    else:
        raise EventFileError(
            [
                EventProblem(
                    name,
                    f"an ACLED export (columns {', '.join(ACLED_REQUIRED)}) or a UCDP GED file "
                    f"(columns {', '.join(UCDP_REQUIRED)})",
                    row=1,
                    found=f"columns {', '.join(header[:8])}" + ("…" if len(header) > 8 else ""),
                )
            ]
        )
    missing = [c for c in required if c not in present]
    if missing:
        label = "ACLED export" if provider == ACLED else "UCDP GED file"
        raise EventFileError(
            [EventProblem(name, f"the {label} columns {', '.join(required)}", row=1, found=f"no {', '.join(missing)}")]
        )
    return provider


def _parse(name: str, data: bytes, header: list[str], progress: Progress | None, used: set[str]) -> pa.Table:
    """Every column as text (the normalisers convert), read in batches so a progress line can run."""
    # Only the columns the normalised table uses are converted: a third of an ACLED export's memory and time.
    options = pacsv.ConvertOptions(
        column_types={c: pa.string() for c in header},
        include_columns=[c for c in header if c in used],
        strings_can_be_null=False,
        quoted_strings_can_be_null=False,
    )
    try:
        reader = pacsv.open_csv(
            io.BytesIO(data), read_options=pacsv.ReadOptions(block_size=1 << 22), convert_options=options
        )
        batches, done = [], 0
        for batch in reader:
            batches.append(batch)
            done += batch.nbytes
            if progress and len(data) > 1 << 24:
                progress(f"reading {name}", min(0.99, done / len(data)))
        table = pa.Table.from_batches(batches, schema=reader.schema)
    except pa.ArrowInvalid as exc:
        raise EventFileError([_ragged_row(name, data, header, str(exc).splitlines()[0])]) from None
    if progress and len(data) > 1 << 24:
        progress(f"reading {name}", 1.0)
    return table.rename_columns([c.strip() for c in table.column_names])


def _ragged_row(name: str, data: bytes, header: list[str], message: str) -> EventProblem:
    """The first row whose number of fields differs from the header's (the error path only: a slow scan)."""
    text = io.StringIO(data.decode("utf-8-sig"), newline="")
    for number, fields in enumerate(csv.reader(text), start=1):
        if number > 1 and fields and len(fields) != len(header):
            return EventProblem(
                name, f"{len(header)} comma-separated fields, as in the header", row=number, found=f"{len(fields)}"
            )
    return EventProblem(name, f"{len(header)} comma-separated fields per row", found=message)


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    return frame[name].str.strip() if name in frame else pd.Series("", index=frame.index, dtype=object)


def _rows_failing(name: str, column: str, bad: pd.Series, values: pd.Series, expected: str) -> list[EventProblem]:
    """One problem per failing row (the first few), and a count of the rest."""
    rows = list(bad[bad].index[: MAX_LISTED + 1])
    problems = [
        EventProblem(name, expected, row=i + 2, column=column, found=repr(values[i])[:60]) for i in rows[:MAX_LISTED]
    ]
    extra = int(bad.sum()) - MAX_LISTED
    if extra > 0:
        problems.append(EventProblem(name, expected, column=column, found=f"{extra} more row(s) like these"))
    return problems


def _dates(name: str, frame: pd.DataFrame, column: str, problems: list[EventProblem]) -> pd.Series:
    """ISO dates (a time part is ignored), or the older ACLED form "16 May 2025"."""
    text = _column(frame, column)
    parsed = pd.to_datetime(text.str.slice(0, 10), format="%Y-%m-%d", errors="coerce")
    missing = parsed.isna()
    if missing.any():
        parsed[missing] = pd.to_datetime(text[missing], format="%d %B %Y", errors="coerce")
        missing = parsed.isna()
    if missing.any():
        problems += _rows_failing(name, column, missing, text, 'a date such as 2025-05-16 or "16 May 2025"')
    return parsed.dt.date


def _numbers(
    name: str, frame: pd.DataFrame, column: str, problems: list[EventProblem], limits: tuple[float, float], blank=None
) -> pd.Series:
    low, high = limits
    text = _column(frame, column)
    values = pd.to_numeric(text.where(text != "", None), errors="coerce")
    if blank is not None:
        values = values.where(text != "", blank)
    bad = values.isna() | (values < low) | (values > high)
    if bad.any():
        problems += _rows_failing(name, column, bad, text, f"a number from {low:g} to {high:g}")
    return values


def _precision(codes: pd.Series, exact: Iterable[str]) -> pd.Series:
    return codes.isin(list(exact)).map({True: EXACT, False: APPROXIMATE}).where(codes != "", EXACT)


def _finish(columns: dict[str, pd.Series], problems: list[EventProblem]) -> pd.DataFrame:
    if problems:
        raise EventFileError(problems)
    frame = pd.DataFrame(columns)
    frame["fatalities"] = frame["fatalities"].astype("int32")
    return frame[list(COLUMNS)]


def _normalise_acled(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    problems: list[EventProblem] = []
    ids = _column(frame, "event_id_cnty")
    if (ids == "").any():
        problems += _rows_failing(name, "event_id_cnty", ids == "", ids, "an event id")
    columns = {
        "provider": ACLED,
        "event_id": ids,
        "date": _dates(name, frame, "event_date", problems),
        "date_precision": _precision(_column(frame, "time_precision"), ["1"]),
        "type": _column(frame, "event_type"),
        "sub_type": _column(frame, "sub_event_type"),
        "actor1": _column(frame, "actor1"),
        "actor2": _column(frame, "actor2"),
        "location": _column(frame, "location"),
        "admin1": _column(frame, "admin1"),
        "lat": _numbers(name, frame, "latitude", problems, (-90, 90)),
        "lon": _numbers(name, frame, "longitude", problems, (-180, 180)),
        "geo_precision": _precision(_column(frame, "geo_precision"), ["1"]),
        "fatalities": _numbers(name, frame, "fatalities", problems, (0, 1e6), blank=0),
        "notes": _column(frame, "notes"),
        "source": _column(frame, "source"),
    }
    return _finish(columns, problems)


def _normalise_ucdp(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    problems: list[EventProblem] = []
    ids = _column(frame, "id")
    if (ids == "").any():
        problems += _rows_failing(name, "id", ids == "", ids, "an event id")
    violence = _column(frame, "type_of_violence")
    unknown = ~violence.isin(list(UCDP_VIOLENCE))
    if unknown.any():
        problems += _rows_failing(name, "type_of_violence", unknown, violence, "1, 2 or 3")
    start, end = _column(frame, "date_start"), _column(frame, "date_end")
    spans = (end != "") & (end.str.slice(0, 10) != start.str.slice(0, 10))
    date_precision = _precision(_column(frame, "date_prec"), ["1"]).where(~spans, APPROXIMATE)
    columns = {
        "provider": UCDP,
        "event_id": ids,
        "date": _dates(name, frame, "date_start", problems),
        "date_precision": date_precision,
        "type": violence.map(UCDP_VIOLENCE),
        "sub_type": "",
        "actor1": _column(frame, "side_a"),
        "actor2": _column(frame, "side_b"),
        "location": _column(frame, "where_description"),
        "admin1": _column(frame, "adm_1"),
        "lat": _numbers(name, frame, "latitude", problems, (-90, 90)),
        "lon": _numbers(name, frame, "longitude", problems, (-180, 180)),
        "geo_precision": _precision(_column(frame, "where_prec"), ["1"]),
        "fatalities": _numbers(name, frame, "best", problems, (0, 1e6), blank=0),
        "notes": _column(frame, "source_headline"),
        "source": _column(frame, "source_article"),
    }
    return _finish(columns, problems)


def stored_path(dataset_dir: str | Path, provider: str) -> Path:
    """The GeoParquet file of one provider's events under a dataset."""
    return events_dir(dataset_dir) / f"{provider}.parquet"


def read_stored(dataset_dir: str | Path, provider: str) -> pd.DataFrame:
    """The events already imported for a provider (an empty table when none)."""
    path = stored_path(dataset_dir, provider)
    if not path.exists():
        return pd.DataFrame({c: pd.Series(dtype=object) for c in COLUMNS})
    return pd.read_parquet(path, columns=list(COLUMNS))


def write_stored(dataset_dir: str | Path, provider: str, events: pd.DataFrame) -> Path:
    """Write a provider's events as GeoParquet (point geometry plus plain lat/lon), sorted by date.

    Sorting by date with row groups of 64k rows lets DuckDB skip most of the file for a window query.
    """
    import geopandas as gpd

    path = stored_path(dataset_dir, provider)
    path.parent.mkdir(parents=True, exist_ok=True)
    events = events.sort_values(["date", "event_id"], kind="stable").reset_index(drop=True)
    frame = gpd.GeoDataFrame(events, geometry=gpd.points_from_xy(events["lon"], events["lat"]), crs="EPSG:4326")
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        frame.to_parquet(tmp, index=False, row_group_size=1 << 16, compression="zstd")
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    return path
