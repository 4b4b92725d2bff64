"""Benchmark drawn territory at scale: import and validate a generated series of daily control maps.

Generates (scripts/devkit/drawn_series.py) a series of daily shapes of about 3,000 vertices in the
Sudan dataset's outline (RSF) and the rest of the country each day (SAF, meeting it along the front),
copies the dataset with its period stretched to cover the series, then times in the same run:
  import              `conflict-map import-areas` on each folder of daily GeoJSON files (target <= 60 s)
  validate            `load_dataset` of the copy with the stored series, after each import, the second
                      time with the overlap check between the two controllers (target <= 10 s)
  stored size         each drawn/<series>.geojson, raw and gzipped
  territory           Days (partition, owner timeline) and the area series with the drawn shapes counted
  browser data        the payload (build_payload) raw and gzipped, and its `drawn` member alone
  PNG                 one PNG export on a drawn day (its territory computed first), then a second day
  HTML                the whole-period HTML export's size, beside Syria's from the same run
  app (--app)         the app in Chromium (Debian's, driven by Playwright) on the series and on Syria, one
                      server each with an empty cache: the first map (cold: preparation included; warm: a
                      second visit; after a restart: a new server on the same cache), then slider steps
                      (key press -> the map shows the day), p50 and p95
beside the load + validate time of the bundled Syria and Sudan datasets (no drawn shapes).

Usage: python scripts/bench_drawn.py [--days 760] [--vertices 2500] [--keep DIR] [--app] [--app-only DIR]
  --app-only DIR      only the app phase, on a series kept earlier with --keep DIR
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import tempfile
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from devkit.drawn_series import SUDAN, Spec, write_series
from devkit.server import ROOT

from dashboard.authoring.drawn_import import ImportOptions, import_areas
from dashboard.core import Dataset, Days, load_dataset
from dashboard.core.stats import area_timeseries
from dashboard.render.exports import ExportRequest, ImageSize, export_bytes
from dashboard.render.payload import build_payload, payload_json

SYRIA = ROOT / "geodata" / "syria-2024"


@dataclass(frozen=True)
class Took:
    """Wall-clock and CPU seconds: on a shared machine the wall clock also counts other people's work."""

    wall: float
    cpu: float

    def __str__(self) -> str:
        return f"{self.wall:6.2f} s wall, {self.cpu:5.2f} s CPU"


