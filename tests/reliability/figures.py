"""The reliability suite's figures: what each fault or bad-input class tried and what it found.

Tests record one `Figure` per class through the ``ledger`` fixture; at the end of the session
the rows are merged into ``tests/artifacts/reliability/figures.json`` (a partial run updates
only its own rows). ``python -m tests.reliability.figures`` renders that file as
``benchmarks/RELIABILITY.md``.
"""

from __future__ import annotations

import json
import platform
import sys
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIGURES = ROOT / "tests" / "artifacts" / "reliability" / "figures.json"
REPORT = ROOT / "benchmarks" / "RELIABILITY.md"
FINDINGS = [
    "Found and fixed: `sitrep poll` and `sitrep run` on a read-only or full state directory "
    "exited 1 with a raw traceback; they now say in one line that the state directory cannot be "
    "written, and the state database is never corrupted (test_state_dir_faults).",
    "Found and fixed: `read_feed` let feedparser's `UnicodeDecodeError` / `ValueError` escape when "
    "the XML declaration's encoding name held a non-UTF-8 byte or NUL (26 of 10,000 generated "
    "feeds in the full run before the fix); such a feed is now reported as unreadable on its "
    "summary line (test_bad_input).",
    "Found and fixed: raw-DSL-shaped queries (`{\"query\":{\"match_all\":{}}}`) were searched as plain "
    "words (200, no match); braces and brackets are now refused with a clear 400 (nothing was ever "
    "executed as DSL).",
]
COMMAND_FULL = "make reliability   # = SITREP_RELIABILITY_FULL=1 .venv/bin/python -m pytest tests/reliability"


@dataclass
class Figure:
    """One fault or bad-input class: cases tried, articles fed / found / lost / duplicated."""

    key: str
    title: str
    cases: int
    fed: int | None = None
    found: int | None = None
    lost: int | None = None
    duplicated: int | None = None
    notes: str = ""
    full: bool = False
    extra: dict[str, float | int | str] = field(default_factory=dict)


@dataclass
class Ledger:
    """The figures of one pytest session, plus the server versions it talked to."""

    rows: dict[str, Figure] = field(default_factory=dict)
    versions: dict[str, str] = field(default_factory=dict)

    def record(self, figure: Figure) -> None:
        """Add or replace the row of one class (the last test of a class wins)."""
        self.rows[figure.key] = figure

    def save(self, path: Path = FIGURES) -> None:
        """Merge this session's rows into the figures file."""
        if not self.rows:
            return
        data = json.loads(path.read_text()) if path.exists() else {"rows": {}, "versions": {}}
        stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        for key, figure in self.rows.items():
            data["rows"][key] = {**asdict(figure), "date": stamp}
        data["versions"].update(self.versions, **software_versions())
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, indent=2, sort_keys=True))


def software_versions() -> dict[str, str]:
    """Versions of the Python side, for the report header."""
    names = ["apache-beam", "kafka-python", "elasticsearch", "feedparser", "trafilatura", "hypothesis"]
    found = {name: metadata.version(name) for name in names}
    found["Python"] = platform.python_version()
    return found


def _cell(value: object) -> str:
    return "–" if value is None else str(value)


def render(data: dict) -> str:
    """The markdown report of a figures file."""
    rows = sorted(data["rows"].values(), key=lambda r: (r["full"], r["key"]))
    dates = sorted(r["date"] for r in rows)
    versions = ", ".join(f"{k} {v}" for k, v in sorted(data["versions"].items()))
    lines = [
        "# Reliability report",
        "",
        "Produced by `tests/reliability/` against the real Kafka and Elasticsearch (no mocks);",
        "regenerate with the command below, then `.venv/bin/python -m tests.reliability.figures`.",
        "",
        f"- Date of the runs: {dates[0]} … {dates[-1]}" if dates else "- Date: (no runs)",
        f"- Versions: {versions}",
        f"- Machine: {platform.machine()}, {_cores()} cores, Linux {platform.release()}",
        f"- Reproduce everything: `{COMMAND_FULL}`",
        "- Default subset (runs inside `make test`): `.venv/bin/python -m pytest tests/reliability`",
        "",
        "| class | suite | cases | fed | found | lost | duplicated | notes |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        suite = "full" if r["full"] else "default"
        lines.append(
            f"| {r['title']} | {suite} | {r['cases']} | {_cell(r['fed'])} | {_cell(r['found'])} | "
            f"{_cell(r['lost'])} | {_cell(r['duplicated'])} | {r['notes']} |"
        )
    extras = [r for r in rows if r["extra"]]
    if extras:
        lines += ["", "## Measurements", ""]
        for r in extras:
            measured = ", ".join(f"{k} = {v}" for k, v in r["extra"].items())
            lines.append(f"- **{r['title']}**: {measured}")
    lines += ["", "## Findings of the last run", "", *(f"- {finding}" for finding in FINDINGS)]
    return "\n".join(lines) + "\n"


def _cores() -> int:
    import os

    return os.cpu_count() or 1


def main(argv: list[str] | None = None) -> int:
    """Render the figures file into benchmarks/RELIABILITY.md."""
    if not FIGURES.exists():
        print(f"no figures yet: run the suite first ({COMMAND_FULL})", file=sys.stderr)
        return 1
    REPORT.write_text(render(json.loads(FIGURES.read_text())))
    print(f"wrote {REPORT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
