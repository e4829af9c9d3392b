"""The ops cycle's plumbing: schedules, the run lock, run reports and metrics."""

from __future__ import annotations

import json
import multiprocessing
import time
from pathlib import Path

import pytest

from sitrep.metrics import record_run, registry_for, write_textfile
from sitrep.run_lock import RunLocked, run_lock
from sitrep.run_report import RunReport, StageReport, load_last_report, now_iso, save_report
from sitrep.runner import Schedule, parse_interval

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("text", "seconds"), [("60s", 60), ("5m", 300), ("2h", 7200), ("1d", 86400), ("45", 45)]
)
def test_intervals_accept_common_units(text, seconds):
    assert parse_interval(text) == seconds


@pytest.mark.parametrize("text", ["", "soon", "-5m", "0s", "5x"])
def test_bad_intervals_are_refused_with_an_example(text):
    with pytest.raises(ValueError, match=r"duration|interval"):
        parse_interval(text)


def test_fixed_schedule_starts_one_interval_after_the_last_start():
    assert Schedule(every=60).next_start(1000.0) == 1060.0


def test_cron_schedule_lands_on_the_next_matching_minute():
    start = time.time()
    next_start = Schedule(cron="*/5 * * * *").next_start(start)
    assert start < next_start <= start + 300
    assert int(next_start) % 300 == 0


def test_invalid_cron_expression_is_refused():
    with pytest.raises(ValueError, match="cron"):
        Schedule(cron="every tuesday")


def _hold_lock(state_dir: str, ready, release) -> None:
    with run_lock(Path(state_dir)):
        ready.set()
        release.wait(10)


def test_a_second_run_is_refused_while_the_first_holds_the_lock(tmp_path):
    ready, release = multiprocessing.Event(), multiprocessing.Event()
    holder = multiprocessing.Process(target=_hold_lock, args=(str(tmp_path), ready, release))
    holder.start()
    try:
        assert ready.wait(10)
        with pytest.raises(RunLocked, match=f"pid {holder.pid}"), run_lock(tmp_path):
            pass
    finally:
        release.set()
        holder.join(10)
    with run_lock(tmp_path):
        pass


def test_lock_is_released_when_its_holder_dies(tmp_path):
    ready, release = multiprocessing.Event(), multiprocessing.Event()
    holder = multiprocessing.Process(target=_hold_lock, args=(str(tmp_path), ready, release))
    holder.start()
    assert ready.wait(10)
    holder.kill()
    holder.join(10)
    with run_lock(tmp_path):
        pass


def _report(ok: bool) -> RunReport:
    return RunReport(
        started_at=now_iso(), finished_at=now_iso(), exit_code=0 if ok else 1,
        reason=None if ok else "process: boom",
        stages=[StageReport("poll", True, 1.5, {"new": 4}),
                StageReport("process", ok, 12.0, {"indexed": 4}, None if ok else "boom")],
    )


def test_run_report_is_saved_as_json_and_as_last_run(tmp_path):
    path = save_report(_report(ok=False), tmp_path)
    saved = json.loads(path.read_text())
    assert saved["ok"] is False and saved["reason"] == "process: boom"
    assert load_last_report(tmp_path) == saved
    assert not list(tmp_path.rglob("*.tmp"))


def test_summary_names_each_stage_and_the_failure():
    lines = _report(ok=False).summary_lines()
    assert lines[0].startswith("poll") and "new 4" in lines[0]
    assert "FAILED: boom" in lines[1]
    assert lines[-1] == "run failed (exit 1): process: boom"


def test_metrics_accumulate_across_runs_and_reach_the_textfile(tmp_path):
    record_run(_report(ok=True), tmp_path, finished_ts=1000.0)
    record_run(_report(ok=False), tmp_path, finished_ts=2000.0)
    registry = registry_for(tmp_path)
    assert registry.get_sample_value("sitrep_runs_total", {"outcome": "all"}) == 2
    assert registry.get_sample_value("sitrep_runs_total", {"outcome": "failed"}) == 1
    assert registry.get_sample_value("sitrep_last_success_timestamp_seconds") == 1000.0
    assert registry.get_sample_value("sitrep_stage_items_total", {"stage": "poll", "item": "new"}) == 8
    assert registry.get_sample_value("sitrep_stage_duration_seconds_count", {"stage": "process"}) == 2
    write_textfile(tmp_path, tmp_path / "textfile" / "sitrep.prom")
    assert "sitrep_stage_duration_seconds_bucket" in (tmp_path / "textfile" / "sitrep.prom").read_text()
