"""Queries over a dataset's imported events, on DuckDB reading the GeoParquet files in place.

No spatial extension (it cannot be downloaded here, and points need none): filters use the plain lat/lon
columns. The files are sorted by date in row groups, so a window query reads only the row groups of its
days; nothing is held in memory between queries, which keeps the server's memory bounded however many
events are imported.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from ..event_index import POINTS_KEPT, ROW_SPAN, DailyCells
from ..events import COLUMNS, PROVIDERS, Event, EventQuery, events_dir

#: Grid cells per 256-pixel map tile: a cell is about 64 pixels wide at its zoom level.
CELLS_PER_TILE = 4
EARTH_RADIUS_KM = 6371.0088
PICK_COLUMNS = ", ".join(COLUMNS)
#: What the map's queries need: no notes, sources, locations (read from the files when listed).
SLIM_COLUMNS = (
    "provider, event_id, date, type, sub_type, actor1, actor2, lat, lon, fatalities, "
    "CAST(geo_precision <> 'exact' AS UTINYINT) + 2 * CAST(date_precision <> 'exact' AS UTINYINT) AS flags"
)


def cell_size(zoom: int) -> float:
    """The grid cell's width in degrees at a map zoom level (cells halve with each zoom step)."""
    return 360.0 / (2 ** max(0, zoom) * CELLS_PER_TILE)


@dataclass(frozen=True)
class Where:
    """A SQL condition with its parameters."""

    sql: str
    params: list


def where(query: EventQuery, window: bool = True) -> Where:
    """The filters of a query; `window=False` drops the date window (the chart covers the whole period)."""
    parts, params = ["TRUE"], []
    if window:
        # Literal dates, not parameters: DuckDB prunes row groups (its zone maps) only on constants.
        parts.append(f"date BETWEEN DATE '{query.start.isoformat()}' AND DATE '{query.end.isoformat()}'")
    if query.types:
        parts.append("list_contains(?, type)")
        params.append(list(query.types))
    if query.sub_types:
        parts.append("list_contains(?, sub_type)")
        params.append(list(query.sub_types))
    if query.actor.strip():
        parts.append("(contains(lower(actor1), ?) OR contains(lower(actor2), ?))")
        params += [query.actor.strip().lower()] * 2
    if query.min_fatalities > 0:
        parts.append("fatalities >= ?")
        params.append(int(query.min_fatalities))
    if query.bbox is not None:
        west, south, east, north = query.bbox
        parts.append("lon BETWEEN ? AND ? AND lat BETWEEN ? AND ?")
        params += [west, east, south, north]
    return Where(" AND ".join(parts), params)


