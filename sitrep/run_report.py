"""The record of one `sitrep run` cycle: per-stage timings and counts, kept as JSON files."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

KEEP_REPORTS = 200


@dataclass
class StageReport:
    """One stage of a cycle: how long it took, whether it succeeded, what it counted."""

    name: str
    ok: bool
    seconds: float
    counts: dict[str, Any] = field(default_factory=dict)
    error: str | None = None


@dataclass
class RunReport:
    """One cycle as ops see it: exit code, reason, the stages in order."""

    started_at: str
    finished_at: str | None = None
    exit_code: int = 0
    reason: str | None = None
    stages: list[StageReport] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.exit_code == 0

    def stage(self, name: str) -> StageReport | None:
        """The stage named ``name``, if it ran."""
        return next((s for s in self.stages if s.name == name), None)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self) | {"ok": self.ok}

    def summary_lines(self) -> list[str]:
        """The human summary printed at the end of a run."""
        lines = []
        for stage in self.stages:
            counts = ", ".join(f"{k} {v}" for k, v in stage.counts.items())
            status = "ok" if stage.ok else f"FAILED: {stage.error}"
            lines.append(f"{stage.name:<8} {stage.seconds:7.1f}s  {status}{'  ' + counts if counts else ''}")
        verdict = "run ok" if self.ok else f"run failed (exit {self.exit_code}): {self.reason}"
        return [*lines, verdict]


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def save_report(report: RunReport, state_dir: Path) -> Path:
    """Write the report to ``runs/<start>.json`` and ``last-run.json`` atomically; prune old ones."""
    runs = state_dir / "runs"
    runs.mkdir(parents=True, exist_ok=True)
    text = json.dumps(report.as_dict(), indent=2)
    name = report.started_at.replace(":", "").replace("+0000", "Z")
    path = runs / f"{name}.json"
    _write_atomically(path, text)
    _write_atomically(state_dir / "last-run.json", text)
    for old in sorted(runs.glob("*.json"))[:-KEEP_REPORTS]:
        old.unlink(missing_ok=True)
    return path


def _write_atomically(path: Path, text: str) -> None:
    """Write via a temporary file and rename, so a full disk never leaves a half-written report."""
    tmp = path.with_suffix(path.suffix + ".tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def load_last_report(state_dir: Path) -> dict[str, Any] | None:
    """The last run's report as data, or None before the first run."""
    try:
        return json.loads((state_dir / "last-run.json").read_text())
    except (FileNotFoundError, ValueError):
        return None
