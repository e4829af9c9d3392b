"""Throwaway topics and consumer groups (test sessions, benchmark runs) are dropped together."""

from __future__ import annotations

import pytest
from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.structs import OffsetAndMetadata

from connectors.kafka_topics import drop_topics_and_groups, ensure_topics
from connectors.settings import KafkaSettings

pytestmark = pytest.mark.integration


def _commit_an_offset(kafka: KafkaSettings, topic: str, group: str) -> None:
    """Make `group` exist in the broker, as a pipeline run leaves it: one committed offset."""
    producer = KafkaProducer(**kafka.client_options())
    producer.send(topic, b"x").get(timeout=30)
    producer.close()
    consumer = KafkaConsumer(**kafka.client_options(), group_id=group, enable_auto_commit=False)
    consumer.commit({TopicPartition(topic, 0): OffsetAndMetadata(1, "", -1)})
    consumer.close()


def test_topics_and_groups_under_a_prefix_go_and_the_rest_stay(servers, unique_name):
    prefix, other = unique_name("drop"), unique_name("keep")
    kafka = KafkaSettings(
        raw_topic=f"{prefix}-raw", enriched_topic=f"{prefix}-enriched", deadletter_topic=f"{prefix}-dead"
    )
    ensure_topics(kafka)
    _commit_an_offset(kafka, kafka.raw_topic, f"{prefix}-group")
    _commit_an_offset(kafka, kafka.raw_topic, f"{other}-group")

    drop_topics_and_groups(kafka, lambda name: name.startswith(prefix))

    admin = KafkaAdminClient(**kafka.client_options())
    try:
        topics = set(admin.list_topics())
        groups = {group["group_id"] for group in admin.list_groups()}
    finally:
        admin.close()
    assert not {t for t in topics if t.startswith(prefix)}
    assert f"{prefix}-group" not in groups and f"{other}-group" in groups
    drop_topics_and_groups(kafka, lambda name: name.startswith(other))
