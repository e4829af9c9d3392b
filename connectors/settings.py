"""Typed settings for everything connectors talk to.

They live here, below the application, so a connector can take the one object it needs
without importing `sitrep`; `sitrep.config` builds them from YAML and the environment.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

MIB = 1024 * 1024


@dataclass(frozen=True)
class KafkaSettings:
    """Where Kafka is, which topics sitrep uses and how they are created."""

    bootstrap_servers: str = "127.0.0.1:9092"
    raw_topic: str = "sitrep.raw"
    enriched_topic: str = "sitrep.enriched"
    deadletter_topic: str = "sitrep.deadletter"
    consumer_group: str = "sitrep-process"
    raw_partitions: int = 6
    partitions: int = 3
    retention_ms: int = 7 * 24 * 3600 * 1000
    max_message_bytes: int = 6 * MIB
    compression: str = "gzip"
    security_protocol: str = "PLAINTEXT"
    sasl_mechanism: str | None = None
    sasl_username: str | None = None
    sasl_password: str | None = None
    ssl_cafile: str | None = None
    request_timeout_ms: int = 30_000
    # Copies of each partition that `sitrep init` asks for; None: one per broker, at most 3.
    replication_factor: int | None = None
    # Replicas that must acknowledge an acks=all write; None: replication_factor - 1 (at least 1),
    # so a cluster of three keeps accepting writes with one broker down.
    min_insync_replicas: int | None = None

    def client_options(self) -> dict[str, object]:
        """Keyword arguments shared by every kafka-python client sitrep creates."""
        options: dict[str, object] = {
            "bootstrap_servers": self.bootstrap_servers.split(","),
            "security_protocol": self.security_protocol,
            "request_timeout_ms": self.request_timeout_ms,
        }
        if self.sasl_mechanism:
            options.update(
                sasl_mechanism=self.sasl_mechanism,
                sasl_plain_username=self.sasl_username,
                sasl_plain_password=self.sasl_password,
            )
        if self.ssl_cafile:
            options["ssl_cafile"] = self.ssl_cafile
        return options

    def producer_options(self) -> dict[str, object]:
        """Durable producer settings: acknowledged by every replica, idempotent, compressed."""
        return {
            **self.client_options(),
            "acks": "all",
            "enable_idempotence": True,
            "compression_type": self.compression,
            "max_request_size": self.max_message_bytes,
            "linger_ms": 20,
        }


@dataclass(frozen=True)
class ElasticsearchSettings:
    """Where Elasticsearch is, how to authenticate, and the names sitrep's indices use."""

    url: str = "http://127.0.0.1:9200"
    username: str | None = None
    password: str | None = None
    api_key: str | None = None
    ca_certs: str | None = None
    verify_certs: bool = True
    request_timeout: float = 30.0
    articles_alias: str = "sitrep-articles"
    rules_index: str = "sitrep-rules"
    alerts_index: str = "sitrep-alerts"
    events_index: str = "sitrep-events"
    shards: int = 1
    # Replicas of every sitrep index; None: 1 on a cluster of two or more data nodes, else 0.
    replicas: int | None = None
    # Per-language analysis of the article index: auto (probe the node), hunspell, builtin or
    # plain; see connectors/language_analysis.py.
    language_analysis: str = "auto"


@dataclass(frozen=True)
class LocalServerSettings:
    """The Maven-fetched Kafka and Elasticsearch that `sitrep services` runs on loopback."""

    cache_dir: Path = field(default_factory=lambda: Path.home() / ".cache" / "sitrep")
    kafka_version: str = "4.1.1"
    # 8.19.9 runs on Java 17; 9.x (9.2.4 tested) needs Java 21+, found on its own when java_home
    # is older. Supported servers: connectors/elasticsearch_versions.py.
    elasticsearch_version: str = "8.19.9"
    kafka_port: int = 9092
    kafka_controller_port: int = 9093
    elasticsearch_port: int = 9200
    elasticsearch_transport_port: int = 9300
    kafka_heap: str = "768m"
    elasticsearch_heap: str = "1g"
    java_home: str | None = None
    start_timeout: float = 180.0
    # `sitrep services up --nodes N`: a local cluster of N Kafka nodes (broker + KRaft controller
    # each) and N Elasticsearch nodes. Node i (from 1) listens on each base port + i - 1.
    cluster_kafka_port: int = 29092
    cluster_kafka_controller_port: int = 29192
    cluster_elasticsearch_port: int = 29200
    cluster_elasticsearch_transport_port: int = 29300
    cluster_kafka_heap: str = "256m"
    cluster_elasticsearch_heap: str = "384m"
    # Beam's Flink runner for `--runner=FlinkRunner` runs (flink_job_server.py). 2.62.0 is the
    # newest Beam Java whose runner dependencies are all on Maven Central (2.70.0 lacks
    # beam-runners-java-job-service there); the Python SDK talks to it over the portable API.
    beam_java_version: str = "2.62.0"
    flink_version: str = "1.19"
    flink_job_port: int = 8099
    flink_job_server_heap: str = "1g"


@dataclass(frozen=True)
class FetchSettings:
    """How feeds and article pages are fetched: identity, limits and politeness."""

    user_agent: str = "sitrep/0.1 (+https://github.com/sitrep/sitrep)"
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    max_feed_bytes: int = 10 * MIB
    max_page_bytes: int = 5 * MIB
    max_redirects: int = 5
    retries: int = 3
    concurrency: int = 16
    per_host_delay: float = 1.0
    respect_robots: bool = True
    fetch_articles: bool = True
    # Seconds of the first retry's wait; each further retry doubles it (tenacity, jittered).
    retry_backoff: float = 0.5


@dataclass(frozen=True)
class AlertSettings:
    """How alerts are delivered: channel settings, secrets (from SITREP_ALERTS_*) and retries."""

    # HMAC-SHA256 key for webhook signatures; a target's `secret_env` overrides it.
    webhook_secret: str | None = None
    webhook_timeout: float = 10.0
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 25
    smtp_from: str = "sitrep@localhost"
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = False
    smtp_ssl: bool = False
    smtp_timeout: float = 10.0
    # Attempts per delivery within one cycle; a delivery still failing stays pending for the next.
    retries: int = 3
    # Seconds before the first retry; each further retry doubles it.
    retry_backoff: float = 1.0
    # Most matches one rule takes from one batch, and most pending alerts sent per cycle.
    max_matches_per_rule: int = 500
    max_pending: int = 500
