"""The package installs anywhere: a wheel in a fresh virtual environment runs from an empty folder, and
never writes into its own installed files.

The fresh environment sees this test run's installed dependencies through a .pth file (so the test needs
no network), and `pip check` proves the wheel's declared dependencies are what it needs to resolve.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow


def fingerprint(folder: Path) -> dict[str, str]:
    """Every file under `folder` (byte-code caches aside: CPython's, not ours) and its hash."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh virtual environment with the project's wheel installed; returns its bin folder."""
    work = tmp_path_factory.mktemp("wheel")
    wheels = work / "wheels"
    build = [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation", "-q", "-w"]
    subprocess.run([*build, str(wheels)], check=True, cwd=work)
    (wheel,) = wheels.glob("conflict_map_dashboard-*.whl")
    env_dir = work / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    (Path(site) / "outer-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    pip = [python, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "install", "--no-deps", "--no-index", str(wheel)], check=True)
    return env_dir / "bin"


def package_folder(bin_dir: Path) -> Path:
    code = "import dashboard, pathlib; print(pathlib.Path(dashboard.__file__).parent)"
    out = subprocess.run([bin_dir / "python", "-c", code], check=True, capture_output=True, text=True, cwd="/")
    return Path(out.stdout.strip())


def test_the_wheel_declares_what_it_needs(installed):
    result = subprocess.run([installed / "python", "-m", "pip", "check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    folder = package_folder(installed)
    assert str(folder).startswith(str(installed.parent)), "the installed package is used, not the checkout"
    for asset in (
        "static/index.html",
        "static/host.js",
        "static/map/main.js",
        "static/conflict_map.css",
        "ui/page.css",
    ):
        assert (folder / asset).is_file(), f"{asset} is package data"


def test_the_installed_package_validates_exports_and_serves_from_an_empty_folder(installed, tmp_path, page):
    from devkit.browser import wait_for_map
    from devkit.server import free_port

    from dashboard.deploy import wait_until_healthy

    folder = package_folder(installed)
    before = fingerprint(folder)
    empty = tmp_path / "empty"
    empty.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("CONFLICT_MAP_GEODATA", "PYTHONPATH")}
    env["CONFLICT_MAP_CACHE"] = str(tmp_path / "cache")
    cli = str(installed / "conflict-map")
    data = str(ROOT / "geodata")

    validated = subprocess.run([cli, "validate", "--data", data], cwd=empty, env=env, capture_output=True, text=True)
    assert validated.returncode == 0, validated.stderr
    assert validated.stdout.count("OK: ") >= 2

    nothing = subprocess.run([cli, "validate"], cwd=empty, env=env, capture_output=True, text=True)
    assert nothing.returncode == 1 and "geodata" in nothing.stderr, "no ./geodata here: said in one line"

    png = empty / "syria.png"
    exported = subprocess.run(
        [cli, "export", "--data", f"{data}/syria-2024", "--date", "2024-12-08", "--format", "png", "--out", str(png)],
        cwd=empty,
        env=env,
        capture_output=True,
        text=True,
    )
    assert exported.returncode == 0, exported.stderr
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    port = free_port()
    server = subprocess.Popen(
        [cli, "run", "--data", data, "--port", str(port)],
        cwd=empty,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_healthy(f"http://127.0.0.1:{port}/_stcore/health", 90, server)
        page.goto(f"http://127.0.0.1:{port}/?date=2024-12-08")
        frame = wait_for_map(page)
        assert frame.locator("path.place").count() >= 40, "the installed app shows the map"
    finally:
        server.terminate()
        server.wait(timeout=20)
    assert list((tmp_path / "cache" / "map-data").glob("map-syria-2024-*.json")), "map data went to the cache"
    assert fingerprint(folder) == before, "no file inside the installed package changed"
    assert sorted(p.name for p in empty.iterdir()) == ["syria.png"], "nothing else written where it ran"
