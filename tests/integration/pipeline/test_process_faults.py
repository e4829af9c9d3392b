"""Faults: Elasticsearch down mid-cycle, the process killed mid-cycle. Nothing lost or doubled."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from process_fixtures import news_html, raw_article

from connectors.kafka_offsets import plan_ranges

pytestmark = pytest.mark.integration
SITREP = Path(sys.executable).with_name("sitrep")


def test_elasticsearch_down_mid_cycle_fails_the_cycle_without_committing(stage, flaky_es) -> None:
    stage.produce([raw_article(f"https://a.example/{i}") for i in range(3)])
    flaky_es.down = True
    report = stage.run(es=replace(stage.es, url=flaky_es.url))
    assert not report.ok and flaky_es.bulk_refused >= 3
    assert sum(r.size for r in plan_ranges(stage.kafka)) == 3


def test_the_cycle_after_an_elasticsearch_outage_indexes_everything(stage, flaky_es) -> None:
    raws = [raw_article(f"https://a.example/{i}") for i in range(3)]
    stage.produce(raws)
    flaky_es.down = True
    stage.run(es=replace(stage.es, url=flaky_es.url))
    flaky_es.down = False
    report = stage.run(es=replace(stage.es, url=flaky_es.url))
    assert report.ok and set(stage.docs()) == {r["id"] for r in raws}


def sitrep_process(stage) -> subprocess.Popen:
    """`sitrep process` in its own process group, configured for this test's topics and index."""
    env = {
        **os.environ,
        "SITREP_KAFKA_RAW_TOPIC": stage.kafka.raw_topic,
        "SITREP_KAFKA_ENRICHED_TOPIC": stage.kafka.enriched_topic,
        "SITREP_KAFKA_DEADLETTER_TOPIC": stage.kafka.deadletter_topic,
        "SITREP_KAFKA_CONSUMER_GROUP": stage.kafka.consumer_group,
        "SITREP_ELASTICSEARCH_ARTICLES_ALIAS": stage.es.articles_alias,
        "SITREP_ELASTICSEARCH_EVENTS_INDEX": stage.es.events_index,
        # Small bulk requests, so the kill lands between writes and before the commit.
        "SITREP_PIPELINE_BULK_DOCS": "20",
        "SITREP_PIPELINE_BULK_BYTES": "300000",
    }
    args = [str(SITREP), "process", "--", "--direct_num_workers=2"]
    return subprocess.Popen(
        args, env=env, start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )


def test_a_cycle_killed_mid_way_then_rerun_ends_with_every_article_once(stage) -> None:
    """Killed once writes have begun (uncommitted), the rerun leaves each article exactly once."""
    html = news_html()
    raws = [
        raw_article(f"https://a.example/{i}", html=html.replace("<title>", f"<title>{i} "))
        for i in range(400)
    ]
    stage.produce(raws)
    process = sitrep_process(stage)
    deadline = time.monotonic() + 120
    while stage.count() == 0 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    assert process.poll() is None, process.communicate()[0].decode()[-3000:]
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    partial = stage.count()
    assert sum(r.size for r in plan_ranges(stage.kafka)) == 400, "killed cycle must not commit"
    rerun = sitrep_process(stage)
    output = rerun.communicate(timeout=600)[0].decode()
    assert rerun.returncode == 0, output
    assert partial > 0 and stage.count() == 400
    assert set(stage.docs()) == {r["id"] for r in raws}
