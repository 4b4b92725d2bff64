"""Server CPU time per slider step, for one viewer, measured in the server process and not in wall time.

Starts the app (from the repository root, so its .streamlit/config.toml applies), connects ONE
browserless session (scripts/devkit/st_client.py), warms up (one pass over every day, which also
learns what each day shows so every step is checked, plus --warmup scrubs), then measures, in this
order and in the same run:

  idle rerun     the same widget state sent again: a rerun with nothing changed (the baseline), of what a
                 slider step reruns (the slider's fragment when it is in one: the page keeps the day's
                 controls in an st.fragment)
  page rerun     with a fragment: the whole page rerun with nothing changed (what the fragment saves)
  slider step    a scrub over every day of the period, forward then back, --rounds times
  play press     the Play button, from the first day
  play step      slider steps while playing (the map would drive them in a browser), to the last day
  idle rerun     the baseline again, to show any drift
  browser step   then a real Chromium (Debian's) opens the same server and steps the slider with the arrow key
                 (--browser-steps times, settling after each as a person would): the server CPU per step a
                 browser really costs, with the map component's round trip, beside the protocol figure

For each: server CPU per run = (utime + stime of the server process, from /proc/<pid>/stat) over the
phase / the runs in it; and the wall latency p50/p95/max (request sent -> script_finished). Between two
requests the client waits --pause seconds (the server's trailing work for a run is then counted with that
run). CPU has clock-tick resolution (10 ms): the figures are totals divided by many runs.

Usage: python scripts/bench_server_cpu.py [--data DIR] [--rounds 3] [--root CHECKOUT] [--env NAME=VALUE]
       python scripts/bench_server_cpu.py --url http://127.0.0.1:8501 --server-pid 1234
Exit status 1 if a run had an error (an exception on the page, or a step not showing its day).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
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

#: The protocol client's CPU per slider step, for the browser phase's ratio.
LAST_STEP_CPU: dict[str, float] = {}


class Phase:
    """One measured phase: each run's latency, its errors, and the server CPU over its timed stretches."""

    def __init__(self, name: str):
        self.name, self.latencies, self.errors, self.cpu, self.windows = name, [], [], 0.0, 0

    def add(self, result: RunResult) -> RunResult:
        """Count one run in this phase."""
        self.latencies.append(result.latency)
        self.errors.extend(f"{self.name}: {e}" for e in result.errors)
        return result


class Bench:
    """One session's measurements against the server process `pid`, with a pause after every request."""

    def __init__(self, client: StreamlitClient, pid: int, pause: float, slider: str, play: str):
        self.client, self.pid, self.pause, self.slider, self.play = client, pid, pause, slider, play
        self.phases: list[Phase] = []
        self.notes: list[str] = []

    async def step(self, coroutine) -> RunResult:
        """Await one request, then pause (so the server's trailing work counts with that run)."""
        result = await coroutine
        await asyncio.sleep(self.pause)
        return result

    def measured(self, name: str) -> Phase:
        """A new phase, listed in the report in the order measured."""
        phase = Phase(name)
        self.phases.append(phase)
        return phase

    async def goto(self, index: int) -> None:
        """Put the slider on day `index`, unmeasured (no-op if it is there)."""
        days = self.client.widget(self.slider).options
        if self.client.value(self.slider) != [days[index]]:
            result = await self.step(self.client.set_slider(self.slider, days[index]))
            if not result.ok:
                raise RuntimeError(f"moving to {days[index]!r}: {result.errors[0]}")

    async def scrub(self, phase: Phase | None) -> None:
        """From the first day (call goto(0) first, outside any timing) to the last and back."""
        days = self.client.widget(self.slider).options
        for index in [*range(1, len(days)), *range(len(days) - 2, -1, -1)]:  # forward, then back
            result = await self.step(self.client.set_slider(self.slider, days[index]))
            if phase:
                phase.add(result)

    async def timed(self, phase: Phase, work) -> None:
        """Run `work`, adding the server CPU it took to the phase."""
        before = process_cpu_seconds(self.pid)
        await work
        phase.cpu += process_cpu_seconds(self.pid) - before
        phase.windows += 1

    async def idle_reruns(self, name: str, count: int, fragment_id: str = "") -> None:
        """`count` reruns with nothing changed: of the fragment `fragment_id`, or of the whole page."""
        phase = self.measured(name)

        async def work():
            for _ in range(count):
                phase.add(await self.step(self.client.rerun(fragment_id=fragment_id)))

        await self.timed(phase, work())

    async def play_rounds(self, rounds: int) -> None:
        """Press Play from the first day, then step forward to the last day (as the map would), per round."""
        press, steps = self.measured("play press"), self.measured("play step")
        days = self.client.widget(self.slider).options
        for _ in range(rounds):
            await self.goto(0)
            label = self.client.widget(self.play).label
            await self.timed(press, self._press(press))
            if self.client.widget(self.play).label == label:
                self.notes.append(
                    f"after pressing {self.play!r} the button still says {label!r}: play steps cannot be "
                    "told apart from slider steps in this app"
                )

            async def forward():
                for index in range(1, len(days)):
                    steps.add(await self.step(self.client.set_slider(self.slider, days[index])))

            await self.timed(steps, forward())

    async def _press(self, phase: Phase) -> None:
        phase.add(await self.step(self.client.click(self.play)))


