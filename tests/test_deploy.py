"""The health wait shared by `conflict-map serve` and the test/benchmark servers."""

from __future__ import annotations

import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from dashboard.deploy import DeployError, wait_until_healthy


class _Healthy(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args) -> None:
        pass


def test_returns_once_the_health_check_answers_ok():
    server = HTTPServer(("127.0.0.1", 0), _Healthy)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        wait_until_healthy(f"http://127.0.0.1:{server.server_port}/_stcore/health", timeout=10)
    finally:
        server.shutdown()


def test_a_process_that_exits_is_reported_with_its_status():
    process = subprocess.Popen([sys.executable, "-c", "raise SystemExit(3)"])
    process.wait()
    with pytest.raises(DeployError, match="exited with status 3"):
        wait_until_healthy("http://127.0.0.1:9/_stcore/health", timeout=60, process=process)


def test_silence_until_the_timeout_names_the_address():
    with pytest.raises(DeployError, match=r"127\.0\.0\.1:9/_stcore/health did not answer within 1 s"):
        wait_until_healthy("http://127.0.0.1:9/_stcore/health", timeout=1)
