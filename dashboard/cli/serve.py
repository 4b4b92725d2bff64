"""`conflict-map serve --replicas N`: several app processes behind HAProxy (the scale-out recipe)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_parser(commands, name: str) -> None:
    """Register the subcommand."""
    parser = commands.add_parser(
        name,
        help="serve the app from several processes behind HAProxy",
        description="Start N app processes and HAProxy in front of them (round robin, "
        "sticky sessions, health checks). Needs Debian's haproxy package.",
    )
    parser.add_argument("--replicas", type=int, default=2, help="number of app processes (about one core each)")
    parser.add_argument("--port", type=int, default=8501, help="the address people open")
    parser.add_argument("--address", default="127.0.0.1", help="0.0.0.0 to share on the network")
    parser.add_argument(
        "--first-app-port", type=int, default=8511, help="the app processes use the ports from here (0: any free ports)"
    )
    parser.add_argument("--stats-port", type=int, help="also serve HAProxy's statistics page on this loopback port")
    parser.add_argument("--run-dir", type=Path, help="config and logs (default: the run-time cache's serve/ folder)")
    parser.add_argument("--data", help="folder of datasets (default: $CONFLICT_MAP_GEODATA, else ./geodata)")


def run(args: argparse.Namespace) -> int:
    """Serve until interrupted; exit 2 for a bad argument or a stack that cannot start."""
    import os

    from ..deploy import DeployError, Stack, serve
    from ..paths import ENV_VARIABLE, cache_dir, data_root

    if not 1 <= args.replicas <= 32:
        print("serve: error: --replicas must be between 1 and 32", file=sys.stderr)
        return 2
    os.environ[ENV_VARIABLE] = str(data_root(args.data).resolve())
    stack = Stack(args.replicas, args.port, args.address, args.first_app_port, args.stats_port)
    try:
        return serve(stack, args.run_dir or cache_dir("serve"))
    except DeployError as exc:
        print(f"serve: error: {exc}", file=sys.stderr)
        return 2
