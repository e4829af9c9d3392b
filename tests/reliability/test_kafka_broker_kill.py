"""The Kafka broker SIGKILLed and restarted while `sitrep poll` produces, and again while
`sitrep process` reads: the index ends with one document per unique canonical URL fed.

Runs on a broker of the suite's own (own_servers.py); the shared servers are never touched.
The feed is generated: 300 articles plus 60 tracking-parameter copies of them, and every page
answers slowly enough that the kill lands mid-pass.
"""

from __future__ import annotations

import os
import signal
import time
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from kafka import KafkaConsumer, TopicPartition
from process_fixtures import news_html

from connectors.elasticsearch_indices import ensure_indices
from connectors.kafka_topics import ensure_topics
from tests.fixture_http import FixtureServer, Reply
from tests.reliability.conftest import Figure
from tests.reliability.harness import (
    SITREP,
    duplicated,
    finish,
    indexed_count,
    process_env,
    sitrep_process,
    snapshot,
    spawn,
    uncommitted,
    wait_for,
)
from tests.reliability.own_servers import own_kafka

pytestmark = [pytest.mark.integration, pytest.mark.reliability_full]
ARTICLES, COPIES = 300, 60


@pytest.fixture
def broker(servers, tmp_path):
    """A private single-node Kafka that this test kills and restarts."""
    node = own_kafka(servers.services, tmp_path / "own-kafka")
    node.start()
    yield node
    node.stop()


@pytest.fixture
def site():
    """A loopback feed of ARTICLES articles (+ COPIES tracking copies), pages answering in 30 ms."""
    html = news_html()
    with FixtureServer() as server:
        links = [server.url(f"/a/{i}") for i in range(ARTICLES)]
        links += [f"{server.url(f'/a/{i}')}?utm_source=rss&utm_medium=feed" for i in range(COPIES)]
        items = "".join(
            f"<item><title>Story {n}</title><link>{link}</link><description>Summary {n}</description></item>"
            for n, link in enumerate(links)
        )
        feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>load</title>{items}</channel></rss>'
        server.routes["/feed.xml"] = Reply(200, {"Content-Type": "application/rss+xml"}, feed.encode())
        for i in range(ARTICLES):
            page = html.replace("<title>", f"<title>Story {i} ").encode()
            server.routes[f"/a/{i}"] = Reply(
                200, {"Content-Type": "text/html; charset=utf-8"}, page, delay=0.03
            )
        yield server


def produced(kafka) -> int:
    """Records in the raw topic (end offsets), 0 while the broker is down."""
    try:
        consumer = KafkaConsumer(**kafka.client_options())
    except Exception:
        return 0
    try:
        partitions = [
            TopicPartition(kafka.raw_topic, p) for p in consumer.partitions_for_topic(kafka.raw_topic) or []
        ]
        return sum(consumer.end_offsets(partitions).values())
    except Exception:
        return 0
    finally:
        consumer.close()


def kill_and_restart(broker, down_for: float = 3.0) -> None:
    """SIGKILL the broker, leave it down a moment, start it again."""
    broker.kill()
    time.sleep(down_for)
    broker.start()


def repeat_until_ok(args: list[str], env: dict[str, str], attempts: int = 4) -> list[int]:
    """Run a sitrep command until it exits 0; the exit codes seen."""
    codes = []
    for _ in range(attempts):
        code, output = finish(spawn(args, env))
        codes.append(code)
        if code == 0:
            return codes
    raise AssertionError(f"still failing after {attempts} runs: {codes}\n{output}")


def test_broker_killed_during_poll_and_during_process_loses_and_doubles_nothing(
    broker, site, isolated_settings, es_client, tmp_path: Path, record
):
    kafka, es = isolated_settings
    kafka = replace(kafka, bootstrap_servers=broker.server.address, raw_partitions=3)
    ensure_topics(kafka)
    ensure_indices(es_client, es)
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text(
        yaml.safe_dump({"feeds": [{"name": "load", "url": site.url("/feed.xml"), "local": True}]})
    )
    env = process_env(
        kafka,
        es,
        SITREP_STATE_DIR=str(tmp_path / "state"),
        SITREP_FEEDS_FILE=str(feeds),
        SITREP_FETCH_PER_HOST_DELAY="0",
        SITREP_FETCH_CONCURRENCY="4",
    )

    poll = spawn([str(SITREP), "poll"], env)
    assert wait_for(lambda: site.hits("/a/0") + site.hits("/a/50") > 0, poll, timeout=120)
    time.sleep(2)
    poll_alive = poll.poll() is None
    kill_and_restart(broker)
    first_poll, _ = finish(poll)
    poll_codes = [first_poll, *repeat_until_ok([str(SITREP), "poll"], env)]
    raw_records = produced(kafka)

    process = sitrep_process(env)
    assert wait_for(lambda: indexed_count(es_client, es.articles_alias) > 0, process, timeout=600)
    process_alive = process.poll() is None
    kill_and_restart(broker)
    first_process, _ = finish(process)
    process_codes = [
        first_process,
        *repeat_until_ok([str(SITREP), "process", "--", "--direct_num_workers=2"], env),
    ]
    docs = snapshot(es_client, es.articles_alias)
    record(
        Figure(
            "kafka-kill",
            "Kafka broker SIGKILL + restart during poll and during process",
            2,
            fed=ARTICLES + COPIES,
            found=len(docs),
            lost=ARTICLES - len(docs),
            duplicated=duplicated(docs),
            full=True,
            notes=f"{ARTICLES} unique canonical URLs + {COPIES} tracking copies; {raw_records} raw records "
            f"produced; poll running at the kill: {poll_alive}, exits {poll_codes}; "
            f"process running at the kill: {process_alive}, exits {process_codes}",
        )
    )
    assert poll_alive and process_alive, "a kill landed after the command had finished"
    assert uncommitted(kafka) == 0
    assert len(docs) == ARTICLES and duplicated(docs) == 0


__all__ = ["os", "signal"]
