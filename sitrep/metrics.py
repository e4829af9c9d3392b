"""Prometheus metrics of the ops cycle, kept as running totals in the state directory.

A cron-driven `sitrep run` lives for one cycle, so its metrics cannot sit in memory: each run
folds its report into ``metrics.json``; the same collector then serves them from
`sitrep serve` at ``/metrics`` and writes them as a node_exporter textfile.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from prometheus_client import CollectorRegistry, write_to_textfile
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily
from prometheus_client.registry import Collector

from sitrep.run_report import RunReport

BUCKETS = (0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800)
TOTALS_FILE = "metrics.json"


def record_run(report: RunReport, state_dir: Path, finished_ts: float) -> None:
    """Fold one run's report into the running totals."""
    totals = load_totals(state_dir)
    totals["runs"] = totals.get("runs", 0) + 1
    if report.ok:
        totals["last_success_ts"] = finished_ts
    else:
        totals["failures"] = totals.get("failures", 0) + 1
    totals["last_run_ts"] = finished_ts
    stages = totals.setdefault("stages", {})
    for stage in report.stages:
        entry = stages.setdefault(stage.name, {"buckets": [0] * len(BUCKETS), "sum": 0.0, "count": 0,
                                               "failures": 0, "counts": {}})
        entry["sum"] += stage.seconds
        entry["count"] += 1
        entry["failures"] += 0 if stage.ok else 1
        for index, bound in enumerate(BUCKETS):
            if stage.seconds <= bound:
                entry["buckets"][index] += 1
        for key, value in stage.counts.items():
            if isinstance(value, int | float) and not isinstance(value, bool):
                entry["counts"][key] = entry["counts"].get(key, 0) + value
    path = state_dir / TOTALS_FILE
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(totals))
    os.replace(tmp, path)


def load_totals(state_dir: Path) -> dict[str, Any]:
    try:
        return json.loads((state_dir / TOTALS_FILE).read_text())
    except (FileNotFoundError, ValueError):
        return {}


class CycleCollector(Collector):
    """Exposes the totals file as Prometheus families on every scrape."""

    def __init__(self, state_dir: Path) -> None:
        self.state_dir = state_dir

    def collect(self) -> Iterator[Any]:
        totals = load_totals(self.state_dir)
        runs = CounterMetricFamily("sitrep_runs", "Cycles run", labels=["outcome"])
        runs.add_metric(["all"], totals.get("runs", 0))
        runs.add_metric(["failed"], totals.get("failures", 0))
        yield runs
        last = GaugeMetricFamily("sitrep_last_success_timestamp_seconds",
                                 "Unix time the last successful cycle finished")
        last.add_metric([], totals.get("last_success_ts", 0))
        yield last
        duration = HistogramMetricFamily("sitrep_stage_duration_seconds", "Stage durations",
                                         labels=["stage"])
        items = CounterMetricFamily("sitrep_stage_items", "Items counted by each stage",
                                    labels=["stage", "item"])
        for name, entry in sorted(totals.get("stages", {}).items()):
            buckets = [(str(b), c) for b, c in zip(BUCKETS, entry["buckets"], strict=True)]
            duration.add_metric([name], [*buckets, ("+Inf", entry["count"])], entry["sum"])
            for item, value in sorted(entry["counts"].items()):
                items.add_metric([name, item], value)
        yield duration
        yield items


def registry_for(state_dir: Path) -> CollectorRegistry:
    """A registry holding the cycle collector, for the API and the textfile writer alike."""
    registry = CollectorRegistry()
    registry.register(CycleCollector(state_dir))
    return registry


def write_textfile(state_dir: Path, path: Path) -> None:
    """Write the metrics for node_exporter's textfile collector (atomically, as it requires)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_to_textfile(str(path), registry_for(state_dir))
