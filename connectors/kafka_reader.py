"""Reading one bounded offset range of one partition, record by record."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass

from kafka import KafkaConsumer, TopicPartition

from connectors.kafka_offsets import OffsetRange
from connectors.settings import KafkaSettings


@dataclass(frozen=True)
class RawRecord:
    """One Kafka record as read: where it came from, its key and its undecoded value."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None


class RangeReadTimeout(RuntimeError):
    """The broker stopped returning records before the end of a planned range."""


class RangeReader:
    """A group-less consumer reused across ranges; assign, seek, poll until the range's end."""

    def __init__(self, settings: KafkaSettings, idle_timeout: float = 60.0) -> None:
        self.idle_timeout = idle_timeout
        self._consumer = KafkaConsumer(
            **settings.client_options(),
            group_id=None,
            enable_auto_commit=False,
            max_partition_fetch_bytes=settings.max_message_bytes,
            fetch_max_bytes=max(settings.max_message_bytes, 50 * 1024 * 1024),
            max_poll_records=200,
        )

    def read(self, offset_range: OffsetRange) -> Iterator[RawRecord]:
        """Every record with start <= offset < stop; raises if the broker goes quiet mid-range."""
        if offset_range.size == 0:
            return
        tp = TopicPartition(offset_range.topic, offset_range.partition)
        self._consumer.assign([tp])
        self._consumer.seek(tp, offset_range.start)
        last_progress = time.monotonic()
        while self._consumer.position(tp) < offset_range.stop:
            batch = self._consumer.poll(timeout_ms=500).get(tp, [])
            if batch:
                last_progress = time.monotonic()
            elif time.monotonic() - last_progress > self.idle_timeout:
                raise RangeReadTimeout(f"no records from {tp} for {self.idle_timeout}s in {offset_range}")
            for record in batch:
                if record.offset >= offset_range.stop:
                    return
                yield RawRecord(record.topic, record.partition, record.offset, record.key, record.value)

    def close(self) -> None:
        """Release the connection."""
        self._consumer.close(autocommit=False)
