"""The naive baseline app (naive_app.py) on a local server, served the way Streamlit needs it.

Streamlit serves static files only from `<main script folder>/static`, and the baseline's map loads
Leaflet and the map code from this app's files (never a CDN). So the script is copied into a temporary
folder beside a `static` folder holding copies of them (Leaflet from its XStatic package, the map code from
dashboard/static), and run from the repository root with the app's settings plus static serving.

    with NaiveApp(geodata="geodata/syria-2024") as server:
        print(server.url)
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from dashboard.render.assets import LEAFLET_DIR

from .server import ROOT, Launch, StreamlitServer

SCRIPT = Path(__file__).resolve().parent / "naive_app.py"


class NaiveApp(StreamlitServer):
    """`streamlit run naive_app.py` from a temporary folder (removed by `stop()`); see the module docstring."""

    def __init__(self, geodata: Path | str | None = None, root: Path = ROOT):
        self.folder = Path(tempfile.mkdtemp(prefix="naive-app-"))
        try:
            shutil.copy2(SCRIPT, self.folder / SCRIPT.name)
            static = self.folder / "static"
            shutil.copytree(root / "dashboard" / "static", static)
            shutil.copytree(LEAFLET_DIR, static / "leaflet", ignore=shutil.ignore_patterns("*.map", "*esm*", "*-src*"))
            launch = Launch(args=("--server.enableStaticServing", "true"))
            super().__init__(geodata, script=str(self.folder / SCRIPT.name), cwd=root, launch=launch)
        except BaseException:
            shutil.rmtree(self.folder, ignore_errors=True)
            raise

    def stop(self) -> None:
        """End the server and remove the temporary folder (copies only, never dashboard/static)."""
        super().stop()
        shutil.rmtree(self.folder, ignore_errors=True)
