"""Dead letters: what could not be processed, why, at which stage, with enough to replay it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import apache_beam as beam
from apache_beam.metrics import Metrics

from connectors.kafka_publish import JsonPublisher
from connectors.kafka_reader import RawRecord
from connectors.settings import KafkaSettings

DEADLETTER = "deadletter"
PAYLOAD_LIMIT = 64 * 1024
# Where a record came from in Kafka; carried on every article so failures can point back.
PROVENANCE = "_kafka"


def now_utc() -> str:
    """The current time as ISO 8601 UTC with a Z suffix, as every sitrep timestamp is written."""
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _payload(value: bytes | str | None) -> str | None:
    if value is None:
        return None
    text = value.decode("utf-8", "replace") if isinstance(value, bytes) else value
    return text[:PAYLOAD_LIMIT]


def record_failure(stage: str, reason: str, record: RawRecord) -> dict[str, Any]:
    """A dead letter for a Kafka record that never became an article (not JSON, invalid)."""
    return {
        "stage": stage,
        "reason": reason,
        "failed_at": now_utc(),
        "id": record.key.decode("utf-8", "replace") if record.key else None,
        "url": None,
        "topic": record.topic,
        "partition": record.partition,
        "offset": record.offset,
        "payload": _payload(record.value),
    }


def article_failure(stage: str, reason: str, article: dict[str, Any]) -> dict[str, Any]:
    """A dead letter for a decoded article; the payload keeps its fields minus the bulky HTML."""
    origin = article.get(PROVENANCE) or {}
    kept = {k: v for k, v in article.items() if k not in ("html", PROVENANCE, "text", "minhash")}
    return {
        "stage": stage,
        "reason": reason,
        "failed_at": now_utc(),
        "id": article.get("id"),
        "url": article.get("url"),
        "topic": origin.get("topic"),
        "partition": origin.get("partition"),
        "offset": origin.get("offset"),
        "payload": _payload(json.dumps(kept, ensure_ascii=False, default=str)),
    }


class _PublishDoFn(beam.DoFn):
    """Sends dead letters to Kafka; a bundle only finishes once all of them are acknowledged."""

    def __init__(self, settings: KafkaSettings) -> None:
        self.settings = settings
        self.failed = Metrics.counter("sitrep", "failed")

    def setup(self) -> None:
        self.publisher = JsonPublisher(self.settings)

    def process(self, letter: dict[str, Any]) -> Iterator[dict[str, Any]]:
        self.failed.inc()
        self.publisher.send(self.settings.deadletter_topic, letter.get("id"), letter)
        yield letter

    def finish_bundle(self) -> None:
        self.publisher.flush()

    def teardown(self) -> None:
        self.publisher.close()


class PublishDeadLetters(beam.PTransform):
    """Publish every dead letter to ``sitrep.deadletter`` and count them as ``failed``."""

    def __init__(self, settings: KafkaSettings) -> None:
        super().__init__()
        self.settings = settings

    def expand(self, letters: beam.PCollection) -> beam.PCollection:
        return letters | "Publish" >> beam.ParDo(_PublishDoFn(self.settings))
