"""The Events section `make bench` writes: dated so a later partial run carries it over
truthfully, with the cost verdict taken from the median per-round ratio."""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path
from typing import Any

import pytest

BENCHMARKS = Path(__file__).resolve().parents[3] / "benchmarks"
if str(BENCHMARKS) not in sys.path:
    sys.path.insert(0, str(BENCHMARKS))

from report import previous_sections  # noqa: E402
from report_events import events_section  # noqa: E402

RESULT = Path(__file__).resolve().parents[2] / "fixtures" / "events" / "bench-events-result.json"


@pytest.fixture
def result() -> dict[str, Any]:
    """A real `run_events` result (quality and cost), as `make bench` produced it."""
    return json.loads(RESULT.read_text(encoding="utf-8"))


def test_a_carried_over_events_section_keeps_the_date_it_was_measured(
    result: dict[str, Any], tmp_path: Path
) -> None:
    path = tmp_path / "RESULTS.md"
    header = "# results\n\n- Date: 2099-01-01\n\n"
    path.write_text(header + "\n".join(events_section(result)), encoding="utf-8")
    sections, measured_on = previous_sections(path)
    assert sections["events"][0] == "## Events: linking quality and cost"
    assert measured_on["events"] == result["finished_at"]


def test_every_round_is_shown_with_both_runs_and_its_ratio(result: dict[str, Any]) -> None:
    rows = [line for line in events_section(result) if line.startswith("| ") and "first |" in line]
    assert len(rows) == result["cost"]["rounds"]
    for row, ratio in zip(rows, result["cost"]["wall_ratio"], strict=True):
        assert f"| {ratio:.3f} |" in row


@pytest.mark.parametrize(("added", "verdict"), [(0.021, "**met**"), (0.1, "**met**"), (0.134, "**missed**")])
def test_the_cost_verdict_follows_the_median_ratio_against_ten_percent(
    result: dict[str, Any], added: float, verdict: str
) -> None:
    changed = copy.deepcopy(result)
    changed["cost"]["added_wall"] = added
    line = next(ln for ln in events_section(changed) if ln.startswith("- Linking adds"))
    assert f"target <= +10%: {verdict}" in line


def test_a_failed_cost_run_says_so_and_keeps_the_quality_figures(result: dict[str, Any]) -> None:
    failed = {**result, "cost": {}}
    lines = events_section(failed)
    assert "Cost: failed to run; see Failures." in lines
    assert any(line.startswith("| blind |") for line in lines)
