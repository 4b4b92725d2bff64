"""Benchmark the static exports: one PNG, and the full-period GIF against a naive redraw-everything baseline.

The naive GIF is what one would write first: `render_png` for every day (a fresh figure with the basemap,
labels and legend redrawn, then PNG-encoded), each frame decoded and quantized to its own palette.
The real `render_gif` keeps one figure and swaps only the day's layers. Both run here, in the same
process on the same data, so the ratio is meaningful (not a test: timings depend on the machine).
Usage: python scripts/bench_exports.py [--repeat N] [--width 1600 --height 1200 --dpi 200] [--focus corridor]
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from datetime import date, timedelta

from _bootstrap import DEFAULT_GEODATA
from dashboard.render.static_map import render_gif, render_png
from PIL import Image

from dashboard.core import build_cells, load_dataset
from dashboard.core.loader import Dataset
from dashboard.core.territory import Cells
from dashboard.render.style import FOCUS_PRESETS


def naive_gif(
    dataset: Dataset,
    start: date,
    end: date,
    cells: Cells,
    *,
    bbox,
    width: int,
    height: int,
    dpi: int,
    frame_ms: int = 700,
) -> bytes:
    """The baseline: one full `render_png` per day, decoded and quantized frame by frame."""
    frames = []
    day = start
    while day <= end:
        png = render_png(dataset, day, cells, bbox=bbox, width=width, height=height, dpi=dpi)
        frames.append(Image.open(io.BytesIO(png)).convert("RGB").quantize(colors=256))
        day += timedelta(days=1)
    buffer = io.BytesIO()
    frames[0].save(
        buffer, format="GIF", save_all=True, append_images=frames[1:], duration=frame_ms, loop=0, optimize=True
    )
    return buffer.getvalue()


def timed(func, *args, **kwargs) -> tuple[float, bytes]:
    start = time.perf_counter()
    result = func(*args, **kwargs)
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="PNG runs for the median")
    parser.add_argument("--width", type=int, default=1600)
    parser.add_argument("--height", type=int, default=1200)
    parser.add_argument("--dpi", type=int, default=200)
    parser.add_argument("--focus", default="corridor", choices=sorted(FOCUS_PRESETS))
    args = parser.parse_args()
    size = dict(bbox=FOCUS_PRESETS[args.focus], width=args.width, height=args.height, dpi=args.dpi)

    start = time.perf_counter()
    dataset = load_dataset(DEFAULT_GEODATA)
    cells = build_cells(dataset)
    print(f"load + validate + cells (once, not counted below): {(time.perf_counter() - start) * 1000:.0f} ms")
    first, last = dataset.metadata.baseline_date, dataset.metadata.end_date
    frames = (last - first).days + 1
    print(f"image: {args.width}x{args.height} px @ {args.dpi} dpi, framing '{args.focus}'")

    render_png(dataset, date(2024, 12, 6), cells, **size)  # warm-up: fonts, caches, imports
    samples = []
    png = b""
    for i in range(args.repeat):
        day = first + timedelta(days=i % frames)
        elapsed, png = timed(render_png, dataset, day, cells, **size)
        samples.append(elapsed)
    print(
        f"PNG, one day:            median {statistics.median(samples) * 1000:6.0f} ms "
        f"(min {min(samples) * 1000:.0f}, max {max(samples) * 1000:.0f}, {args.repeat} runs; {len(png):,} bytes)"
    )

    fast, gif = timed(render_gif, dataset, first, last, cells, **size)
    naive, naive_bytes = timed(naive_gif, dataset, first, last, cells, **size)
    print(
        f"GIF, {frames} frames, render_gif:  {fast:6.2f} s  ({fast / frames * 1000:.0f} ms/frame; {len(gif):,} bytes)"
    )
    print(
        f"GIF, {frames} frames, naive:       {naive:6.2f} s  ({naive / frames * 1000:.0f} ms/frame; "
        f"{len(naive_bytes):,} bytes)"
    )
    print(f"speed-up of render_gif over the naive baseline: {naive / fast:.1f}x")


if __name__ == "__main__":
    main()
