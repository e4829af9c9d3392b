"""`sitrep run`: one full cycle (poll, process, alerts) per call, or continuously on a schedule.

Exit codes: 0 success, 1 a stage failed (the reason is printed and in the run report),
3 another run holds the lock.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from sitrep.config import Config
from sitrep.run_report import RunReport
from sitrep.runner import Schedule, parse_interval, run_continuously, run_once, stop_requests


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `run`."""
    parser = subparsers.add_parser(
        "run", help="one cycle: poll feeds, process, alert (or continuously with --every/--cron)",
        description="Poll every feed, then process sitrep.raw into Elasticsearch with alerts, as "
                    "one locked cycle with a JSON run report in the state directory. Arguments "
                    "after -- are Beam pipeline options.",
    )
    when = parser.add_mutually_exclusive_group()
    when.add_argument("--every", type=parse_interval, metavar="INTERVAL",
                      help="repeat until SIGTERM/SIGINT, e.g. 60s, 5m")
    when.add_argument("--cron", metavar="EXPR", help="repeat on a cron schedule, e.g. '*/5 * * * *'")
    parser.add_argument("--json", action="store_true", help="print each run report as JSON")
    parser.add_argument("--metrics-textfile", type=Path,
                        help="also write Prometheus metrics here (node_exporter textfile collector)")
    parser.add_argument("beam_args", nargs=argparse.REMAINDER, help="Beam PipelineOptions flags")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, config: Config) -> int:
    """Run one cycle, or cycles on a schedule, printing a summary after each."""
    beam_args = [a for a in (args.beam_args or []) if a != "--"]
    try:
        schedule = Schedule(every=args.every, cron=args.cron) if args.every or args.cron else None
    except ValueError as exc:
        print(f"sitrep run: {exc}", file=sys.stderr)
        return 2

    def one_cycle() -> RunReport:
        with _feed_progress() as on_feed:
            report = run_once(config, beam_args, args.metrics_textfile, on_feed)
        _print(report, as_json=args.json)
        return report

    with stop_requests() as stop:
        if schedule is None:
            return one_cycle().exit_code
        return run_continuously(schedule, one_cycle, stop)


@contextmanager
def _feed_progress() -> Iterator[Callable[[Any], None]]:
    """A progress bar over feeds on a terminal; silent when output is not a terminal."""
    console = Console(stderr=True)
    progress = Progress(TextColumn("polling feeds"), BarColumn(), MofNCompleteColumn(),
                        TimeElapsedColumn(), console=console, transient=True,
                        disable=not console.is_terminal)
    task = progress.add_task("poll", total=None)
    with progress:
        yield lambda _summary: progress.advance(task)


def _print(report: RunReport, *, as_json: bool) -> None:
    if as_json:
        print(json.dumps(report.as_dict(), indent=2))
        return
    stream = sys.stdout if report.ok else sys.stderr
    for line in report.summary_lines():
        print(line, file=stream)
