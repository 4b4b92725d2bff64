"""Many viewers at once, without browsers: N Streamlit sessions over the websocket protocol on one server.

Each session is a protocol-level client (scripts/devkit/st_client.py) doing what a person does: it opens
the page, then once per --interval seconds takes a step: moves the date slider one day (to the end of
the period and back), every --place-every steps picks another place in the place box instead, and once
per session presses Play. (Play reruns the day's fragment on the server; in a browser the map then animates by
itself and moves the slider along, which this test does not imitate: its steps continue at the same pace.)
Sessions arrive at random moments within --ramp seconds, and each step waits the interval +-20% (random,
seeded by --seed): people are not in step with each other, and sessions locked to one beat would queue
behind each other every second and measure that instead. Every session checks every run: an exception element, a
run that does not show the day asked for (the texts each day shows are learned first from one session stepping
through the whole period, so nothing here depends on how dates are written), or a session that fails
are errors.

Levels run one after the other on one server this script starts from the repository root (so the
repo's .streamlit/config.toml applies), or on --url (loopback only, e.g. a local load balancer; give
--server-pid to get its CPU and memory). Bounded: at most 200 sessions and 500 steps, and a time limit
per level.

Per level: sessions, steps done, p50/p95/max step latency (ms, request sent -> script_finished
received), p95 / the one-session p95, errors, server CPU seconds during the level and per run
(/proc utime+stime divided by every run it served: steps and page loads), server RSS at the start and
end of the level, wall seconds and this script's own CPU seconds (it shares the machine).

Usage: python scripts/load_test.py [--levels 1,10,50,100] [--steps 20] [--interval 1.0] [--quick]
       python scripts/load_test.py --root ../other-checkout --env CONFLICT_MAP_GEODATA=geodata/x
Exit status 1 if any level had an error.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from devkit.server import (
    ROOT,
    StreamlitServer,
    describe_commit,
    process_cpu_seconds,
    process_rss_bytes,
    require_loopback,
)
from devkit.st_client import OptionMarkers, RunResult, StreamlitClient, WidgetNotFound
from devkit.stats import summary

MAX_SESSIONS, MAX_STEPS = 200, 500


@dataclass
class Config:
    """One load test's settings, shared by every session of every level."""

    url: str
    steps: int
    interval: float
    ramp: float
    time_limit: float
    place_every: int
    slider: str = "day"
    place: str = "place_picker"
    play: str = "play"  # the Play button's key (its label turns into Pause)
    query: str = ""
    quickack: bool = True
    cache: bool = True
    step_timeout: float = 60.0
    seed: int = 1


@dataclass
class Level:
    """One level's results: latencies by kind of step, errors, and the server's CPU and memory around it."""

    sessions: int
    latencies: dict[str, list[float]] = field(default_factory=lambda: {"day": [], "place": [], "play": [], "load": []})
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    server_cpu: float | None = None
    rss_start: int | None = None
    rss_end: int | None = None
    own_cpu: float = 0.0

    @property
    def step_latencies(self) -> list[float]:
        """Every step's latency (slider, place and Play; page loads apart)."""
        return self.latencies["day"] + self.latencies["place"] + self.latencies["play"]

    @property
    def runs(self) -> int:
        """Every run the server did for this level: steps and page loads."""
        return sum(len(v) for v in self.latencies.values())


def record(level: Level, session: int, kind: str, result: RunResult) -> None:
    """Keep one run's latency under its kind, and its errors named by session."""
    level.latencies[kind].append(result.latency)
    level.errors.extend(f"session {session}, {kind}: {error}" for error in result.errors)