def timed(action) -> tuple[Took, object]:
    """The time `action()` took, and its result."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = action()
    return Took(time.perf_counter() - wall, time.process_time() - cpu), result


def stretched_copy(target: Path, days: int) -> Path:
    """The Sudan dataset with its period's end moved so that `days` daily maps fit in it."""
    folder = shutil.copytree(SUDAN, target)
    manifest = json.loads((folder / "dataset.json").read_text(encoding="utf-8"))
    baseline = load_dataset(SUDAN).baseline
    manifest["period"]["end"] = max(manifest["period"]["end"], (baseline + timedelta(days=days)).isoformat())
    (folder / "dataset.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    return folder


def main() -> int:
    """Generate, import, validate; print the figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--days", type=int, default=760)
    parser.add_argument("--vertices", type=int, default=2500, help="points along the front (plus the border's)")
    parser.add_argument("--keep", type=Path, help="keep the generated files and dataset copy in this folder")
    parser.add_argument("--app", action="store_true", help="also time the app in Chromium, beside Syria")
    parser.add_argument("--app-only", type=Path, help="only the app phase, on a folder kept with --keep")
    parser.add_argument("--steps", type=int, default=20, help="slider steps timed per dataset")
    args = parser.parse_args()
    if args.app_only:
        _app_figures(args.app_only / "sudan-drawn", args.steps)
        return 0
    with tempfile.TemporaryDirectory() as scratch:
        work = args.keep or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(work / "sudan-drawn", ignore_errors=True)
        shutil.rmtree(work / "maps", ignore_errors=True)
        dataset = stretched_copy(work / "sudan-drawn", args.days)
        start = load_dataset(dataset).baseline
        outline = load_dataset(dataset).outline
        took, counts = timed(
            lambda: write_series(work / "maps", outline, Spec(args.days, start, args.vertices), work / "other")
        )
        print(f"generated   {len(counts)} daily maps, {sum(counts) / len(counts):,.0f} vertices a day, in {took}")
        source = _a_source(dataset)
        for controller, maps in (("RSF", work / "maps"), ("SAF", work / "other")):
            options = ImportOptions(controller=controller, sources=(source,), date_pattern="control_%Y%m%d.geojson")
            took, report = timed(lambda options=options, maps=maps: import_areas(dataset, [maps], options))
            (series,) = report.series
            print(
                f"import      {took}  (target <= 60 s) {controller}: {series.days_read} days read, "
                f"{series.days_unchanged} identical to the day before, {series.days_stored} stored"
            )
            took, loaded = timed(lambda: load_dataset(dataset))
            print(f"validate    {took}  (target <= 10 s): {len(loaded.drawn.shapes)} drawn shapes")
        for name, folder in (("Syria", SYRIA), ("Sudan", SUDAN)):
            took, _ = timed(lambda folder=folder: load_dataset(folder))
            print(f"  beside: {name} load + validate {took} (no drawn shapes)")
        for path in sorted((dataset / "drawn").iterdir()):
            stored = path.read_bytes()
            gzipped = len(gzip.compress(stored, 6)) / 2**20
            print(f"stored      {path.name}: {len(stored) / 2**20:.1f} MB, {gzipped:.1f} MB gzipped")
        _map_figures(load_dataset(dataset), start)
        if args.app:
            _app_figures(dataset, args.steps)
    return 0


def _megabytes(data: bytes) -> str:
    return f"{len(data) / 2**20:.1f} MB, {len(gzip.compress(data, 6)) / 2**20:.1f} MB gzipped"


def _map_figures(dataset: Dataset, start: date) -> None:
    """The drawn territory's cost on the map: territory, browser data, a PNG, the whole-period HTML."""
    took, days = timed(lambda: Days(dataset))
    print(f"territory   {took}  Days: {len(days.keyframes)} keyframes")
    took, series = timed(lambda: area_timeseries(days))
    print(f"            {took}  area series with the drawn shapes counted ({len(series):,} rows)")
    took, payload = timed(lambda: build_payload(days))
    print(f"browser     {took}  whole payload {_megabytes(payload_json(payload))}")
    print(f"            drawn member alone {_megabytes(payload_json(payload.get('drawn', {})))}")
    for day in (start + timedelta(days=30), start + timedelta(days=31)):
        request = ExportRequest("png", day, size=ImageSize(1600, 1200, 200))
        took, png = timed(lambda request=request: export_bytes(days, request))
        print(f"PNG         {took}  {day} ({len(png) / 1024:.0f} kB)")
    took, html = timed(lambda: export_bytes(days, ExportRequest("html", dataset.end)))
    print(f"HTML        {took}  whole period {_megabytes(html)}")
    syria = Days(load_dataset(SYRIA))
    took, html = timed(lambda: export_bytes(syria, ExportRequest("html", syria.dataset.end)))
    print(f"  beside: Syria HTML {took}  whole period {_megabytes(html)}")


def _app_figures(drawn: Path, steps: int) -> None:
    """First map and slider steps in Chromium: the drawn series beside Syria, each on its own server."""
    from devkit.app_timing import time_app

    figures = {}
    for name, folder in (("Syria", SYRIA), ("drawn", drawn)):
        loaded = load_dataset(folder)  # a day a month in (Syria's fortnight: its third day)
        start = loaded.baseline + timedelta(days=min(30, (loaded.end - loaded.baseline).days // 5))
        figures[name] = time_app(folder, start.isoformat(), steps)
        print(f"app         {name:6s} {figures[name]}")
    syria, series = figures["Syria"], figures["drawn"]
    print(
        f"            drawn / Syria: first map cold {series.cold_ms / syria.cold_ms:.1f}x, warm "
        f"{series.warm_ms / syria.warm_ms:.1f}x, after a restart {series.restart_ms / syria.restart_ms:.1f}x "
        f"(target <= 2x); step p50 {series.p50 / syria.p50:.1f}x "
        "(target <= 1.5x)"
    )


def _a_source(dataset: Path) -> str:
    return json.loads((dataset / "sources.json").read_text(encoding="utf-8"))["sources"][0]["id"]


if __name__ == "__main__":
    raise SystemExit(main())
