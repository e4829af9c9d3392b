"""Shared fixtures: the real Kafka and Elasticsearch, started through `sitrep services up`.

Servers already running are reused; those this session started are stopped at its end. A
server that cannot start fails the tests that need it, loudly: nothing here skips or mocks.
"""

from __future__ import annotations

import itertools
import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import replace

import pytest
import requests
from elasticsearch import Elasticsearch

from connectors.elasticsearch_client import make_client
from connectors.kafka_topics import drop_topics_and_groups
from connectors.local_servers import services_down, services_status, services_up
from connectors.settings import ElasticsearchSettings, KafkaSettings
from sitrep.config import Config, load_config

SERVER_VERSIONS: dict[str, str] = {}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "unit: no servers needed")
    config.addinivalue_line("markers", "integration: talks to the real Kafka and Elasticsearch")


@pytest.fixture(scope="session")
def sitrep_config() -> Config:
    """The configuration the suite runs with: ./sitrep.yaml or defaults, plus SITREP_* env."""
    return load_config()


@pytest.fixture(scope="session")
def servers(sitrep_config: Config, run_id: str) -> Iterator[Config]:
    """Kafka and Elasticsearch up for the session, via the same code as `sitrep services up`.

    Afterwards this session's test topics, consumer groups and indices are dropped, and servers it started
    are stopped (set SITREP_KEEP_SERVERS=1 to keep them for the next run).
    """
    config = sitrep_config
    already = {s.name for s in services_status(config.services, config.state_dir) if s.ready}
    services_up(config.services, config.state_dir)
    _record_versions(config)
    yield config
    _drop_session_data(config, run_id)
    if not already and os.environ.get("SITREP_KEEP_SERVERS") != "1":
        services_down(config.services, config.state_dir)


def _drop_session_data(config: Config, run_id: str) -> None:
    pattern = f"test-*-{run_id}-*"
    client = make_client(config.elasticsearch)
    client.options(ignore_status=404).indices.delete(index=pattern, expand_wildcards="all")
    client.options(ignore_status=404).indices.delete_index_template(name=pattern)
    client.close()
    drop_topics_and_groups(config.kafka, lambda name: f"-{run_id}-" in name)


def _record_versions(config: Config) -> None:
    nodes = requests.get(f"{config.elasticsearch.url}/_nodes/_local", timeout=10).json()["nodes"]
    SERVER_VERSIONS["Elasticsearch"] = next(iter(nodes.values()))["version"]
    log = config.state_dir / "kafka" / "server.log"
    lines = log.read_text().splitlines() if log.exists() else []
    line = next((ln for ln in lines if "Kafka version:" in ln), "")
    SERVER_VERSIONS["Kafka"] = line.split("Kafka version:")[-1].split("(")[0].strip() or "unknown (external)"


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if SERVER_VERSIONS:
        talked = ", ".join(f"{name} {version}" for name, version in SERVER_VERSIONS.items())
        terminalreporter.write_line(f"integration tests talked to: {talked}")


@pytest.fixture(scope="session")
def run_id() -> str:
    """This session's tag, part of every name it creates, so clean-up touches only its own."""
    return uuid.uuid4().hex[:8]


@pytest.fixture(scope="session")
def unique_name(run_id: str) -> Callable[[str], str]:
    """Fresh topic/index names, so tests (and parallel runs) never share state by accident."""
    counter = itertools.count()
    return lambda prefix: f"test-{prefix}-{run_id}-{next(counter)}"


@pytest.fixture(scope="session")
def kafka_settings(servers: Config) -> KafkaSettings:
    """Settings for the running Kafka (topics named per test with `unique_name`)."""
    return servers.kafka


@pytest.fixture(scope="session")
def es_settings(servers: Config) -> ElasticsearchSettings:
    """Settings for the running Elasticsearch."""
    return servers.elasticsearch


@pytest.fixture(scope="session")
def es_client(es_settings: ElasticsearchSettings) -> Iterator[Elasticsearch]:
    """A client for the running node."""
    client = make_client(es_settings)
    yield client
    client.close()


@pytest.fixture
def isolated_settings(
    kafka_settings: KafkaSettings, es_settings: ElasticsearchSettings, unique_name: Callable[[str], str]
) -> tuple[KafkaSettings, ElasticsearchSettings]:
    """Kafka and ES settings whose topics, group and indices belong to one test only."""
    kafka = replace(
        kafka_settings,
        raw_topic=unique_name("raw"),
        enriched_topic=unique_name("enriched"),
        deadletter_topic=unique_name("deadletter"),
        consumer_group=unique_name("group"),
    )
    es = replace(
        es_settings,
        articles_alias=unique_name("articles"),
        rules_index=unique_name("rules"),
        alerts_index=unique_name("alerts"),
        events_index=unique_name("events"),
    )
    return kafka, es