async def session(cfg: Config, index: int, level: Level, markers: OptionMarkers, delay: float) -> None:
    """One viewer: arrive after `delay`, load the page, then take `cfg.steps` steps at the set pace."""
    await asyncio.sleep(delay)
    client = StreamlitClient(
        cfg.url,
        verify=markers,
        quickack=cfg.quickack,
        send_cached_hashes=cfg.cache,
        timeout=cfg.step_timeout,
        query_string=cfg.query,
    )
    try:
        await client.connect()
        record(level, index, "load", await client.rerun())
        days = client.widget(cfg.slider).options
        places = client.widget(cfg.place).options
        play_at = 1 + index % max(1, cfg.steps - 1) if cfg.steps > 1 else 0  # spread the Play presses
        direction = 1
        rng = random.Random(f"{cfg.seed}-{level.sessions}-{index}")
        loop = asyncio.get_running_loop()
        next_step = loop.time()
        for step in range(cfg.steps):
            next_step += cfg.interval * rng.uniform(0.8, 1.2)
            await asyncio.sleep(max(0.0, next_step - loop.time()))  # a steady pace; a late step goes at once
            if step == play_at:
                record(level, index, "play", await client.click(cfg.play))
            elif cfg.place_every and step % cfg.place_every == cfg.place_every - 1:
                place = places[(index + step // cfg.place_every) % len(places)]
                record(level, index, "place", await client.select(cfg.place, place))
            else:
                position = days.index(client.value(cfg.slider)[0])  # a click may have moved it
                if not 0 <= position + direction < len(days):
                    direction = -direction
                record(level, index, "day", await client.set_slider(cfg.slider, days[position + direction]))
    except asyncio.CancelledError:
        level.errors.append(f"session {index}: stopped at the level's time limit")
        raise
    except Exception as exc:  # noqa: BLE001 - every failure is counted and reported, not raised
        first_line = (str(exc).splitlines() or ["(no message)"])[0]
        level.errors.append(f"session {index}: {type(exc).__name__}: {first_line[:200]}")
    finally:
        await client.close()


async def learn_days(cfg: Config) -> OptionMarkers:
    """One session steps through every day: what each day shows (and the server's caches get warm)."""
    async with StreamlitClient(
        cfg.url, quickack=cfg.quickack, query_string=cfg.query, timeout=cfg.step_timeout
    ) as client:
        page = await client.rerun()
        if not page.ok:
            raise RuntimeError(f"the page does not load cleanly: {page.errors[0]}")
        try:
            client.widget(cfg.slider), client.widget(cfg.place), client.widget(cfg.play)
        except WidgetNotFound as exc:
            raise RuntimeError(f"{exc}\n(alerts on the page: {[body[:200] for _, body in page.alerts]})") from None
        return await OptionMarkers.learn(client, cfg.slider)


async def run_level(cfg: Config, sessions: int, markers: OptionMarkers, pid: int | None) -> Level:
    """`sessions` viewers at once, within the time limit, with the server's CPU and memory around them."""
    level = Level(sessions)
    cpu = process_cpu_seconds(pid) if pid else None
    level.rss_start = process_rss_bytes(pid) if pid else None
    own, start = time.process_time(), time.monotonic()
    rng = random.Random(f"{cfg.seed}-{sessions}")
    arrivals = sorted(rng.uniform(0, cfg.ramp) for _ in range(sessions)) if sessions > 1 else [0.0]
    tasks = [asyncio.create_task(session(cfg, i, level, markers, arrivals[i])) for i in range(sessions)]
    done, pending = await asyncio.wait(tasks, timeout=cfg.time_limit)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    if pending:
        level.errors.append(
            f"level stopped at its time limit ({cfg.time_limit:.0f} s): {len(pending)} sessions unfinished"
        )
    level.seconds = time.monotonic() - start
    level.own_cpu = time.process_time() - own
    if pid:
        level.server_cpu = process_cpu_seconds(pid) - cpu
        level.rss_end = process_rss_bytes(pid)
    return level


def ms(seconds: float) -> str:
    """Seconds as whole milliseconds, for the table."""
    return f"{seconds * 1000:.0f}"


def mb(value: int | None) -> str:
    """Bytes as whole megabytes, or '-' when not measured."""
    return "-" if value is None else f"{value / 1e6:.0f}"


def report(levels: list[Level], learn_errors: list[str]) -> int:
    """Print the table and the errors; exit status 1 if there was any error."""
    base_level = next((lv for lv in levels if lv.sessions == 1), levels[0] if levels else None)
    base = summary(base_level.step_latencies)["p95"] if base_level else float("nan")
    print(
        f"{'sessions':>8} {'steps':>6} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} {'p95/1':>6} {'errors':>6} "
        f"{'CPU s':>6} {'CPU ms/run':>10} {'RSS MB start':>12} {'end':>5} {'seconds':>7} {'runs/s':>6} "
        f"{'client CPU s':>12}"
    )
    for lv in levels:
        s = summary(lv.step_latencies)
        cpu = "-" if lv.server_cpu is None else f"{lv.server_cpu:.1f}"
        per_run = "-" if lv.server_cpu is None or not lv.runs else f"{lv.server_cpu / lv.runs * 1000:.1f}"
        print(
            f"{lv.sessions:>8} {s['n']:>6} {ms(s['p50']):>7} {ms(s['p95']):>7} {ms(s['max']):>7} "
            f"{s['p95'] / base:>5.1f}x {len(lv.errors):>6} {cpu:>6} {per_run:>10} {mb(lv.rss_start):>12} "
            f"{mb(lv.rss_end):>5} {lv.seconds:>7.1f} {lv.runs / lv.seconds:>6.1f} {lv.own_cpu:>12.1f}"
        )
    print(
        "Step latency: request sent -> script_finished received, over every step (slider, place, Play).\n"
        "p95/1: p95 at this level / p95 with one session. CPU: server process (utime+stime from /proc) during "
        "the level;\nCPU ms/run = that / every run it served (steps + one page load per session); "
        "runs/s = those runs / the\n"
        "level's wall time; client CPU = this load generator's own CPU time (it shares the machine)."
    )
    for lv in levels:
        parts = [
            f"{kind} p50/p95 {ms(summary(v)['p50'])}/{ms(summary(v)['p95'])} ms (n={len(v)})"
            for kind, v in lv.latencies.items()
            if v
        ]
        print(f"  by kind, {lv.sessions} sessions: " + "; ".join(parts))
    failures = learn_errors + [e for lv in levels for e in lv.errors]
    for error in failures[:15]:
        print(f"error: {error}")
    if len(failures) > 15:
        print(f"... and {len(failures) - 15} more")
    print(f"total errors: {len(failures)}")
    return 1 if failures else 0


async def main_async(args: argparse.Namespace, levels: list[int], cfg: Config) -> int:
    """Start the server (or use --url), learn the days, run every level, report."""
    server = None
    pid = args.server_pid
    if not args.url:
        env = dict(item.split("=", 1) for item in args.env)
        root = Path(args.root).resolve() if args.root else ROOT
        server = StreamlitServer(script=args.app, cwd=root, env=env)
        cfg.url, pid = server.url, server.pid
        print(f"server: {args.app} from {root} ({describe_commit(root)}), pid {pid}, log {server.log_path}")
    else:
        print(f"server: {cfg.url}" + (f", pid {pid}" if pid else " (no --server-pid: no server CPU or memory)"))
    print(
        f"levels {levels}, {cfg.steps} steps per session every {cfg.interval:g} s (+-20%), ramp {cfg.ramp:g} s, "
        f"place every {cfg.place_every} steps, one Play per session, quickack {'on' if cfg.quickack else 'off'}, "
        f"cached hashes {'sent' if cfg.cache else 'not sent'}"
    )
    results: list[Level] = []
    learn_errors: list[str] = []
    try:
        try:
            markers = await asyncio.wait_for(learn_days(cfg), cfg.time_limit)
            learn_errors += [f"day {o!r} shows no text of its own: it cannot be checked" for o in markers.unmarked]
        except Exception as exc:  # noqa: BLE001
            learn_errors.append(f"the page could not be prepared for the test: {type(exc).__name__}: {exc}")
            return report(results, learn_errors)
        for count in levels:
            results.append(await run_level(cfg, count, markers, pid))
            if args.pause and count != levels[-1]:
                await asyncio.sleep(args.pause)
    finally:
        if server:
            server.stop()
    status = report(results, learn_errors)
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                [
                    {
                        "sessions": lv.sessions,
                        "latency_s": lv.latencies,
                        "errors": lv.errors,
                        "seconds": lv.seconds,
                        "server_cpu_s": lv.server_cpu,
                        "rss_start": lv.rss_start,
                        "rss_end": lv.rss_end,
                        "client_cpu_s": lv.own_cpu,
                    }
                    for lv in results
                ],
                indent=1,
            )
        )
    return status