async def bench(args: argparse.Namespace, url: str, pid: int) -> int:
    """Connect, check the page, learn the days, warm up, measure every phase and print the report."""
    async with StreamlitClient(
        url, quickack=not args.no_quickack, send_cached_hashes=not args.no_cache, query_string=args.query
    ) as client:
        page = await client.rerun()
        if not page.ok:
            print(f"error: the page does not load cleanly: {page.errors[0]}")
            return 1
        try:
            client.widget(args.slider), client.widget(args.play)
        except WidgetNotFound as exc:
            print(f"error: {exc}\n(alerts on the page: {[body[:200] for _, body in page.alerts]})")
            return 1
        client.verify = await OptionMarkers.learn(client, args.slider)  # also the first warm-up pass
        if client.verify.unmarked:
            print(f"error: days that show no text of their own, which cannot be checked: {client.verify.unmarked}")
            return 1
        b = Bench(client, pid, args.pause, args.slider, args.play)
        for _ in range(args.warmup):
            await b.goto(0)
            await b.scrub(None)
        days = len(client.widget(args.slider).options)
        steps_per_round = 2 * (days - 1)
        idle_count = steps_per_round * args.rounds

        await asyncio.sleep(0.5)
        quiet_before, quiet_wall = process_cpu_seconds(pid), time.monotonic()
        await asyncio.sleep(args.quiet)
        quiet_rate = (process_cpu_seconds(pid) - quiet_before) / (time.monotonic() - quiet_wall)

        fragment = client.widget(args.slider).fragment_id
        await b.idle_reruns("idle rerun (before)", idle_count, fragment)
        if fragment:
            await b.idle_reruns("page rerun", max(1, idle_count // 2))
        scrub = b.measured("slider step")
        for _ in range(args.rounds):
            await b.goto(0)
            await b.timed(scrub, b.scrub(scrub))
        await b.play_rounds(args.rounds)
        await b.idle_reruns("idle rerun (after)", idle_count, fragment)

    rss = process_rss_bytes(pid)
    print(
        f"{days} days: a round is {steps_per_round} slider steps (forward then back); {args.rounds} rounds after "
        f"{1 + args.warmup} warm-up passes; {args.pause * 1000:.0f} ms between requests; "
        f"quickack {'off' if args.no_quickack else 'on'}; cached hashes {'not sent' if args.no_cache else 'sent'}"
    )
    tick_ms = 1000 / os.sysconf("SC_CLK_TCK")
    print(f"{'':22}{'runs':>6}{'CPU ms/run':>12}{'+-':>6}{'wall p50':>10}{'p95':>7}{'max':>7}  (ms)")
    for phase in b.phases:
        s = summary(phase.latencies)
        runs = max(1, s["n"])
        print(
            f"{phase.name:22}{s['n']:>6}{phase.cpu / runs * 1000:>12.1f}{phase.windows * tick_ms / runs:>6.1f}"
            f"{s['p50'] * 1000:>10.1f}{s['p95'] * 1000:>7.1f}{s['max'] * 1000:>7.1f}"
        )
    by_name = {p.name: p for p in b.phases}
    idle = [by_name["idle rerun (before)"], by_name["idle rerun (after)"]]
    idle_cpu = sum(p.cpu for p in idle) / sum(len(p.latencies) for p in idle)
    step_cpu = by_name["slider step"].cpu / len(by_name["slider step"].latencies)
    LAST_STEP_CPU["slider step"] = step_cpu
    play_cpu = by_name["play step"].cpu / max(1, len(by_name["play step"].latencies))
    print(
        f"server CPU per slider step: {step_cpu * 1000:.1f} ms; per idle rerun: {idle_cpu * 1000:.1f} ms; "
        f"the step's own extra: {(step_cpu - idle_cpu) * 1000:+.1f} ms"
    )
    print(
        f"server CPU per play step: {play_cpu * 1000:.1f} ms ({(play_cpu - step_cpu) * 1000:+.1f} ms vs. a slider step)"
    )
    print(
        f"server CPU with no requests: {quiet_rate * 1000:.1f} ms per second (already inside the figures above); "
        f"server RSS at the end {rss / 1e6:.0f} MB"
    )
    print(
        "CPU: the server process's utime+stime from /proc/<pid>/stat (all its threads), divided by the runs; "
        f"+-: one clock tick ({tick_ms:.0f} ms) per timed stretch, divided by the runs; "
        "wall: request sent -> script_finished received."
    )
    for note in b.notes[:1]:
        print(f"note: {note}")
    errors = [e for p in b.phases for e in p.errors]
    for error in errors[:10]:
        print(f"error: {error}")
    print(f"total errors: {len(errors)}")
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {p.name: {"cpu_s": p.cpu, "latency_s": p.latencies, "errors": p.errors} for p in b.phases}, indent=1
            )
        )
    return 1 if errors else 0


