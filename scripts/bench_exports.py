"""Benchmark every export the app and `conflict-map export` offer, and the GIF against a naive baseline.

Each export goes through `export_bytes` (the code behind the download buttons and the command line): a day's
PNG (median of --repeat), the comparison PNG, the GIF and the MP4 of the period (one frame every --every
days), and the interactive HTML (its size too). The naive GIF is what one would write first: a full
`render_png` for every frame (a fresh figure with basemap, labels and legend, PNG-encoded), each decoded and
quantized to its own palette. The real GIF keeps one figure and redraws only the day's layers. All run in
this process on the same data, after one warm-up PNG (not a test: timings depend on the machine).

Usage: python scripts/bench_exports.py [--data DIR] [--repeat N] [--every N] [--framing ID]
                                       [--width 1600 --height 1200 --dpi 200] [--no-naive]
"""

from __future__ import annotations

import argparse
import gzip
import io
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from devkit.server import ROOT
from devkit.stats import percentile
from PIL import Image

from dashboard.core import Days, load_dataset
from dashboard.render import static
from dashboard.render.exports import ExportRequest, ImageSize, animation_dates, export_bytes

DEFAULT_DATA = ROOT / "geodata" / "syria-2024"


@dataclass(frozen=True)
class Timing:
    """One export: seconds, the file's size, and how many map frames it drew."""

    seconds: float
    size: int
    frames: int = 1


def timed(func: Callable[[], bytes], frames: int = 1) -> Timing:
    """Run an export once."""
    start = time.perf_counter()
    data = func()
    return Timing(time.perf_counter() - start, len(data), frames)


def naive_gif(days: Days, dates: list[date], frame: static.Frame, frame_ms: int = 700) -> bytes:
    """The baseline: one full `render_png` per date, decoded and quantized frame by frame."""
    frames = [
        Image.open(io.BytesIO(static.render_png(days, day, frame))).convert("RGB").quantize(colors=256) for day in dates
    ]
    buffer = io.BytesIO()
    frames[0].save(
        buffer, format="GIF", save_all=True, append_images=frames[1:], duration=frame_ms, loop=0, optimize=True
    )
    return buffer.getvalue()


def static_frame(days: Days, request: ExportRequest) -> static.Frame:
    """The image frame `export_bytes` draws for this request (same bbox, size and framing label)."""
    resolved = request.resolved(days.dataset)
    label = days.dataset.manifest.framing(resolved.framing).label if resolved.framing else None
    size = request.size
    return static.Frame(resolved.bbox, size.width, size.height, size.dpi, label=label)


def row(name: str, t: Timing, png: Timing, note: str = "") -> None:
    """One line of the table: time, per frame, against one PNG, bytes."""
    per_frame = f"{t.seconds / t.frames * 1000:10.0f}" if t.frames > 1 else f"{'':10}"
    print(f"{name:44}{t.seconds * 1000:9.0f}{per_frame}{t.seconds / png.seconds:8.1f}x{t.size:>12,}  {note}".rstrip())


def main() -> None:
    """Time every export once (the PNG --repeat times) and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="dataset folder (default: syria-2024)")
    parser.add_argument("--repeat", type=int, default=5, help="PNG runs for the median")
    parser.add_argument("--every", type=int, help="animation step in days (default: the dataset's)")
    parser.add_argument("--framing", help="framing id (default: the dataset's default view)")
    parser.add_argument("--width", type=int, default=1600)
    parser.add_argument("--height", type=int, default=1200)
    parser.add_argument("--dpi", type=int, default=200)
    parser.add_argument("--no-naive", action="store_true", help="skip the naive GIF baseline")
    args = parser.parse_args()

    start = time.perf_counter()
    dataset = load_dataset(args.data)
    days = Days(dataset)
    list(days)  # every day's territory, once (the app does this when it prepares a dataset)
    print(
        f"{dataset.id}: load + Days for {len(days.keyframes)} keyframes (once, not counted below): "
        f"{(time.perf_counter() - start) * 1000:.0f} ms"
    )
    view = dataset.manifest.default_view
    base = ExportRequest(
        "png", view.date, framing=args.framing, size=ImageSize(args.width, args.height, args.dpi), every=args.every
    )
    animation = replace(base, format="gif")
    dates = animation_dates(dataset, animation)
    every = args.every or dataset.manifest.animation_every_days
    framing = args.framing or view.framing
    print(
        f"image: {args.width}x{args.height} px @ {args.dpi} dpi, framing '{framing}'; day {view.date}; "
        f"animation {dates[0]} to {dates[-1]} every {every} day(s): {len(dates)} frames"
    )

    export_bytes(days, base)  # warm-up: fonts, caches, imports
    pngs = [timed(lambda: export_bytes(days, base)) for _ in range(args.repeat)]
    png = Timing(percentile([t.seconds for t in pngs], 0.5), pngs[-1].size)
    comparison = timed(lambda: export_bytes(days, replace(base, compare_to=dataset.baseline)))
    gif = timed(lambda: export_bytes(days, animation), len(dates))
    mp4 = timed(lambda: export_bytes(days, replace(animation, format="mp4")), len(dates))
    html_bytes = b""

    def html() -> bytes:
        nonlocal html_bytes
        html_bytes = export_bytes(days, replace(base, format="html"))
        return html_bytes

    page = timed(html)

    print(f"{'export':44}{'ms':>9}{'ms/frame':>10}{'vs PNG':>9}{'bytes':>12}")
    row(f"PNG, one day (median of {args.repeat})", png, png)
    row(f"comparison PNG ({dataset.baseline} to {view.date})", comparison, png)
    row(f"GIF, {len(dates)} frames", gif, png)
    row(f"MP4, {len(dates)} frames", mp4, png)
    row("HTML, interactive, whole period", page, png, f"gzip {len(gzip.compress(html_bytes)):,} bytes")
    if not args.no_naive:
        frame = static_frame(days, base)
        naive = timed(lambda: naive_gif(days, dates, frame), len(dates))
        row(f"GIF, {len(dates)} frames, naive baseline", naive, png)
        print(
            f"speed-up of the GIF export over the naive baseline (same frames, same run): "
            f"{naive.seconds / gif.seconds:.1f}x"
        )
    print(f"HTML file size: {page.size:,} bytes ({page.size / 2**20:.2f} MB)")


if __name__ == "__main__":
    main()
