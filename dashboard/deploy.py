"""Several app processes behind HAProxy: the scale-out recipe (`make serve REPLICAS=4`).

Each Streamlit process serves its sessions from one Python interpreter, so one process uses about one core.
N processes behind a load balancer use N cores. HAProxy (Debian's `haproxy` package) balances new visitors
round-robin and keeps each one on its process with a cookie: a session's websocket, its static files and
its download buttons' files all come from the process that made them. Health checks take a process that
stops answering out of rotation.

For a read-only mass audience no server is needed at all: publish the self-contained HTML export on any
static host or CDN.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

#: The Streamlit script of the app, inside the installed package.
APP_SCRIPT = Path(__file__).resolve().parent / "app.py"
#: Streamlit's settings for this app, given on the command line so they hold from any folder and for an
#: installed package (no .streamlit/config.toml needed): offline and private, quiet for viewers.
STREAMLIT_OPTIONS = {
    "server.headless": "true",
    "server.fileWatcherType": "none",  # data edits are picked up by content fingerprint, not a file watcher
    "runner.postScriptGC": "false",  # a full gc.collect() after every run was half of a slider step's CPU
    "browser.gatherUsageStats": "false",  # otherwise the frontend fetches data.streamlit.io
    "client.toolbarMode": "viewer",  # hide developer options from viewers
    "client.showErrorDetails": "none",  # never show a traceback to viewers
    "global.developmentMode": "false",
    # A dark blue accent: red is a faction's colour on our maps, and the accent's text on its own tint must
    # keep a contrast of 4.5:1.
    "theme.primaryColor": "#1D4F91",
}


def streamlit_command(port: int, address: str, script: Path | str = APP_SCRIPT) -> list[str]:
    """`python -m streamlit run` for the app (or `script`) on `address:port`, with the app's settings."""
    options = [item for key, value in STREAMLIT_OPTIONS.items() for item in (f"--{key}", value)]
    command = [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port)]
    return [*command, "--server.address", address, *options]


class DeployError(RuntimeError):
    """The stack cannot start (one line for the user)."""


@dataclass(frozen=True)
class Stack:
    """What to run: how many app processes, where the balancer listens, where the app's ports start
    (0: any free ports, chosen when the stack starts)."""

    replicas: int
    port: int = 8501
    address: str = "127.0.0.1"
    first_app_port: int = 8511
    stats_port: int | None = None

    def app_ports(self) -> list[int]:
        """The ports of the app processes."""
        if self.first_app_port == 0:
            return [_free_port() for _ in range(self.replicas)]
        return [self.first_app_port + i for i in range(self.replicas)]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def haproxy_config(stack: Stack, app_ports: list[int]) -> str:
    """The HAProxy configuration for the stack (round robin, sticky by cookie, health-checked)."""
    servers = "\n".join(f"    server app{i} 127.0.0.1:{port} check cookie app{i}" for i, port in enumerate(app_ports))
    stats = ""
    if stack.stats_port:
        stats = f"""
listen stats
    bind 127.0.0.1:{stack.stats_port}
    stats enable
    stats uri /stats
"""
    return f"""# Written by `conflict-map serve`: {stack.replicas} Streamlit processes behind one address.
global
    maxconn 4096

defaults
    mode http
    timeout connect 5s
    timeout client 1h
    timeout server 1h
    timeout tunnel 1h

frontend dashboard
    bind {stack.address}:{stack.port}
    default_backend streamlit

backend streamlit
    balance roundrobin
    # Sticky sessions: a visitor's websocket, static files and downloads come from the process that serves it.
    cookie CONFLICTMAP insert indirect nocache httponly
    option httpchk GET /_stcore/health
    http-check expect string ok
{servers}
{stats}"""


def wait_until_healthy(url: str, timeout: float = 90, process: subprocess.Popen | None = None) -> None:
    """Until `url` (a Streamlit `/_stcore/health` address, direct or through the balancer) answers "ok".

    Given the process behind it, fail as soon as that process exits rather than waiting out the timeout:
    a crash at start-up (bad data, busy port) should surface in seconds.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise DeployError(f"the app behind {url} exited with status {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.read() == b"ok":
                    return
        except OSError:
            time.sleep(0.3)
    raise DeployError(f"{url} did not answer within {timeout:.0f} s")


def _port_free(port: int, address: str = "127.0.0.1") -> bool:
    with socket.socket() as sock:
        try:
            sock.bind((address, port))
        except OSError:
            return False
        return True


def start_apps(app_ports: list[int], log_dir: Path) -> list[subprocess.Popen]:
    """Start the app processes (one shared cookie secret, so any of them can read a session's cookie)."""
    env = dict(os.environ, STREAMLIT_SERVER_COOKIE_SECRET=secrets.token_hex(32))
    processes = []
    for i, port in enumerate(app_ports):
        log = open(log_dir / f"app{i}.log", "w")  # noqa: SIM115 - owned by the process for its lifetime
        processes.append(
            subprocess.Popen(
                streamlit_command(port, "127.0.0.1"),
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
    for port, process in zip(app_ports, processes):
        wait_until_healthy(f"http://127.0.0.1:{port}/_stcore/health", process=process)
    return processes


def serve(stack: Stack, run_dir: Path) -> int:
    """Run the stack until interrupted; returns HAProxy's exit status."""
    haproxy = shutil.which("haproxy") or ("/usr/sbin/haproxy" if Path("/usr/sbin/haproxy").exists() else None)
    if haproxy is None:
        raise DeployError("HAProxy is not installed: `sudo apt-get install haproxy` (Debian), then try again")
    run_dir.mkdir(parents=True, exist_ok=True)
    app_ports = stack.app_ports()
    busy = [p for p in (stack.port, *app_ports) if not _port_free(p, stack.address if p == stack.port else "127.0.0.1")]
    if busy:
        raise DeployError(f"port(s) {', '.join(map(str, busy))} already in use")
    config = run_dir / "haproxy.cfg"
    config.write_text(haproxy_config(stack, app_ports), encoding="utf-8")
    check = subprocess.run([haproxy, "-c", "-f", str(config)], capture_output=True, text=True)
    if check.returncode != 0:
        raise DeployError(f"HAProxy refused the configuration: {check.stdout}{check.stderr}".strip())
    apps = start_apps(app_ports, run_dir)
    balancer = subprocess.Popen([haproxy, "-db", "-f", str(config)])
    print(
        f"serving {stack.replicas} app process(es) at http://{stack.address}:{stack.port} (logs in {run_dir})",
        flush=True,
    )

    def stop(*_args: object) -> None:
        balancer.terminate()

    signal.signal(signal.SIGTERM, stop)
    try:
        return balancer.wait()
    except KeyboardInterrupt:
        balancer.terminate()
        return balancer.wait()
    finally:
        for app in apps:
            app.terminate()
        for app in apps:
            try:
                app.wait(timeout=10)
            except subprocess.TimeoutExpired:
                app.kill()
