"""Creating sitrep's Kafka topics, idempotently, from the settings (and dropping throwaway ones)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kafka import KafkaAdminClient
from kafka.admin import NewTopic
from kafka.errors import TopicAlreadyExistsError

from connectors.settings import KafkaSettings


@dataclass(frozen=True)
class TopicSpec:
    """One topic as `sitrep init` creates it."""

    name: str
    partitions: int
    config: dict[str, str]


def topic_specs(settings: KafkaSettings) -> list[TopicSpec]:
    """The raw, enriched and dead-letter topics with their partitions and retention."""
    config = {
        "retention.ms": str(settings.retention_ms),
        "max.message.bytes": str(settings.max_message_bytes),
        "compression.type": "producer",
    }
    return [
        TopicSpec(settings.raw_topic, settings.raw_partitions, config),
        TopicSpec(settings.enriched_topic, settings.partitions, config),
        TopicSpec(settings.deadletter_topic, settings.partitions, config),
    ]


def replication(settings: KafkaSettings, brokers: int) -> tuple[int, int]:
    """Replication factor and min.insync.replicas for new topics on a cluster of ``brokers``.

    Unset, a cluster of three or more gets 3 and 2 (acks=all writes go on with one broker down,
    and nothing acknowledged lives on one disk only); a single broker gets 1 and 1.
    """
    factor = settings.replication_factor or max(1, min(3, brokers))
    return factor, settings.min_insync_replicas or max(1, factor - 1)


def ensure_topics(settings: KafkaSettings, specs: list[TopicSpec] | None = None) -> list[str]:
    """Create the topics that do not exist yet; returns the names created (empty on a re-run)."""
    specs = topic_specs(settings) if specs is None else specs
    admin = KafkaAdminClient(**settings.client_options())
    try:
        existing = set(admin.list_topics())
        missing = [spec for spec in specs if spec.name not in existing]
        brokers = len(admin.describe_cluster()["brokers"]) if missing else 1
        factor, in_sync = replication(settings, brokers)
        created = []
        for spec in missing:
            config = {**spec.config, "min.insync.replicas": str(in_sync)}
            try:
                admin.create_topics([NewTopic(spec.name, spec.partitions, factor, topic_configs=config)])
                created.append(spec.name)
            except TopicAlreadyExistsError:
                pass
        return created
    finally:
        admin.close()


def drop_topics_and_groups(settings: KafkaSettings, belongs: Callable[[str], bool]) -> None:
    """Delete the topics and consumer groups whose names `belongs` accepts.

    For the throwaway names of test sessions and benchmark runs: the committed offsets of
    their consumer groups would otherwise pile up in the broker run after run.
    """
    admin = KafkaAdminClient(**settings.client_options())
    try:
        topics = [topic for topic in admin.list_topics() if belongs(topic)]
        if topics:
            admin.delete_topics(topics)
        groups = [group["group_id"] for group in admin.list_groups() if belongs(group["group_id"])]
        if groups:
            admin.delete_groups(groups)
    finally:
        admin.close()
