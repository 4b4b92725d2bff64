"""`conflict-map run`: start the app on a folder of datasets (what `make run` calls)."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys


def add_parser(commands, name: str) -> None:
    """Register the subcommand."""
    parser = commands.add_parser(
        name,
        help="start the app in this machine's browser",
        description="Start the dashboard on a folder of datasets and print its address. Only this machine can "
        "open it unless --address 0.0.0.0 shares it on the network.",
    )
    parser.add_argument("--data", help="datasets folder (default: $CONFLICT_MAP_GEODATA, else ./geodata)")
    parser.add_argument("--port", type=int, default=8501, help="port to listen on (default 8501)")
    parser.add_argument("--address", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")


def run(args: argparse.Namespace) -> int:
    """Serve until interrupted; exit 2 when there is no dataset to show or the port is bad."""
    from ..core.io.catalog import find_datasets
    from ..deploy import streamlit_command
    from ..paths import ENV_VARIABLE, data_root

    root = data_root(args.data).resolve()
    if not find_datasets(root).folders:
        print(
            f"run: error: no dataset in {root}: expected a folder holding a dataset.json, or a folder of them "
            "(give --data DIR or set CONFLICT_MAP_GEODATA)",
            file=sys.stderr,
        )
        return 2
    if not 0 < args.port < 65536:
        print(f"run: error: --port must be between 1 and 65535, not {args.port}", file=sys.stderr)
        return 2
    env = dict(os.environ, **{ENV_VARIABLE: str(root)})
    print(f"Serving {root} at http://{args.address}:{args.port} (Ctrl-C stops it)", flush=True)
    try:
        return subprocess.call(streamlit_command(args.port, args.address), env=env)
    except KeyboardInterrupt:
        return 0
