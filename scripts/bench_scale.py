"""Scaling benchmark: a generated whole war at 100, 1,000 and 10,000 places beside Syria, in the same run.

Each dataset is made by scripts/devkit/whole_war.py (15 years on Syria's boundaries, three handovers per
place: 30,000 at 10,000 places) and measured as a user meets it:

  validate       `conflict-map validate DIR`, the whole process
  PNG cold       `conflict-map export --format png`, the whole process, with an empty prepared-data cache
  PNG warm       the same again (median of --repeat runs): the prepared dataset, projected basemap and
                 measured texts come from the cache. Syria's is printed beside its own target
                 (SYRIA_PNG_WARM_S: newsrooms script exports in batches, one process per file)
  GIF year       a GIF of the last year with weekly frames (Syria: its whole period, weekly), warm cache
  HTML           whole-period HTML export: time (warm cache) and size
  payload        the browser's data: bytes and gzipped bytes
  prepare        what the app does once per dataset version: load, days, area series, browser data
  RSS            the peak memory of that preparing process (what a server holds per dataset, roughly)
  reload         after editing one record: load again, reuse the partition, area series, browser data

Not a test: figures depend on the machine (2 shared cores here). Usage:
  python scripts/bench_scale.py [--places 100,1000,10000] [--years 15] [--repeat 3] [--work DIR]
  (--places "" measures Syria alone)
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SYRIA = ROOT / "geodata" / "syria-2024"
TARGETS = {"validate_s": 10, "png_warm_s": 3, "gif_s": 20, "html_s": 60, "html_mb": 10, "rss_mb": 1024, "reload_s": 2}
#: Syria's PNG as a whole `conflict-map export` process, warm cache (issue #22).
SYRIA_PNG_WARM_S = 1.0


def cli(*args: str, cache: Path) -> float:
    """Run `python -m dashboard.cli ARGS` and return its wall time (it must succeed)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), CONFLICT_MAP_CACHE=str(cache))
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "dashboard.cli", *args], check=True, capture_output=True, env=env)
    return time.perf_counter() - started


def measure_in_process(folder: Path) -> dict:
    """Preparation, payload, peak RSS and hot reload, in this (child) process."""
    sys.path.insert(0, str(ROOT))
    from dashboard.core import load_dataset
    from dashboard.core.io.prepared import days_for
    from dashboard.core.stats import area_timeseries
    from dashboard.render.payload import build_payload, payload_json

    def prepare():
        days = days_for(load_dataset(folder))
        area_timeseries(days)
        data = payload_json(build_payload(days))
        assert days[days.dataset.end].territory is not None  # the first map the app draws
        return data

    started = time.perf_counter()
    data = prepare()
    prepare_s = time.perf_counter() - started
    places = folder / "places.geojson"
    text = places.read_text(encoding="utf-8")
    for old, new in (
        ('"certainty":"reported"', '"certainty":"disputed"'),
        ('"certainty": "reported"', '"certainty": "disputed"'),
    ):
        if old in text:
            places.write_text(text.replace(old, new, 1), encoding="utf-8")
            break
    try:
        started = time.perf_counter()
        prepare()
        reload_s = time.perf_counter() - started
    finally:
        places.write_text(text, encoding="utf-8")
    return {
        "prepare_s": prepare_s,
        "reload_s": reload_s,
        "payload_mb": len(data) / 1e6,
        "payload_gz_mb": len(gzip.compress(data)) / 1e6,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def measure(name: str, folder: Path, work: Path, repeat: int) -> dict:
    """Every figure for one dataset folder."""
    cache, out = work / f"cache-{name}", work / f"out-{name}"
    out.mkdir(parents=True, exist_ok=True)
    manifest = json.loads((folder / "dataset.json").read_text(encoding="utf-8"))
    first, end = (date.fromisoformat(manifest["period"][k]) for k in ("baseline", "end"))
    start = max(first, end - timedelta(days=364))
    row: dict = {"dataset": name, "validate_s": cli("validate", str(folder), cache=cache)}
    png = ("export", "--data", str(folder), "--format", "png", "--out", str(out / "map.png"))
    row["png_cold_s"] = cli(*png, cache=cache)
    row["png_warm_s"] = statistics.median(cli(*png, cache=cache) for _ in range(repeat))
    row["repeat"] = repeat
    gif = ("--format", "gif", "--out", str(out / "year.gif"), "--every", "7")
    row["gif_s"] = cli("export", "--data", str(folder), *gif, "--start", str(start), "--end", str(end), cache=cache)
    row["html_s"] = cli(
        "export", "--data", str(folder), "--format", "html", "--out", str(out / "map.html"), cache=cache
    )
    row["html_mb"] = (out / "map.html").stat().st_size / 1e6
    child = subprocess.run(
        [sys.executable, __file__, "--in-process", str(folder)], check=True, capture_output=True, text=True
    )
    row |= json.loads(child.stdout.strip().splitlines()[-1])
    return row


def print_table(rows: list[dict]) -> None:
    columns = [
        ("validate_s", "validate s"),
        ("png_cold_s", "PNG cold s"),
        ("png_warm_s", "PNG warm s"),
        ("gif_s", "GIF year s"),
        ("html_s", "HTML s"),
        ("html_mb", "HTML MB"),
        ("payload_mb", "payload MB"),
        ("payload_gz_mb", "payload gz MB"),
        ("prepare_s", "prepare s"),
        ("rss_mb", "RSS MB"),
        ("reload_s", "reload s"),
    ]
    print("| dataset | " + " | ".join(title for _, title in columns) + " |")
    print("|---|" + "---:|" * len(columns))
    for row in rows:
        print(f"| {row['dataset']} | " + " | ".join(f"{row[key]:.1f}" for key, _ in columns) + " |")
    print(
        "| target (10,000 places) | " + " | ".join(f"≤ {TARGETS[k]}" if k in TARGETS else "" for k, _ in columns) + " |"
    )
    syria = rows[0]
    print(
        f"\n{syria['dataset']}: PNG as a whole process, warm cache: {syria['png_warm_s']:.2f} s "
        f"(median of {syria['repeat']}), cold {syria['png_cold_s']:.2f} s; target ≤ {SYRIA_PNG_WARM_S:g} s warm"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--places", default="100,1000,10000")
    parser.add_argument("--years", type=int, default=15)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", type=Path, default=None)
    parser.add_argument("--in-process", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.in_process:
        print(json.dumps(measure_in_process(args.in_process)))
        return 0
    sys.path.insert(0, str(ROOT / "scripts"))
    from devkit.whole_war import generate

    work = args.work or Path(tempfile.mkdtemp(prefix="bench-scale-"))
    syria = work / SYRIA.name  # a copy: the reload figure edits a record
    if not syria.exists():
        shutil.copytree(SYRIA, syria)
    rows = [measure("Syria (bundled)", syria, work, args.repeat)]
    for places in (int(n) for n in args.places.split(",") if n.strip()):
        folder = generate(work / f"war-{places}", places=places, years=args.years, changes=3 * places)
        rows.append(measure(f"{places:,} places, {args.years} y", folder, work, args.repeat))
        print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    print_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
