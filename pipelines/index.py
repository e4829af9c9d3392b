"""Writing enriched articles: Elasticsearch bulk through the write alias, then sitrep.enriched."""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import apache_beam as beam
from apache_beam import pvalue
from apache_beam.metrics import Metrics
from apache_beam.utils.windowed_value import WindowedValue

from connectors.elasticsearch_bulk import BulkPolicy, ItemFailure, bulk_index
from connectors.elasticsearch_client import make_client
from connectors.kafka_publish import JsonPublisher
from connectors.language_analysis import with_language_fields
from connectors.settings import ElasticsearchSettings, KafkaSettings
from pipelines.deadletter import DEADLETTER, PROVENANCE, article_failure, now_utc
from pipelines.settings import PipelineSettings
from schemas import load_json


def document_fields() -> tuple[str, ...]:
    """The fields an enriched document may carry, from the contract."""
    return tuple(load_json("enriched-article.json")["properties"])


def to_document(article: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    """The index document (plus provenance, dropped before sending) stamped with indexed_at."""
    doc = {name: article[name] for name in fields if name in article}
    doc["indexed_at"] = now_utc()
    doc[PROVENANCE] = article.get(PROVENANCE)
    return doc


def document_bytes(doc: dict[str, Any]) -> int:
    """Approximate bulk payload size of one document."""
    return len(json.dumps(doc, ensure_ascii=False, default=str).encode("utf-8"))


def without_provenance(doc: dict[str, Any]) -> dict[str, Any]:
    """The document as stored and published."""
    return {k: v for k, v in doc.items() if k != PROVENANCE}


class BulkWriteDoFn(beam.DoFn):
    """Batches to Elasticsearch in requests of at most ``bulk_docs``, ``bulk_concurrency`` of
    them in flight; refused items dead-lettered.

    Elasticsearch indexes one bulk request on about one core; with a second in flight it
    uses another while this process prepares the next. A request's documents come out once
    it has been answered (possibly during a later batch, the last ones at bundle end), so a
    failure still fails the bundle before any offset is committed.
    """

    def __init__(self, es: ElasticsearchSettings, settings: PipelineSettings) -> None:
        self.es, self.settings = es, settings
        self.indexed = Metrics.counter("sitrep", "indexed")

    def setup(self) -> None:
        self.client = make_client(self.es)
        self.policy = BulkPolicy(attempts=self.settings.bulk_attempts, backoff=self.settings.bulk_backoff)
        self.senders = ThreadPoolExecutor(max(1, self.settings.bulk_concurrency), thread_name_prefix="bulk")
        self.in_flight: deque[tuple[Future[list[ItemFailure]], list[dict[str, Any]], Any, Any]] = deque()

    def process(
        self,
        batch: list[dict[str, Any]],
        timestamp: Any = beam.DoFn.TimestampParam,
        window: Any = beam.DoFn.WindowParam,
    ) -> Iterator[Any]:
        step = self.settings.bulk_docs
        for start in range(0, len(batch), step):
            while len(self.in_flight) >= max(1, self.settings.bulk_concurrency):
                yield from self._answered(*self.in_flight.popleft())
            chunk = batch[start : start + step]
            docs = [with_language_fields(without_provenance(d)) for d in chunk]
            sent = self.senders.submit(bulk_index, self.client, self.es.articles_alias, docs, self.policy)
            self.in_flight.append((sent, chunk, timestamp, window))

    def finish_bundle(self) -> Iterator[Any]:
        while self.in_flight:
            yield from self._answered(*self.in_flight.popleft())

    def _answered(
        self, sent: Future[list[ItemFailure]], chunk: list[dict[str, Any]], timestamp: Any, window: Any
    ) -> Iterator[Any]:
        """One request's documents once it is answered: indexed, or refused to the dead letter."""
        refused = {failure.doc_id: failure for failure in sent.result()}
        for doc in chunk:
            failure = refused.get(doc["id"])
            if failure:
                reason = f"Elasticsearch refused the document ({failure.status}): {failure.reason}"
                letter = article_failure("index", reason, doc)
                yield pvalue.TaggedOutput(DEADLETTER, WindowedValue(letter, timestamp, [window]))
            else:
                self.indexed.inc()
                yield WindowedValue(doc, timestamp, [window])

    def teardown(self) -> None:
        self.senders.shutdown(wait=True)
        self.client.close()


class PublishEnriched(beam.DoFn):
    """Send indexed documents to ``sitrep.enriched``; a bundle ends only once all are acknowledged."""

    def __init__(self, settings: KafkaSettings) -> None:
        self.settings = settings

    def setup(self) -> None:
        self.publisher = JsonPublisher(self.settings)

    def process(self, doc: dict[str, Any]) -> Iterator[str]:
        self.publisher.send(self.settings.enriched_topic, doc["id"], without_provenance(doc))
        yield doc["id"]

    def finish_bundle(self) -> None:
        self.publisher.flush()

    def teardown(self) -> None:
        self.publisher.close()


class WriteToElasticsearch(beam.PTransform):
    """Documents batched by bytes (and by count inside), bulk-indexed, then published.

    Main output: ids written; ``deadletter``: documents Elasticsearch refused for good.
    """

    def __init__(self, es: ElasticsearchSettings, kafka: KafkaSettings, settings: PipelineSettings) -> None:
        super().__init__()
        self.es, self.kafka, self.settings = es, kafka, settings

    def expand(self, articles: beam.PCollection) -> tuple[beam.PCollection, beam.PCollection]:
        s = self.settings
        written = (
            articles
            | "ToDocument" >> beam.Map(to_document, document_fields())
            | "Batch"
            >> beam.BatchElements(
                min_batch_size=max(1, s.bulk_bytes // 8),
                max_batch_size=s.bulk_bytes,
                element_size_fn=document_bytes,
            )
            | "Bulk" >> beam.ParDo(BulkWriteDoFn(self.es, s)).with_outputs(DEADLETTER, main="indexed")
        )
        published = written.indexed | "PublishEnriched" >> beam.ParDo(PublishEnriched(self.kafka))
        return published, written[DEADLETTER]
