"""Planning and committing the bounded offset ranges one processing cycle reads from Kafka.

A cycle reads each partition from the consumer group's committed offset (else the earliest
retained one) to the end offset seen when the cycle starts, and commits those ends only after
every write succeeded: at-least-once delivery that idempotent writes make effectively once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kafka import KafkaConsumer, TopicPartition
from kafka.structs import OffsetAndMetadata

from connectors.settings import KafkaSettings


@dataclass(frozen=True, order=True)
class OffsetRange:
    """Offsets ``start`` (inclusive) to ``stop`` (exclusive) of one partition of a topic."""

    topic: str
    partition: int
    start: int
    stop: int

    @property
    def size(self) -> int:
        """How many offsets the range spans (gaps from compaction included)."""
        return max(0, self.stop - self.start)


class KafkaPlanError(RuntimeError):
    """The topic to read does not exist or its offsets cannot be fetched."""


def _group_consumer(settings: KafkaSettings) -> KafkaConsumer:
    """A consumer that only talks to the group coordinator: never subscribes, never auto-commits."""
    return KafkaConsumer(
        **settings.client_options(), group_id=settings.consumer_group, enable_auto_commit=False
    )


def plan_ranges(settings: KafkaSettings, topic: str | None = None) -> list[OffsetRange]:
    """One range per partition: committed (or earliest) offset to the end offset now.

    A committed offset older than the earliest retained one starts at the earliest instead,
    since the records before it are gone. Empty ranges are kept so the commit covers them.
    """
    topic = topic or settings.raw_topic
    consumer = _group_consumer(settings)
    try:
        partitions = consumer.partitions_for_topic(topic)
        if not partitions:
            raise KafkaPlanError(f"topic {topic!r} does not exist at {settings.bootstrap_servers}")
        tps = [TopicPartition(topic, p) for p in sorted(partitions)]
        earliest = consumer.beginning_offsets(tps)
        ends = consumer.end_offsets(tps)
        ranges = []
        for tp in tps:
            committed = consumer.committed(tp)
            start = max(committed if committed is not None else 0, earliest[tp])
            ranges.append(OffsetRange(topic, tp.partition, min(start, ends[tp]), ends[tp]))
        return ranges
    finally:
        consumer.close(autocommit=False)


def split_range(offset_range: OffsetRange, chunk: int) -> list[OffsetRange]:
    """Cut a range into chunks of at most ``chunk`` offsets so several workers share a partition."""
    if chunk <= 0:
        raise ValueError("chunk must be positive")
    return [
        OffsetRange(offset_range.topic, offset_range.partition, start, min(start + chunk, offset_range.stop))
        for start in range(offset_range.start, offset_range.stop, chunk)
    ]


def commit_ranges(settings: KafkaSettings, ranges: Iterable[OffsetRange]) -> dict[int, int]:
    """Commit the end of each partition's ranges for the group; returns partition -> offset."""
    ends: dict[tuple[str, int], int] = {}
    for offset_range in ranges:
        key = (offset_range.topic, offset_range.partition)
        ends[key] = max(ends.get(key, 0), offset_range.stop)
    if not ends:
        return {}
    consumer = _group_consumer(settings)
    try:
        consumer.commit(
            {TopicPartition(t, p): OffsetAndMetadata(stop, "", -1) for (t, p), stop in ends.items()}
        )
    finally:
        consumer.close(autocommit=False)
    return {p: stop for (_, p), stop in ends.items()}
