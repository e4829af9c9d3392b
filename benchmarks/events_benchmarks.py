"""The events part of `make bench`: linking quality on the labelled set, and what linking
adds to a processing cycle, each one whole process printing its figures as JSON.

The results carry when they finished and the load average then, as the service parts do:
the cost is a side-by-side ratio on a shared machine, and means little without the load.
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


def _run(name: str, argv: list[str], log: list[str]) -> dict[str, Any]:
    """One benchmark process: its JSON figures, or an entry in the failures log."""
    measured = run_measured([PY, *argv], timeout=2 * 3600)
    if measured.returncode != 0 or not measured.output:
        log.append(f"{name} failed (exit {measured.returncode}): {measured.stderr_tail}")
    figures = json.dumps(measured.output)
    print(f"{name}: exit {measured.returncode}, {measured.wall:.0f} s: {figures}", flush=True)
    return measured.output


def run_events(runs: int, log: list[str]) -> dict[str, Any]:
    """Quality (both halves), then cost over 2 x ``runs`` alternating rounds of 2000 documents."""
    quality = _run("events quality", [str(HERE / "bench_events.py")], log)
    cost = _run("events cost", [str(HERE / "bench_events_cost.py"), "--rounds", str(2 * runs)], log)
    return {
        "quality": quality,
        "cost": cost,
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "load_average": [round(x, 1) for x in psutil.getloadavg()],
    }