def browser_steps(url: str, pid: int, steps: int, pause_ms: float) -> tuple[float, list[float]]:
    """Step the date slider `steps` times in Chromium (after one unmeasured pass); returns the server CPU
    seconds per step and each step's keydown -> map-shows-the-day time in ms."""
    from devkit.browser import CHROMIUM, CHROMIUM_ARGS, MAP_IFRAME, scrub, settle, wait_for_map_date
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        page.goto(url)
        wait_for_map_date(page)
        frame = page.frame_locator(MAP_IFRAME)
        dates = frame.locator("body").evaluate("() => window.conflictMap.dates")
        page.goto(f"{url}?date={dates[0]}")
        wait_for_map_date(page, dates[0])
        settle(page, pause_ms)
        scrub(page, dates, 0, min(steps, len(dates) - 1), pause_ms)  # warm up
        page.keyboard.press("Home")
        wait_for_map_date(page, dates[0])
        settle(page, pause_ms)
        before = process_cpu_seconds(pid)
        times = scrub(page, dates, 0, steps, pause_ms)
        cpu = process_cpu_seconds(pid) - before
        browser.close()
    return cpu / steps, [ms for _, ms in times]


def print_browser(url: str, pid: int, args: argparse.Namespace, protocol_cpu: float | None) -> None:
    """The browser phase's line, beside the protocol client's figure from the same server."""
    cpu, times = browser_steps(url, pid, args.browser_steps, args.pause * 1000 + 200)
    s = summary([t / 1000 for t in times])
    ratio = f"; {cpu / protocol_cpu:.2f}x the protocol client's" if protocol_cpu else ""
    print(
        f"server CPU per slider step in Chromium: {cpu * 1000:.1f} ms over {len(times)} steps{ratio}; "
        f"key -> map shows the day p50 {s['p50'] * 1000:.0f} ms, p95 {s['p95'] * 1000:.0f} ms"
    )


def main() -> int:
    """Parse and check the arguments, start the server unless --url, run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="measured scrubs (and Play runs)")
    parser.add_argument("--warmup", type=int, default=1, help="unmeasured scrubs first (after one learning pass)")
    parser.add_argument("--pause", type=float, default=0.05, help="seconds between requests")
    parser.add_argument("--quiet", type=float, default=2.0, help="seconds of no requests to measure the idle server")
    parser.add_argument("--url", help="an already running server on this machine, instead of starting one")
    parser.add_argument("--server-pid", type=int, help="with --url: the server's pid (required)")
    parser.add_argument("--root", help="run the app from this checkout (default: this one)")
    parser.add_argument("--app", default="dashboard/app.py", help="script to run, relative to --root")
    parser.add_argument("--env", action="append", default=[], metavar="NAME=VALUE", help="server environment")
    parser.add_argument("--data", help="dataset folder (or folder of datasets) to serve: CONFLICT_MAP_GEODATA")
    parser.add_argument("--query", default="", help="the page address's query string")
    parser.add_argument("--slider", default="day", help="key or label of the date slider")
    parser.add_argument("--play", default="play", help="key or label of the Play button")
    parser.add_argument("--no-quickack", action="store_true", help="leave delayed ACKs on (~40 ms Nagle stall)")
    parser.add_argument("--no-cache", action="store_true", help="send no cached_message_hashes (unlike a browser)")
    parser.add_argument("--json", help="also write every latency and CPU figure to this file")
    parser.add_argument("--browser-steps", type=int, default=40, help="slider steps in Chromium (0: skip it)")
    args = parser.parse_args()
    if args.url and not args.server_pid:
        parser.error("--url needs --server-pid: this benchmark reads the server's CPU time")
    if not 1 <= args.rounds <= 50 or args.warmup < 0 or args.pause < 0 or any("=" not in e for e in args.env):
        parser.error("1 to 50 --rounds, --warmup and --pause not negative, --env NAME=VALUE")
    if args.url:
        require_loopback(args.url)
        return asyncio.run(bench(args, args.url, args.server_pid))
    root = Path(args.root).resolve() if args.root else ROOT
    env = dict(e.split("=", 1) for e in args.env)
    with StreamlitServer(args.data, script=args.app, cwd=root, env=env) as server:
        print(f"server: {args.app} from {root} ({describe_commit(root)}), pid {server.pid}, log {server.log_path}")
        status = asyncio.run(bench(args, server.url, server.pid))
        if args.browser_steps:
            print_browser(server.url, server.pid, args, LAST_STEP_CPU.get("slider step"))
        return status


if __name__ == "__main__":
    sys.exit(main())