class EventStore:
    """The events imported under one dataset folder (any of ACLED and UCDP)."""

    def __init__(self, dataset_dir: str | Path, memory_limit: str = "512MB"):
        self.files = [events_dir(dataset_dir) / f"{p}.parquet" for p in PROVIDERS]
        self.files = [f for f in self.files if f.exists()]
        self._db = duckdb.connect(config={"memory_limit": memory_limit, "threads": 2})
        if self.files:
            sources = ", ".join("'" + f.as_posix().replace("'", "''") + "'" for f in self.files)
            self._db.execute(
                f"CREATE VIEW events AS SELECT {PICK_COLUMNS} FROM read_parquet([{sources}], union_by_name = true)"
            )
            self._db.execute(f"CREATE TABLE slim AS SELECT {SLIM_COLUMNS} FROM events ORDER BY date")
        self._indexes: OrderedDict[tuple, DailyCells] = OrderedDict()
        self._lock = threading.Lock()

    def memory_bytes(self) -> int:
        """What DuckDB holds for this store (the slim table and its caches): one store serves every session."""
        return int(self._db.cursor().execute("SELECT sum(memory_usage_bytes) FROM duckdb_memory()").fetchone()[0] or 0)

    @property
    def empty(self) -> bool:
        """True when nothing was imported."""
        return not self.files

    def _frame(self, sql: str, params: list | None = None) -> pd.DataFrame:
        # A cursor per call: Streamlit runs sessions on several threads, and a cursor is DuckDB's
        # thread-safe handle on the same database.
        return self._db.cursor().execute(sql, params or []).df()

    def window(self, query: EventQuery, limit: int | None = None) -> pd.DataFrame:
        """The events in the query's window and filters, newest first."""
        if self.empty:
            return pd.DataFrame(columns=list(COLUMNS))
        w = where(query)
        tail = f" LIMIT {int(limit)}" if limit else ""
        return self._frame(f"SELECT * FROM events WHERE {w.sql} ORDER BY date DESC, event_id{tail}", w.params)

    def points(self, query: EventQuery, limit: int) -> pd.DataFrame:
        """The map's columns of the window's events (key parts, position, type, flags, fatalities), up to `limit`."""
        if self.empty:
            return pd.DataFrame(columns=["provider", "event_id", "lat", "lon", "type", "flags", "fatalities"])
        w = where(query)
        return self._frame(
            "SELECT provider, event_id, lat, lon, type, flags, fatalities FROM slim "
            f"WHERE {w.sql} ORDER BY date DESC, event_id LIMIT {int(limit)}",
            w.params,
        )

    def count(self, query: EventQuery) -> int:
        """How many events the query selects."""
        if self.empty:
            return 0
        w = where(query)
        return int(self._db.cursor().execute(f"SELECT count(*) FROM slim WHERE {w.sql}", w.params).fetchone()[0])

    def counts(self, query: EventQuery, by: str = "day") -> pd.DataFrame:
        """Events per day (or ISO week) and type over the whole period, with the query's filters."""
        if self.empty:
            return pd.DataFrame(columns=["date", "type", "events"])
        bucket = "date" if by == "day" else "CAST(date_trunc('week', date) AS DATE)"
        w = where(query, window=False)
        return self._frame(
            f"SELECT {bucket} AS date, type, count(*) AS events FROM slim WHERE {w.sql} GROUP BY ALL ORDER BY 1, 2",
            w.params,
        )

    def near(self, lat: float, lon: float, km: float, query: EventQuery) -> pd.DataFrame:
        """Events in the window within `km` of a point, nearest first, with `distance_km`."""
        if self.empty:
            return pd.DataFrame(columns=[*COLUMNS, "distance_km"])
        dlat = km / 111.0
        dlon = km / (111.0 * max(0.01, math.cos(math.radians(lat))))
        box = replace(query, bbox=(lon - dlon, lat - dlat, lon + dlon, lat + dlat))
        w = where(box)
        # Haversine on the rows the box lets through: exact enough for "within N km" and needs no extension.
        distance = (
            f"2 * {EARTH_RADIUS_KM} * asin(sqrt(pow(sin(radians(lat - ?) / 2), 2) + "
            "cos(radians(?)) * cos(radians(lat)) * pow(sin(radians(lon - ?) / 2), 2)))"
        )
        return self._frame(
            f"SELECT * FROM (SELECT *, {distance} AS distance_km FROM events WHERE {w.sql}) "
            "WHERE distance_km <= ? ORDER BY distance_km, date DESC",
            [lat, lat, lon, *w.params, km],
        )

    def bins(self, query: EventQuery, zoom: int) -> pd.DataFrame:
        """Grid bins of the window's events at a zoom level: cell id, mean position, count, fatalities."""
        if self.empty:
            return pd.DataFrame(columns=["cell", "lat", "lon", "events", "fatalities", "approximate"])
        size = cell_size(zoom)
        w = where(query)
        # Grouped on integer cell numbers; the text id is made only for the few groups.
        return self._frame(
            f"SELECT '{int(zoom)}/' || ix || '/' || iy AS cell, lat, lon, events, fatalities, approximate FROM ("
            f"SELECT CAST(floor((lon + 180) / {size}) AS INTEGER) AS ix, CAST(floor((lat + 90) / {size}) AS INTEGER)"
            " AS iy, avg(lat) AS lat, avg(lon) AS lon, count(*) AS events, sum(fatalities) AS fatalities, "
            "count(*) FILTER (WHERE flags & 1 = 1) AS approximate "
            f"FROM slim WHERE {w.sql} GROUP BY ix, iy) ORDER BY events DESC",
            w.params,
        )

    def daily_cells(self, query: EventQuery, zoom: int, keep: int = 16) -> DailyCells:
        """The query's filters (not its window) as per-day cells at a zoom; the last `keep` are kept."""
        key = (replace(query, end=date.min, days=1), int(zoom))
        with self._lock:
            if key in self._indexes:
                self._indexes.move_to_end(key)
                return self._indexes[key]
        index = self._daily_cells(query, int(zoom))
        with self._lock:
            self._indexes[key] = index
            while len(self._indexes) > keep:
                self._indexes.popitem(last=False)
        return index

    def _daily_cells(self, query: EventQuery, zoom: int) -> DailyCells:
        size = cell_size(zoom)
        w = where(query, window=False)
        db = self._db.cursor()
        cells = db.execute(
            f"SELECT date_diff('day', DATE '0001-01-01', date) + 1 AS day, "
            f"CAST(floor((lon + 180) / {size}) AS BIGINT) * {ROW_SPAN} + CAST(floor((lat + 90) / {size}) AS BIGINT), "
            "count(*), count(*) FILTER (WHERE flags & 1 = 1), sum(lat), sum(lon) "
            f"FROM slim WHERE {w.sql} GROUP BY 1, 2 ORDER BY 1",
            w.params,
        ).fetchnumpy()
        day = "date_diff('day', DATE '0001-01-01', date) + 1"
        types = db.execute(
            f"SELECT {day} AS d, type, count(*) FROM slim WHERE {w.sql} GROUP BY 1, 2 ORDER BY 1", w.params
        ).fetchnumpy()
        providers = db.execute(
            f"SELECT DISTINCT {day} AS d, provider FROM slim WHERE {w.sql} ORDER BY 1", w.params
        ).fetchnumpy()
        c, t, p = (list(x.values()) for x in (cells, types, providers))
        points = None
        if int(np.sum(c[2])) <= POINTS_KEPT:
            points = db.execute(
                f"SELECT {day} AS day, provider || ':' || event_id AS key, round(lat, 4) AS lat, round(lon, 4) AS lon, "
                f"type, CAST(flags AS INTEGER) AS flags, CAST(fatalities AS INTEGER) AS fatalities FROM slim "
                f"WHERE {w.sql} ORDER BY date, event_id DESC",
                w.params,
            ).fetchnumpy()
            points = {k: np.asarray(v, dtype=object if k in ("key", "type") else None) for k, v in points.items()}
        return DailyCells(
            zoom,
            *(np.asarray(v) for v in c),
            np.asarray(t[0]),
            np.asarray(t[1], dtype=object),
            np.asarray(t[2]),
            np.asarray(p[0]),
            np.asarray(p[1], dtype=object),
            points,
        )

    def in_cell(self, query: EventQuery, cell: str, limit: int = 200) -> pd.DataFrame:
        """The window's events in one grid cell (a clicked bin), newest first."""
        zoom, ix, iy = (int(part) for part in cell.split("/"))
        size = cell_size(zoom)
        box = (ix * size - 180, iy * size - 90, (ix + 1) * size - 180, (iy + 1) * size - 90)
        frame = self.window(replace(query, bbox=box))
        # BETWEEN includes both edges; keep the cell's own half-open range, as the binning does.
        inside = (frame["lon"] < box[2]) & (frame["lat"] < box[3])
        return frame[inside].head(limit)

    def rows(self, keys: list[str]) -> pd.DataFrame:
        """The events with these keys (`provider:event_id`), whatever their date, as a table."""
        if self.empty or not keys:
            return pd.DataFrame(columns=list(COLUMNS))
        return self._frame("SELECT * FROM events WHERE list_contains(?, provider || ':' || event_id)", [list(keys)])

    def events(self, keys: list[str]) -> list[Event]:
        """The events with these keys (`provider:event_id`), in the order given."""
        frame = self.rows(keys)
        found = {f"{r.provider}:{r.event_id}": event_of(r) for r in frame.itertuples(index=False)}
        return [found[k] for k in keys if k in found]

    def type_counts(self, query: EventQuery) -> dict[str, int]:
        """Events per type in the query's window (the map legend's rows)."""
        if self.empty:
            return {}
        w = where(query)
        sql = f"SELECT type, count(*) FROM slim WHERE {w.sql} GROUP BY 1 ORDER BY 2 DESC"
        return dict(self._db.cursor().execute(sql, w.params).fetchall())

    def types(self) -> dict[str, list[str]]:
        """Each event type with its sub-types, for the filter widgets."""
        if self.empty:
            return {}
        frame = self._frame("SELECT DISTINCT type, sub_type FROM slim ORDER BY 1, 2")
        out: dict[str, list[str]] = {}
        for row in frame.itertuples(index=False):
            out.setdefault(row.type, [])
            if row.sub_type:
                out[row.type].append(row.sub_type)
        return out

    def providers(self, query: EventQuery | None = None) -> list[str]:
        """Providers with events (in the query's window, if given): whose credit line must be shown."""
        if self.empty:
            return []
        w = where(query) if query else Where("TRUE", [])
        rows = self._db.cursor().execute(f"SELECT DISTINCT provider FROM slim WHERE {w.sql}", w.params).fetchall()
        return [p for p in PROVIDERS if (p,) in rows]


def event_of(row) -> Event:
    """An Event from a query row (a namedtuple with COLUMNS)."""
    values = {c: getattr(row, c) for c in COLUMNS}
    values["date"] = pd.Timestamp(values["date"]).date()
    values["fatalities"] = int(values["fatalities"])
    return Event(**values)
