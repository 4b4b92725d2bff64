"""The naive baseline app (naive_app.py) on a local server, served the way Streamlit needs it.

Streamlit serves static files only from `<main script folder>/static`, and the baseline's map loads
Leaflet from this app's files (never a CDN). So the script is copied into a temporary folder beside a
`static` link to dashboard/static, and run from the repository root like the app: the repository's
.streamlit/config.toml applies and `import dashboard` finds this checkout.

    with NaiveApp(geodata="geodata/syria-2024") as server:
        print(server.url)
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from .server import ROOT, StreamlitServer

SCRIPT = Path(__file__).resolve().parent / "naive_app.py"


class NaiveApp(StreamlitServer):
    """`streamlit run naive_app.py` from a temporary folder (removed by `stop()`); see the module docstring."""

    def __init__(self, geodata: Path | str | None = None, root: Path = ROOT):
        self.folder = Path(tempfile.mkdtemp(prefix="naive-app-"))
        try:
            shutil.copy2(SCRIPT, self.folder / SCRIPT.name)
            (self.folder / "static").symlink_to(root / "dashboard" / "static", target_is_directory=True)
            super().__init__(geodata, script=str(self.folder / SCRIPT.name), cwd=root)
        except BaseException:
            shutil.rmtree(self.folder, ignore_errors=True)
            raise

    def stop(self) -> None:
        """End the server and remove the temporary folder (the link only, never dashboard/static)."""
        super().stop()
        shutil.rmtree(self.folder, ignore_errors=True)
