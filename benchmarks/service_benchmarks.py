"""The service benchmarks `make bench` runs after the pipeline ones: polling, alert latency,
search latency (multilingual index against English-only, side by side) and the language
analysis's indexing cost, each one whole process printing its figures as JSON.

Each result is kept with the moment it finished and the machine's load average then: the
machine is shared, and a latency read without the load beside it means little.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psutil
from measure import run_measured

HERE = Path(__file__).resolve().parent
PY = sys.executable
PARTS = ("polling", "alerts_latency", "search", "language_analysis")


def _run(name: str, argv: list[str], log: list[str]) -> dict[str, Any]:
    """One benchmark process; its JSON figures plus when it ran and the load at its end."""
    measured = run_measured([PY, *argv], timeout=3 * 3600)
    if measured.returncode != 0 or not measured.output:
        log.append(f"{name} failed (exit {measured.returncode}): {measured.stderr_tail}")
    print(
        f"{name}: exit {measured.returncode}, {measured.wall:.0f} s: {json.dumps(measured.output)}",
        flush=True,
    )
    return {
        **measured.output,
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "load_average": [round(x, 1) for x in psutil.getloadavg()],
        "wall_s": round(measured.wall, 1),
    }


def run_polling(runs: int, log: list[str]) -> dict[str, Any]:
    """500 feeds with the product's politeness, then with the per-host delay at 0 (the ceiling),
    then what the order of the feeds file costs: 100 feeds on 25 hosts, interleaved vs grouped
    by host (one run each, back to back)."""
    script = str(HERE / "bench_polling.py")
    small = [script, "--runs", "1", "--feeds", "100"]
    return {
        "polite": _run("polling (politeness on)", [script, "--runs", str(runs)], log),
        "unthrottled": _run(
            "polling (per-host delay 0)", [script, "--runs", str(runs), "--per-host-delay", "0"], log
        ),
        "order_interleaved": _run("polling 100 feeds, interleaved", small, log),
        "order_grouped": _run("polling 100 feeds, grouped by host", [*small, "--grouped"], log),
    }


def run_alert_latency(log: list[str]) -> dict[str, Any]:
    """30 entries at random gaps into a `sitrep run --every 15s` process."""
    return _run("alert latency", [str(HERE / "bench_alert_latency.py")], log)


def run_search_latency(runs: int, log: list[str]) -> dict[str, Any]:
    """20 clients for 60 s against `sitrep serve`, ``runs`` rounds alternating between the
    multilingual and the English-only index (at least 2, so each has a spread)."""
    argv = [str(HERE / "bench_search_latency.py"), "--runs", str(max(runs, 2))]
    return _run("search latency", argv, log)


def run_language_analysis(runs: int, log: list[str]) -> dict[str, Any]:
    """The real excerpts indexed under each layout, ``runs`` rotating rounds; cost and recall."""
    argv = [str(HERE / "bench_language_analysis.py"), "--json", "--rounds", str(runs)]
    return _run("language analysis", argv, log)


def run_parts(wanted: set[str], runs: int, log: list[str]) -> dict[str, Any]:
    """The wanted service benchmarks, in a fixed order, keyed as the report expects."""
    results: dict[str, Any] = {}
    if "polling" in wanted:
        results["polling"] = run_polling(runs, log)
    if "alerts_latency" in wanted:
        results["alerts_latency"] = run_alert_latency(log)
    if "search" in wanted:
        results["search"] = run_search_latency(runs, log)
    if "language_analysis" in wanted:
        results["language_analysis"] = run_language_analysis(runs, log)
    return results
