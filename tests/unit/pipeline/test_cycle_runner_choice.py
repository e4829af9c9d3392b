"""Which runner a window gets: small windows in this process, the rest on multi-process workers,
and a runner the user's own flags name always wins."""

from __future__ import annotations

import os

import pytest
from apache_beam.options.pipeline_options import DirectOptions, StandardOptions

from pipelines.cycle import pipeline_options, runs_in_process
from pipelines.settings import PipelineSettings
from sitrep.config import load_config

pytestmark = pytest.mark.unit
BELOW_50 = PipelineSettings(in_process_below=50)


def direct(argv: list[str], in_process: bool) -> tuple[str, str, int]:
    """(runner, running mode, workers) of the options built for ``argv``."""
    options = pipeline_options(argv, in_process)
    d = options.view_as(DirectOptions)
    return options.view_as(StandardOptions).runner, d.direct_running_mode, d.direct_num_workers


def test_a_window_below_the_threshold_runs_in_process() -> None:
    assert runs_in_process(49, BELOW_50, [])


def test_a_window_at_the_threshold_runs_on_the_workers() -> None:
    assert not runs_in_process(50, BELOW_50, [])


def test_a_threshold_of_zero_turns_the_in_process_path_off() -> None:
    assert not runs_in_process(1, PipelineSettings(in_process_below=0), [])


@pytest.mark.parametrize(
    "flags",
    [
        ["--runner=FlinkRunner", "--flink_master=localhost:8081"],
        ["--runner", "DirectRunner"],
        ["--direct_running_mode=multi_threading"],
        ["--direct_num_workers=2"],
        ["--direct_num_workers", "4"],
    ],
)
def test_the_users_runner_flags_win_over_the_threshold(flags: list[str]) -> None:
    assert not runs_in_process(1, BELOW_50, flags)


def test_other_flags_leave_the_choice_to_the_threshold() -> None:
    assert runs_in_process(1, BELOW_50, ["--max_num_workers=3", "--default_sdk_harness_log_level=INFO"])


def test_in_process_options_are_the_direct_runner_in_memory_with_one_worker() -> None:
    assert direct([], in_process=True) == ("DirectRunner", "in_memory", 1)


def test_worker_options_are_the_multi_process_direct_runner_on_every_core() -> None:
    assert direct([], in_process=False) == ("DirectRunner", "multi_processing", os.cpu_count() or 1)


def test_on_the_workers_path_the_users_direct_flags_are_kept() -> None:
    argv = ["--direct_running_mode=multi_threading", "--direct_num_workers=3"]
    assert direct(argv, in_process=False) == ("DirectRunner", "multi_threading", 3)


def test_the_threshold_comes_from_the_environment_like_every_pipeline_setting() -> None:
    config = load_config(environ={"SITREP_PIPELINE_IN_PROCESS_BELOW": "0"})
    assert config.pipeline.in_process_below == 0
