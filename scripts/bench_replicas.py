"""Throughput with 1, 2, ... app processes behind HAProxy (`conflict-map serve`), measured with the
protocol load generator: many sessions stepping faster than one process can serve, so the steps served
per second is the stack's capacity. Ratios are against one replica, measured in the same run.

Usage: python scripts/bench_replicas.py [--replicas 1,2,4] [--sessions 60] [--steps 15] [--interval 0.2]
Needs Debian's haproxy. Loopback only; each stack is stopped before the next starts.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from devkit.server import ROOT, free_port, wait_for_health
from devkit.stats import summary

CONFLICT_MAP = Path(sys.executable).parent / "conflict-map"


def measure(replicas: int, args: argparse.Namespace) -> dict:
    """Start a stack of `replicas` processes, load it, stop it; the level's figures."""
    port = free_port()
    with tempfile.TemporaryDirectory() as run_dir:
        stack = subprocess.Popen(
            [
                str(CONFLICT_MAP),
                "serve",
                "--replicas",
                str(replicas),
                "--port",
                str(port),
                "--first-app-port",
                "0",
                "--run-dir",
                run_dir,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            wait_for_health(f"http://127.0.0.1:{port}/_stcore/health")
            out = Path(run_dir) / "load.json"
            result = subprocess.run(
                [
                    sys.executable,
                    str(ROOT / "scripts" / "load_test.py"),
                    "--url",
                    f"http://127.0.0.1:{port}",
                    "--levels",
                    str(args.sessions),
                    "--steps",
                    str(args.steps),
                    "--interval",
                    str(args.interval),
                    "--ramp",
                    "3",
                    "--place-every",
                    "0",
                    "--json",
                    str(out),
                ],
                capture_output=True,
                text=True,
                timeout=900,
            )
            levels = json.loads(out.read_text()) if out.exists() else []
        finally:
            os.killpg(stack.pid, 15)
            stack.wait(timeout=30)
    if not levels:
        raise RuntimeError(f"the load test failed:\n{result.stdout}\n{result.stderr}")
    level = levels[-1]
    by_kind = level["latency_s"]  # {"day": [...], "place": [...], "play": [...], "load": [...]}
    latencies = [s * 1000 for kind in ("day", "place", "play") for s in by_kind.get(kind, [])]
    return {
        "replicas": replicas,
        "steps": len(latencies),
        "steps_per_s": len(latencies) / level["seconds"],
        "errors": len(level["errors"]),
        **summary(latencies),
    }


def main() -> int:
    """Print one row per stack size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", default="1,2,4", help="comma-separated process counts")
    parser.add_argument("--sessions", type=int, default=60, help="concurrent sessions")
    parser.add_argument("--steps", type=int, default=15, help="steps per session")
    parser.add_argument("--interval", type=float, default=0.2, help="seconds between a session's steps")
    args = parser.parse_args()
    counts = [int(x) for x in args.replicas.split(",")]
    print(
        f"{args.sessions} sessions, each stepping every {args.interval:g} s ({args.sessions / args.interval:.0f} "
        f"steps/s asked), {args.steps} steps each; {os.cpu_count()} CPU cores on this machine"
    )
    rows = [measure(n, args) for n in counts]
    base = rows[0]["steps_per_s"]
    print(f"{'replicas':>8} {'steps':>6} {'steps/s':>8} {'vs 1':>5} {'p50 ms':>7} {'p95 ms':>7} {'errors':>6}")
    for row in rows:
        print(
            f"{row['replicas']:>8} {row['steps']:>6} {row['steps_per_s']:>8.1f} {row['steps_per_s'] / base:>4.1f}x "
            f"{row['p50']:>7.0f} {row['p95']:>7.0f} {row['errors']:>6}"
        )
    return 1 if any(row["errors"] for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