def main() -> int:
    """Parse and check the arguments, then run the levels."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--levels", default="1,10,50,100", help="comma-separated session counts")
    parser.add_argument("--steps", type=int, default=20, help="steps per session")
    parser.add_argument("--interval", type=float, default=1.0, help="seconds between a session's steps")
    parser.add_argument("--ramp", type=float, default=5.0, help="seconds over which a level's sessions arrive")
    parser.add_argument("--seed", type=int, default=1, help="for the random arrivals and step intervals")
    parser.add_argument("--place-every", type=int, default=4, help="every Nth step picks a place (0: never)")
    parser.add_argument("--time-limit", type=float, default=300, help="seconds allowed per level")
    parser.add_argument("--pause", type=float, default=2.0, help="seconds between levels")
    parser.add_argument("--quick", action="store_true", help="levels 1 and 3, 5 steps, 0.5 s apart: for CI")
    parser.add_argument("--url", help="an already running server (loopback only) instead of starting one")
    parser.add_argument("--server-pid", type=int, help="with --url: the server's pid, for its CPU and memory")
    parser.add_argument("--root", help="run the app from this checkout (default: this one)")
    parser.add_argument("--app", default="dashboard/app.py", help="script to run, relative to --root")
    parser.add_argument("--env", action="append", default=[], metavar="NAME=VALUE", help="server environment")
    parser.add_argument("--query", default="", help="the page address's query string, e.g. date=2024-12-01")
    parser.add_argument(
        "--no-quickack",
        action="store_true",
        help="leave delayed ACKs on (adds the ~40 ms Nagle stall to back-to-back steps)",
    )
    parser.add_argument("--no-cache", action="store_true", help="send no cached_message_hashes (unlike a browser)")
    parser.add_argument("--json", help="also write every latency and error to this file")
    args = parser.parse_args()
    if args.quick:
        args.levels, args.steps, args.interval, args.ramp, args.time_limit, args.pause = "1,3", 5, 0.5, 1.0, 60, 0.5
    levels = [int(x) for x in args.levels.split(",") if x.strip()]
    if not levels or min(levels) < 1 or max(levels) > MAX_SESSIONS or not 1 <= args.steps <= MAX_STEPS:
        parser.error(f"1 to {MAX_SESSIONS} sessions and 1 to {MAX_STEPS} steps: this is a bounded test")
    if args.interval < 0.05 or args.time_limit <= 0 or any("=" not in e for e in args.env):
        parser.error("--interval of at least 0.05 s, a positive --time-limit, --env NAME=VALUE")
    if args.url:
        require_loopback(args.url)
    cfg = Config(
        url=args.url or "",
        steps=args.steps,
        interval=args.interval,
        ramp=args.ramp,
        time_limit=args.time_limit,
        place_every=args.place_every,
        query=args.query,
        quickack=not args.no_quickack,
        cache=not args.no_cache,
        seed=args.seed,
    )
    return asyncio.run(main_async(args, levels, cfg))


if __name__ == "__main__":
    sys.exit(main())
