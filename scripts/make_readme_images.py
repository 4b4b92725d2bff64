"""Regenerate the README's pictures from the bundled data: a screenshot of the app and an exported map.

Usage: python scripts/make_readme_images.py [--out docs]
Starts the app on a free local port, opens it in Debian's Chromium (offline), and saves
docs/dashboard.png; then exports docs/map-2024-12-06.png and docs/timeline.gif with the CLI's code.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from _bootstrap import DEFAULT_GEODATA, ROOT

sys.path.insert(0, str(ROOT))
from playwright.sync_api import sync_playwright  # noqa: E402

from dashboard.core import build_cells, load_dataset  # noqa: E402
from dashboard.core.files import write_atomic  # noqa: E402
from dashboard.render.exports import ExportOptions, export_bytes  # noqa: E402
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, StreamlitServer, map_frame, wait_for_app  # noqa: E402


def app_screenshot(out: Path) -> None:
    server = StreamlitServer()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1440, "height": 1000})
            page.goto(f"{server.url}/?date=2024-12-06&place=hama")
            wait_for_app(page)
            map_frame(page).locator("path.place-hama").wait_for(timeout=60_000)
            page.wait_for_timeout(1000)  # let Leaflet finish drawing labels
            page.screenshot(path=str(out))
            browser.close()
    finally:
        server.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    app_screenshot(args.out / "dashboard.png")
    dataset = load_dataset(DEFAULT_GEODATA)
    cells = build_cells(dataset)
    write_atomic(args.out / "map-2024-12-06.png", export_bytes(dataset, cells, "png", date(2024, 12, 6)))
    small = ExportOptions(width=800, height=600, dpi=100)
    write_atomic(args.out / "timeline.gif", export_bytes(dataset, cells, "gif", date(2024, 12, 12), small))
    print(f"wrote {', '.join(p.name for p in sorted(args.out.iterdir()))} in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
