"""Writing enriched articles: Elasticsearch bulk through the write alias, then sitrep.enriched."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import apache_beam as beam
from apache_beam import pvalue
from apache_beam.metrics import Metrics

from connectors.elasticsearch_bulk import BulkPolicy, bulk_index
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
    """One batch to Elasticsearch, in requests of at most ``bulk_docs``; refused items dead-lettered."""

    def __init__(self, es: ElasticsearchSettings, settings: PipelineSettings) -> None:
        self.es, self.settings = es, settings
        self.indexed = Metrics.counter("sitrep", "indexed")

    def setup(self) -> None:
        self.client = make_client(self.es)
        self.policy = BulkPolicy(attempts=self.settings.bulk_attempts, backoff=self.settings.bulk_backoff)

    def process(self, batch: list[dict[str, Any]]) -> Iterator[Any]:
        step = self.settings.bulk_docs
        for start in range(0, len(batch), step):
            chunk = batch[start : start + step]
            failures = bulk_index(
                self.client, self.es.articles_alias,
                [with_language_fields(without_provenance(d)) for d in chunk], self.policy,
            )
            refused = {f.doc_id: f for f in failures}
            for doc in chunk:
                failure = refused.get(doc["id"])
                if failure:
                    reason = f"Elasticsearch refused the document ({failure.status}): {failure.reason}"
                    yield pvalue.TaggedOutput(DEADLETTER, article_failure("index", reason, doc))
                else:
                    self.indexed.inc()
                    yield doc

    def teardown(self) -> None:
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
