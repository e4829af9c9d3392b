"""Small windows run inside the driver process: same pipeline, same writes, same commits.

Where a cycle ran shows in this process: the tagger (built once per process by the DoFn's
setup) is built here only when the pipeline ran here, and the extraction child is a child
of this process only then.
"""

from __future__ import annotations

from dataclasses import replace

import psutil
import pytest
from process_fixtures import TEST_SETTINGS, raw_article

from connectors.kafka_offsets import plan_ranges
from pipelines.enrich import shared_tagger

pytestmark = pytest.mark.integration
IN_PROCESS = replace(TEST_SETTINGS, in_process_below=10)


def extraction_children() -> list[int]:
    """Process ids of this process's extraction guard children."""
    return [c.pid for c in psutil.Process().children() if "pipelines.page_worker" in c.cmdline()]


def test_a_small_window_runs_in_this_process_and_indexes_and_commits(stage) -> None:
    raws = [raw_article(f"https://a.example/{i}") for i in range(3)]
    stage.produce(raws)
    shared_tagger.cache_clear()
    report = stage.run(IN_PROCESS, argv=())
    assert report.ok, report.error
    assert shared_tagger.cache_info().currsize == 1, "the tagger was built in this process"
    assert report.counters["read"] == 3 and report.counters["indexed"] == 3
    assert set(stage.docs()) == {r["id"] for r in raws}
    assert report.committed and all(r.size == 0 for r in plan_ranges(stage.kafka))


def test_a_window_at_the_threshold_runs_on_the_workers(stage) -> None:
    stage.produce([raw_article(f"https://a.example/{i}") for i in range(3)])
    shared_tagger.cache_clear()
    report = stage.run(replace(TEST_SETTINGS, in_process_below=3), argv=())
    assert report.ok and report.counters["indexed"] == 3
    assert shared_tagger.cache_info().currsize == 0, "the tagger was built in the workers"


def test_consecutive_in_process_cycles_share_the_tagger_and_the_extraction_child(stage) -> None:
    stage.produce([raw_article("https://a.example/first")])
    stage.run(IN_PROCESS, argv=())
    children, built = set(extraction_children()), shared_tagger.cache_info()
    stage.produce([raw_article("https://a.example/second")])
    report = stage.run(IN_PROCESS, argv=())
    assert report.ok and report.counters["indexed"] == 1
    # the second cycle's page went to a child the first left running: none started, none lost
    assert children and set(extraction_children()) == children
    assert shared_tagger.cache_info().misses == built.misses


def test_elasticsearch_down_in_process_fails_the_cycle_without_committing(stage, flaky_es) -> None:
    stage.produce([raw_article(f"https://a.example/{i}") for i in range(3)])
    flaky_es.down = True
    report = stage.run(IN_PROCESS, es=replace(stage.es, url=flaky_es.url), argv=())
    assert not report.ok and flaky_es.bulk_refused >= 3
    assert not report.committed and sum(r.size for r in plan_ranges(stage.kafka)) == 3
