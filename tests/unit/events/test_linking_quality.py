"""The linking quality floor on real reports (benchmarks/RESULTS.md "Events"), held per half."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "benchmarks"))
from bench_events import BASELINE, load_set, run

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def measured() -> dict:
    """Both halves through the real tagger and linker, once for the module."""
    return run()


def test_the_set_is_split_up_front_and_labelled_with_near_misses() -> None:
    reports = load_set()
    halves = {r["half"] for r in reports}
    incidents = {r["incident"] for r in reports}
    assert halves == {"dev", "blind"} and len(reports) >= 50 and len(incidents) >= 10
    assert len({r["language"] for r in reports}) >= 5


@pytest.mark.parametrize("half", ["dev", "blind"])
def test_pairwise_precision_and_recall_hold_the_baseline(measured: dict, half: str) -> None:
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    floor, slack = baseline[half], baseline["slack"]
    got = measured[half]
    assert got["precision"] >= floor["precision"] - slack, got
    assert got["recall"] >= floor["recall"] - slack, got
