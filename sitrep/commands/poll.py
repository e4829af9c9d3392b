"""`sitrep poll`: one pass over every feed in the feeds file, into Kafka ``sitrep.raw``.

Exit codes: 0 when at least one feed was polled (or none was due), 1 when feeds were
attempted and none could be polled or Kafka is unreachable, 2 for an invalid feeds file,
3 when another poller holds the state lock.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from pathlib import Path
from typing import Any

from kafka.errors import KafkaError
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)

from connectors.feeds.feeds_file import FeedsFileError, load_feeds
from connectors.feeds.poller import poll_pass
from connectors.feeds.state_store import PollerLocked
from connectors.feeds.summary import FeedSummary, pass_failed
from sitrep.run_lock import state_dir_problem


def register(subparsers: Any) -> None:
    """Add the ``poll`` command to the CLI."""
    parser = subparsers.add_parser(
        "poll",
        help="poll every feed once and produce new articles to Kafka",
        description="Poll every enabled, due feed once; produce new articles to sitrep.raw.",
    )
    parser.add_argument("--json", action="store_true", help="print the per-feed summary as JSON")
    parser.add_argument("--feeds", type=Path, help="feeds file (default: feeds_file from the config)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, config: Any) -> int:
    """Run one pass and print its summary; the exit code is non-zero only when nothing polled."""
    err = Console(stderr=True)
    feeds_file = args.feeds or config.feeds_file
    try:
        feeds = load_feeds(feeds_file)
    except FeedsFileError as exc:
        print(f"sitrep poll: {exc}", file=sys.stderr)
        return 2
    progress = Progress(
        TextColumn("polling feeds"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )
    task = progress.add_task("poll", total=len(feeds))
    try:
        with progress:
            summaries = poll_pass(
                feeds,
                fetch=config.fetch,
                kafka=config.kafka,
                state_dir=config.state_dir,
                on_done=lambda _summary: progress.advance(task),
            )
    except PollerLocked as exc:
        print(f"sitrep poll: {exc}", file=sys.stderr)
        return 3
    except (OSError, sqlite3.Error) as exc:
        print(f"sitrep poll: {state_dir_problem(config.state_dir, exc)}", file=sys.stderr)
        return 1
    except KafkaError as exc:
        print(f"sitrep poll: Kafka at {config.kafka.bootstrap_servers} unavailable: {exc}", file=sys.stderr)
        return 1
    _print(summaries, as_json=args.json)
    return 1 if pass_failed(summaries) else 0


def _print(summaries: list[FeedSummary], *, as_json: bool) -> None:
    if as_json:
        print(json.dumps({"feeds": [s.as_dict() for s in summaries]}, indent=2, ensure_ascii=False))
        return
    for summary in summaries:
        print(summary.line())
    new = sum(s.new for s in summaries)
    errors = sum(1 for s in summaries if s.status == "error")
    print(f"{len(summaries)} feeds, {new} new articles, {errors} feeds failed")
