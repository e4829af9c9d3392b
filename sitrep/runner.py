"""The ops cycle: poll the feeds, then process (with alerts), as one locked, reported run.

`run_once` is what `sitrep run` does on a schedule; `run_continuously` repeats it until SIGTERM
or SIGINT, always letting the current cycle finish its writes and commit its offsets first.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from croniter import croniter

from connectors.elasticsearch_client import make_client
from connectors.feeds.feeds_file import FeedsFileError, load_feeds
from connectors.feeds.poller import poll_pass
from connectors.feeds.summary import pass_failed
from pipelines.alerting.delivery import deliver_pending
from pipelines.alerting.evaluate import evaluate_batch
from pipelines.alerting.rules import load_rules
from pipelines.alerting.sync import sync_rules
from pipelines.cycle import release_memory, run_cycle
from schemas.durations import parse_duration
from sitrep.config import Config
from sitrep.metrics import record_run, write_textfile
from sitrep.run_lock import RunLocked, run_lock, state_dir_problem
from sitrep.run_report import RunReport, StageReport, now_iso, save_report
from sitrep.worker_output import BEAM_WORKER_LOG, worker_output_to

log = logging.getLogger("sitrep.run")
EXIT_FAILED, EXIT_LOCKED = 1, 3


def _timed(name: str, work: Callable[[], tuple[bool, dict[str, Any], str | None]]) -> StageReport:
    """Run one stage, turning any exception into a failed stage with its reason."""
    started = time.monotonic()
    try:
        ok, counts, error = work()
    except Exception as exc:  # a stage failure is reported in the run report, never swallowed
        # One line by default; the traceback too with --log-level DEBUG.
        log.error("stage %s failed: %s", name, exc, exc_info=log.isEnabledFor(logging.DEBUG))
        ok, counts, error = False, {}, f"{type(exc).__name__}: {exc}"
    return StageReport(name=name, ok=ok, seconds=round(time.monotonic() - started, 3),
                       counts=counts, error=error)


def poll_stage(config: Config, on_feed: Callable[[Any], None] | None = None) -> tuple[bool, dict, str | None]:
    """One polling pass; fails only when no feed at all could be polled."""
    try:
        feeds = load_feeds(config.feeds_file)
    except FeedsFileError as exc:
        return False, {}, str(exc)
    summaries = poll_pass(feeds, fetch=config.fetch, kafka=config.kafka, state_dir=config.state_dir,
                          on_done=on_feed)
    counts = {
        "feeds": len(summaries),
        "feeds_failed": sum(1 for s in summaries if s.status == "error"),
        "new": sum(s.new for s in summaries),
        "unchanged": sum(s.unchanged for s in summaries),
        "fetch_errors": sum(s.errors for s in summaries),
    }
    failed = pass_failed(summaries)
    return not failed, counts, "no feed could be polled" if failed else None


def process_stage(config: Config, beam_args: Sequence[str]) -> tuple[bool, dict, str | None]:
    """One bounded processing cycle with alert matching; offsets commit only if both succeed.

    Matching looks at articles indexed since a minute before the cycle started: the margin
    absorbs clock skew between workers, and alert ids are fixed, so a look at an article twice
    records nothing twice.
    """
    since = datetime.now(UTC) - timedelta(minutes=1)
    matched: dict[str, Any] = {}

    def match_alerts() -> None:
        client = make_client(config.elasticsearch)
        try:
            rules = load_rules(config.rules_dir)
            sync_rules(client, config.elasticsearch, rules, datetime.now(UTC))
            alerts = evaluate_batch(client, config.elasticsearch, rules, since, datetime.now(UTC),
                                    max_matches=config.alerts.max_matches_per_rule)
        finally:
            client.close()
        matched.update(rules=len(rules), alerts_fired=len(alerts))

    with worker_output_to(config.state_dir / BEAM_WORKER_LOG):
        report = run_cycle(config.kafka, config.elasticsearch, config.pipeline, list(beam_args),
                           after_write=match_alerts, release_after=False)
    counts = {"planned": report.planned, **report.counters, **matched}
    return report.ok, counts, report.error


def alerts_stage(config: Config) -> tuple[bool, dict, str | None]:
    """Deliver every pending alert, this cycle's and earlier failures'; failures stay pending."""
    client = make_client(config.elasticsearch)
    try:
        delivery = deliver_pending(client, config.elasticsearch, config.alerts, datetime.now(UTC))
    finally:
        client.close()
    counts = {"sent": delivery.sent, "failed": delivery.failed, "pending": len(delivery.pending_alerts)}
    return True, counts, None


def run_once(config: Config, beam_args: Sequence[str] = (), metrics_textfile: Path | None = None,
             on_feed: Callable[[Any], None] | None = None) -> RunReport:
    """One locked cycle: poll, then process; the report is saved and metrics updated."""
    report = RunReport(started_at=now_iso())
    try:
        with run_lock(config.state_dir):
            report.stages.append(_timed("poll", lambda: poll_stage(config, on_feed)))
            report.stages.append(_timed("process", lambda: process_stage(config, beam_args)))
            report.stages.append(_timed("alerts", lambda: alerts_stage(config)))
    except RunLocked as exc:
        report.exit_code, report.reason = EXIT_LOCKED, str(exc)
        return report
    except OSError as exc:
        report.exit_code, report.reason = EXIT_FAILED, state_dir_problem(config.state_dir, exc)
        return report
    failed = [stage for stage in report.stages if not stage.ok]
    if failed:
        report.exit_code = EXIT_FAILED
        report.reason = "; ".join(f"{stage.name}: {stage.error}" for stage in failed)
    report.finished_at = now_iso()
    try:
        save_report(report, config.state_dir)
        record_run(report, config.state_dir, time.time())
        if metrics_textfile:
            write_textfile(config.state_dir, metrics_textfile)
    except OSError as exc:
        report.exit_code, report.reason = EXIT_FAILED, state_dir_problem(config.state_dir, exc)
    return report


class Schedule:
    """When the next cycle starts: a fixed interval after the last start, or a cron expression."""

    def __init__(self, every: float | None = None, cron: str | None = None) -> None:
        if (every is None) == (cron is None):
            raise ValueError("give exactly one of an interval or a cron expression")
        if cron is not None and not croniter.is_valid(cron):
            raise ValueError(f"not a valid cron expression: {cron!r}")
        self.every, self.cron = every, cron

    def next_start(self, last_start: float) -> float:
        if self.every is not None:
            return last_start + self.every
        base = datetime.fromtimestamp(max(last_start, time.time()), UTC)
        return croniter(self.cron, base).get_next(float)


def parse_interval(text: str) -> float:
    """``--every``'s argument in seconds: a positive duration such as 60s, 5m or 1h."""
    seconds = parse_duration(text).total_seconds()
    if seconds <= 0:
        raise ValueError(f"the interval must be positive, got {text!r}")
    return seconds


@contextmanager
def stop_requests() -> Iterator[threading.Event]:
    """Turn SIGTERM and SIGINT into a flag, so a cycle in progress finishes before exiting."""
    stop = threading.Event()

    def request_stop(signum: int, _frame: object) -> None:
        log.warning("received %s: finishing the current cycle, then exiting",
                    signal.Signals(signum).name)
        stop.set()

    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield stop
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def run_continuously(schedule: Schedule, run: Callable[[], RunReport], stop: threading.Event) -> int:
    """Run cycles on the schedule until ``stop`` is set; returns the last cycle's exit code."""
    last_code = 0
    while not stop.is_set():
        started = time.time()
        last_code = run().exit_code
        release_memory()  # the cycle's freed heap back to the system, once its alerts are out
        stop.wait(max(0.0, schedule.next_start(started) - time.time()))
    return 0 if last_code in (0, EXIT_LOCKED) else last_code
