"""Fixtures for feed-reader integration tests: the loopback fixture server and real Kafka."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml
from kafka import KafkaAdminClient, KafkaConsumer, TopicPartition
from kafka.admin import NewTopic

from connectors.feeds.errors import AddressRefused
from connectors.settings import FetchSettings, KafkaSettings
from tests.fixture_http import FixtureServer

ROOT = Path(__file__).resolve().parents[3]
CORPUS = Path(__file__).parents[2] / "fixtures" / "corpus" / "feeds" / "feedparser-tests"
ROOTS = {
    "/feeds/": ROOT / "seeds" / "fixtures" / "feeds",
    "/pages/": ROOT / "seeds" / "fixtures" / "pages",
    "/test-feeds/": ROOT / "tests" / "fixtures" / "feeds",
    "/corpus/": CORPUS,
}
TEST_HOSTS = {"127.0.0.1": ["127.0.0.1"], "intranet.example": ["10.0.0.1"]}
FAST_FETCH = FetchSettings(
    user_agent="sitrep-test/1",
    connect_timeout=1.0,
    read_timeout=0.5,
    retries=1,
    retry_backoff=0.01,
    per_host_delay=0.0,
    concurrency=8,
)


def loopback_resolver(host: str, port: int) -> list[str]:
    """Resolve only the test's names; anything else is refused, so no traffic leaves loopback."""
    if host not in TEST_HOSTS:
        raise AddressRefused(f"test resolver: {host!r} is not a test host")
    return TEST_HOSTS[host]


@pytest.fixture(scope="module")
def fixture_server() -> Iterator[FixtureServer]:
    """The loopback server with seeds, test fixtures and the feedparser corpus."""
    with FixtureServer(ROOTS) as server:
        yield server


@pytest.fixture(scope="module")
def raw_topic(kafka_settings: KafkaSettings, unique_name: Callable[[str], str]) -> str:
    """A fresh topic standing in for sitrep.raw."""
    name = unique_name("raw")
    admin = KafkaAdminClient(**kafka_settings.client_options())
    try:
        admin.create_topics([NewTopic(name, num_partitions=3, replication_factor=1)])
    finally:
        admin.close()
    return name


def read_topic(
    settings: KafkaSettings, topic: str, timeout: float = 30.0
) -> list[tuple[str, dict[str, Any]]]:
    """Every message in ``topic`` as (key, value), read from the start to the current end."""
    consumer = KafkaConsumer(**settings.client_options(), enable_auto_commit=False)
    try:
        partitions = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or [])]
        consumer.assign(partitions)
        consumer.seek_to_beginning(*partitions)
        ends = consumer.end_offsets(partitions)
        messages: list[tuple[str, dict[str, Any]]] = []
        deadline = time.monotonic() + timeout
        while any(consumer.position(tp) < ends[tp] for tp in partitions):
            assert time.monotonic() < deadline, f"timed out reading {topic}"
            for records in consumer.poll(timeout_ms=500).values():
                messages += [(r.key.decode(), json.loads(r.value)) for r in records]
        return messages
    finally:
        consumer.close()


def write_feeds_file(path: Path, feeds: list[dict[str, Any]]) -> Path:
    """A feeds file for a test (fixture feeds are local: true unless the test says otherwise)."""
    path.write_text(yaml.safe_dump({"feeds": feeds}), encoding="utf-8")
    return path


def fetch_settings(**changes: Any) -> FetchSettings:
    """Fast timeouts and no politeness delay: everything is one loopback host."""
    return replace(FAST_FETCH, **changes)


def closed_port() -> int:
    """A loopback port nobody listens on: the 'server is down' feed."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
