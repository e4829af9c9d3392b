"""`sitrep process`: one bounded processing cycle over what is new in ``sitrep.raw``.

Everything after the command's own flags goes to Beam's PipelineOptions unchanged, so every
runner flag works: ``sitrep process -- --runner=FlinkRunner --flink_master=host:8081``.
Exit codes: 0 when the cycle finished and offsets were committed (or nothing was new),
1 when it failed (offsets untouched; the next cycle redoes the same range).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from kafka.errors import KafkaError

from connectors.kafka_offsets import KafkaPlanError
from pipelines.cycle import CycleReport, run_cycle
from sitrep.worker_output import BEAM_WORKER_LOG, worker_output_to


def register(subparsers: Any) -> None:
    """Add the ``process`` command to the CLI."""
    parser = subparsers.add_parser(
        "process",
        help="run one processing cycle: sitrep.raw -> extract, tag -> Elasticsearch",
        description="Read sitrep.raw from the committed offsets to the current end, extract, "
        "normalise, group stories, tag events, index; commit offsets only on success. "
        "Arguments after the flags (or after --) are Beam pipeline options.",
    )
    parser.add_argument("--json", action="store_true", help="print the cycle report as JSON")
    parser.add_argument("beam_args", nargs=argparse.REMAINDER, help="Beam PipelineOptions flags")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, config: Any) -> int:
    """Run one cycle and print its report; 0 on success, 1 on failure."""
    beam_args = [a for a in (args.beam_args or []) if a != "--"]
    try:
        with worker_output_to(config.state_dir / BEAM_WORKER_LOG):
            report = run_cycle(config.kafka, config.elasticsearch, config.pipeline, beam_args)
    except (KafkaError, KafkaPlanError) as exc:
        print(
            f"sitrep process: cannot plan offsets at {config.kafka.bootstrap_servers}: {exc}", file=sys.stderr
        )
        return 1
    _print(report, as_json=args.json)
    return 0 if report.ok else 1


def report_dict(report: CycleReport) -> dict[str, Any]:
    """The cycle report as plain data (for --json and for run logs)."""
    return {
        "ok": report.ok,
        "state": report.state,
        "planned": report.planned,
        "counters": report.counters,
        "committed": {str(p): o for p, o in sorted(report.committed.items())},
        "error": report.error,
    }


def _print(report: CycleReport, *, as_json: bool) -> None:
    if as_json:
        print(json.dumps(report_dict(report), indent=2))
        return
    counters = " ".join(f"{name}={value}" for name, value in report.counters.items())
    print(f"cycle {report.state}: planned={report.planned} {counters}".rstrip())
    if report.error:
        print(f"cycle failed, offsets not committed: {report.error}", file=sys.stderr)
