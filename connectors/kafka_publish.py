"""Publishing JSON messages (enriched articles, dead letters) to Kafka, acknowledged."""

from __future__ import annotations

import json
from typing import Any

from kafka import KafkaProducer
from kafka.producer.future import FutureRecordMetadata

from connectors.settings import KafkaSettings


class JsonPublisher:
    """An idempotent acks=all producer; `flush` raises if any send since the last flush failed."""

    def __init__(self, settings: KafkaSettings) -> None:
        self._pending: list[FutureRecordMetadata] = []
        self._producer = KafkaProducer(**settings.producer_options())

    def send(self, topic: str, key: str | None, value: dict[str, Any]) -> None:
        """Queue one message, keyed so one article's messages stay in one partition."""
        body = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        self._pending.append(self._producer.send(topic, key=key.encode("utf-8") if key else None, value=body))

    def flush(self, timeout: float = 60.0) -> int:
        """Wait for every queued message; raise the first failure so the cycle does not commit."""
        self._producer.flush(timeout=timeout)
        pending, self._pending = self._pending, []
        for future in pending:
            future.get(timeout=timeout)
        return len(pending)

    def close(self) -> None:
        """Flush and release the connection."""
        self._producer.close()
