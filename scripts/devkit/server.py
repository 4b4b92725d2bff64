"""A real Streamlit server on a free loopback port, and the CPU time and memory of a process.

`StreamlitServer` behaves like the end-to-end fixture in tests/e2e/conftest.py: `streamlit run <script>`
from the repository root with the app's settings (dashboard.deploy.streamlit_command), on 127.0.0.1, log in
build/logs/streamlit-<port>.log, healthy once GET /_stcore/health answers "ok".

    with StreamlitServer(env={"CONFLICT_MAP_GEODATA": "geodata/syria-2024"}) as server:
        print(server.url, server.ws_url, server.pid)

The CPU and memory readers use Linux /proc. Streamlit serves every session from one process (many
threads), so one pid covers the whole server.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import subprocess
import urllib.parse
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from dashboard.deploy import DeployError, streamlit_command, wait_until_healthy

ROOT = Path(__file__).resolve().parents[2]
LOGS = ROOT / "build" / "logs"


def free_port() -> int:
    """A TCP port that was free on 127.0.0.1 a moment ago."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass(frozen=True)
class Launch:
    """How to start the server beyond what to run: more `streamlit run` options, a fixed port (default: a free
    one), and how long to wait for it to answer its health check."""

    args: Sequence[str] = ()
    port: int | None = None
    timeout: float = 60


def wait_for_health(url: str, timeout: float = 120) -> None:
    """Until `url` (a `/_stcore/health` address, direct or through a balancer) answers "ok"."""
    wait_until_healthy(url, timeout)


class StreamlitServer:
    """`streamlit run <script>` on 127.0.0.1, started by the constructor and ended by `stop()`.

    script: path relative to `cwd` (default: dashboard/app.py). cwd: the directory to run from (default:
    this repository's root, so ./geodata is the bundled data). geodata: sets
    CONFLICT_MAP_GEODATA. env: more environment variables. launch: more options, a port, the start timeout.
    """

    def __init__(
        self,
        geodata: Path | str | None = None,
        script: str = "dashboard/app.py",
        *,
        env: Mapping[str, str] | None = None,
        cwd: Path | str | None = None,
        launch: Launch = Launch(),
    ):
        self.port = launch.port or free_port()
        self.url = f"http://localhost:{self.port}"
        #: The websocket endpoint, on the address the server listens on (avoids a ::1 attempt first).
        self.ws_url = f"ws://127.0.0.1:{self.port}/_stcore/stream"
        self.cwd = Path(cwd) if cwd else ROOT
        full_env = dict(os.environ)
        if geodata:
            full_env["CONFLICT_MAP_GEODATA"] = str(geodata)
        full_env.update(env or {})
        LOGS.mkdir(parents=True, exist_ok=True)
        self.log_path = LOGS / f"streamlit-{self.port}.log"
        self.log = open(self.log_path, "w")  # noqa: SIM115 - closed by stop()
        self.process = subprocess.Popen(
            [*streamlit_command(self.port, "127.0.0.1", script), *launch.args],
            cwd=self.cwd,
            env=full_env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        try:
            self.wait_healthy(launch.timeout)
        except BaseException:
            self.stop()
            raise

    @property
    def pid(self) -> int:
        """The server's process id (Streamlit serves every session from this one process)."""
        return self.process.pid

    def wait_healthy(self, timeout: float = 60) -> None:
        """Until GET /_stcore/health answers "ok"; RuntimeError if the process exits or the time runs out."""
        try:
            wait_until_healthy(f"http://127.0.0.1:{self.port}/_stcore/health", timeout, self.process)
        except DeployError as error:
            raise RuntimeError(f"{error}; see {self.log.name}") from error

    def stop(self) -> None:
        """End the server (terminate, then kill after 10 s) and close its log; safe to call twice."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if not self.log.closed:
            self.log.close()

    def __enter__(self) -> StreamlitServer:
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()


def require_loopback(url: str) -> None:
    """Refuse (SystemExit) a server address that is not on this machine: load goes to loopback only."""
    host = urllib.parse.urlsplit(url).hostname or ""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except OSError as exc:
        raise SystemExit(f"cannot resolve {host!r}: {exc}") from None
    if not addresses or not all(ipaddress.ip_address(a.split("%")[0]).is_loopback for a in addresses):
        raise SystemExit(f"{url} is not on this machine (loopback only): {host} is {sorted(addresses)}")


def describe_commit(directory: Path | str) -> str:
    """'<short hash> <subject>' of the checkout's HEAD (for reports), or "?"."""
    try:
        out = subprocess.run(
            ["git", "-C", str(directory), "log", "-1", "--format=%h %s"], capture_output=True, text=True, timeout=10
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "?"
    return (out[:77] + "...") if len(out) > 80 else out or "?"


def process_cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process has used so far, in seconds: /proc/<pid>/stat utime + stime.

    These counters cover all the process's threads, the live ones and those that have ended (Streamlit runs
    each script run in a thread of its own). Resolution: one clock tick (usually 10 ms), so measure
    many steps and divide. Child processes are not included.
    """
    # The command name (field 2) may hold spaces and parentheses: split after the last ")".
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    utime, stime = int(fields[11]), int(fields[12])  # fields 14 and 15 of stat(5), counted from 1
    return (utime + stime) / os.sysconf("SC_CLK_TCK")


def _status_kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise LookupError(f"{field} not in /proc/{pid}/status")


def process_rss_bytes(pid: int) -> int:
    """Resident memory of a process now (VmRSS; threads share it), in bytes."""
    return _status_kib(pid, "VmRSS") * 1024


def process_peak_rss_bytes(pid: int) -> int:
    """The most resident memory the process has had so far (VmHWM), in bytes."""
    return _status_kib(pid, "VmHWM") * 1024
