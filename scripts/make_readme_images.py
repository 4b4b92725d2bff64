"""Regenerate the README's pictures from the bundled data: screenshots of the app and exported maps.

Usage: python scripts/make_readme_images.py [--out docs] [--data geodata/syria-2024] [--sudan geodata/sudan-2025]
Starts the app on a free local port and opens it in Debian's Chromium (offline) at 1440x900, then exports
with the code behind the download buttons and `conflict-map export`:
  dashboard.png                        the app on ?date=2024-12-12
  map-2024-12-06.png                   PNG export, framing 'country'
  compare-2024-11-26-to-2024-12-08.png what changed hands between the two dates
  arabic-2024-12-06.png                the PNG export in Arabic
  timeline.gif                         the whole period, 800x600
  sudan-2025-10-29.png, sudan-dashboard.png   when the Sudan data exists (the app on ?date=2025-10-29)
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from devkit.browser import CHROMIUM, CHROMIUM_ARGS, settle, wait_for_map_date
from devkit.server import ROOT, StreamlitServer
from playwright.sync_api import sync_playwright

from dashboard.core import Days, load_dataset
from dashboard.core.io.files import write_atomic
from dashboard.render.exports import ExportRequest, ImageSize, export_bytes

VIEWPORT = {"width": 1440, "height": 900}
SMALL = ImageSize(width=800, height=600, dpi=100)


def app_screenshot(out: Path, geodata: Path, day: str) -> None:
    """The app serving `geodata`, opened on `?date=day`, once the map shows that day (viewport only)."""
    with StreamlitServer(geodata=geodata) as server, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport=VIEWPORT)
            page.goto(f"{server.url}/?date={day}")
            wait_for_map_date(page, day, timeout=180_000)
            settle(page)
            page.wait_for_timeout(1000)  # let Leaflet finish drawing labels and tiles of the basemap
            page.screenshot(path=str(out))
        finally:
            browser.close()


def export(out: Path, days: Days, request: ExportRequest) -> None:
    """Write one export to `out`."""
    write_atomic(out, export_bytes(days, request))


def main() -> int:
    """Every picture; the Sudan ones only when that dataset is there."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    parser.add_argument("--data", type=Path, default=ROOT / "geodata" / "syria-2024", help="the Syria dataset")
    parser.add_argument("--sudan", type=Path, default=ROOT / "geodata" / "sudan-2025", help="the Sudan dataset")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    written = []

    app_screenshot(args.out / "dashboard.png", args.data, "2024-12-12")
    written.append("dashboard.png")
    days = Days(load_dataset(args.data))
    for name, request in (
        ("map-2024-12-06.png", ExportRequest("png", date(2024, 12, 6), framing="country")),
        (
            "compare-2024-11-26-to-2024-12-08.png",
            ExportRequest("png", date(2024, 12, 8), compare_to=date(2024, 11, 26)),
        ),
        ("arabic-2024-12-06.png", ExportRequest("png", date(2024, 12, 6), lang="ar")),
        ("timeline.gif", ExportRequest("gif", days.dataset.end, size=SMALL)),
    ):
        export(args.out / name, days, request)
        written.append(name)

    if (args.sudan / "dataset.json").is_file():
        sudan = Days(load_dataset(args.sudan))
        export(args.out / "sudan-2025-10-29.png", sudan, ExportRequest("png", date(2025, 10, 29)))
        app_screenshot(args.out / "sudan-dashboard.png", args.sudan, "2025-10-29")
        written += ["sudan-2025-10-29.png", "sudan-dashboard.png"]
    else:
        print(f"no Sudan data in {args.sudan}: its pictures are left as they are")
    print(f"wrote {', '.join(written)} in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
