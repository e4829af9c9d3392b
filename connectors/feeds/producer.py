"""Producing raw articles to Kafka: keyed by id, acks=all, compressed, idempotent.

The producer only sends; deciding what counts as delivered (and therefore "seen") is the
poller's job, after `flush` has returned and each send's future has resolved.
"""

from __future__ import annotations

import json
from typing import Any

from kafka import KafkaProducer
from kafka.producer.future import FutureRecordMetadata

from connectors.settings import KafkaSettings

# Room for the record's key, headers and batch framing inside max_message_bytes.
FRAMING_BYTES = 16 * 1024


class RawProducer:
    """Sends raw-article dicts to ``sitrep.raw`` (or another topic, for tests)."""

    def __init__(self, settings: KafkaSettings, topic: str | None = None) -> None:
        self.topic = topic or settings.raw_topic
        self.max_bytes = settings.max_message_bytes
        self._producer = KafkaProducer(
            **settings.producer_options(), key_serializer=lambda key: key.encode("utf-8")
        )

    def send(self, article: dict[str, Any]) -> FutureRecordMetadata:
        """Queue one article; an HTML page too big for a Kafka message becomes a fetch error."""
        value = encode(article)
        if len(value) + FRAMING_BYTES > self.max_bytes and article.get("html"):
            limit = self.max_bytes - FRAMING_BYTES
            article = {**article, "html": None, "fetch_error": f"page too large for Kafka (> {limit} bytes)"}
            value = encode(article)
        return self._producer.send(self.topic, key=article["id"], value=value)

    def flush(self, timeout: float | None = None) -> None:
        """Block until every queued send is acknowledged or failed."""
        self._producer.flush(timeout=timeout)

    def close(self) -> None:
        """Flush and release the connection."""
        self._producer.close()


def encode(article: dict[str, Any]) -> bytes:
    """The message value: compact UTF-8 JSON."""
    return json.dumps(article, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
