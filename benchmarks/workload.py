"""The benchmark workload: extraction-benchmark pages replicated under unique URLs, and a
fresh set of topics and indices per run on the real servers (deleted afterwards)."""

from __future__ import annotations

import gzip
import hashlib
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kafka import KafkaProducer

from connectors.elasticsearch_client import make_client
from connectors.elasticsearch_indices import ensure_indices
from connectors.kafka_topics import drop_topics_and_groups, ensure_topics
from connectors.settings import ElasticsearchSettings, KafkaSettings

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "fixtures" / "corpus" / "extraction-benchmark"


def load_pages() -> dict[str, str]:
    """The benchmark's pages by name (file name without ``.html.gz``), decoded."""
    return {
        p.name.removesuffix(".html.gz"): gzip.decompress(p.read_bytes()).decode("utf-8", "replace")
        for p in sorted((CORPUS / "html").glob("*.html.gz"))
    }


def replicated(pages: list[str], n: int) -> Iterator[tuple[str, str]]:
    """(unique URL, page) for n documents, page i % len(pages), one at a time (never a list)."""
    for i in range(n):
        yield f"https://bench.example/{i}", pages[i % len(pages)].replace("<title>", f"<title>{i} ", 1)


def raw_article(url: str, html: str) -> dict[str, Any]:
    """A raw article as the feed readers produce it (no feed summary: extraction must work)."""
    aid = hashlib.md5(url.encode()).hexdigest()
    return {
        "schema_version": 1,
        "id": aid,
        "url": url,
        "canonical_url": url,
        "feed_url": "https://bench.example/rss",
        "source": "bench.example",
        "title": "",
        "summary": None,
        "published": "2024-01-01T00:00:00Z",
        "fetched_at": "2024-01-01T00:00:00Z",
        "html": html,
    }


@dataclass(frozen=True)
class Stage:
    """One benchmark's own raw topic and article index names (fresh, unique)."""

    kafka: KafkaSettings
    es: ElasticsearchSettings

    @classmethod
    def fresh(cls, tag: str = "bench", partitions: int = 6) -> Stage:
        """Unique names under ``tag``; the topics and the index are created."""
        run = f"{tag}-{uuid.uuid4().hex[:8]}"
        kafka = KafkaSettings(
            raw_topic=f"{run}-raw",
            enriched_topic=f"{run}-enriched",
            deadletter_topic=f"{run}-deadletter",
            consumer_group=f"{run}-group",
            raw_partitions=partitions,
        )
        es = ElasticsearchSettings(
            articles_alias=f"{run}-articles", rules_index=f"{run}-rules", alerts_index=f"{run}-alerts",
            events_index=f"{run}-events",
        )
        ensure_topics(kafka)
        return cls(kafka, es)

    def produce(self, pages: list[str], n: int) -> None:
        """n raw articles into the raw topic (not timed by any benchmark)."""
        producer = KafkaProducer(
            **self.kafka.client_options(), max_request_size=self.kafka.max_message_bytes, linger_ms=50
        )
        for url, html in replicated(pages, n):
            article = raw_article(url, html)
            producer.send(
                self.kafka.raw_topic, key=article["id"].encode(), value=json.dumps(article).encode()
            )
        producer.flush()
        producer.close()

    def env(self, group: str, alias: str) -> dict[str, str]:
        """SITREP_* variables pointing `sitrep process` at this stage, with its own group and index."""
        return {
            "SITREP_KAFKA_RAW_TOPIC": self.kafka.raw_topic,
            "SITREP_KAFKA_ENRICHED_TOPIC": self.kafka.enriched_topic,
            "SITREP_KAFKA_DEADLETTER_TOPIC": self.kafka.deadletter_topic,
            "SITREP_KAFKA_CONSUMER_GROUP": group,
            "SITREP_ELASTICSEARCH_ARTICLES_ALIAS": alias,
            "SITREP_ELASTICSEARCH_RULES_INDEX": f"{alias}-rules",
            "SITREP_ELASTICSEARCH_ALERTS_INDEX": f"{alias}-alerts",
            "SITREP_ELASTICSEARCH_EVENTS_INDEX": f"{alias}-events",
        }

    def fresh_index(self) -> str:
        """A new article index (alias) for one run of a writer; dropped by ``delete``."""
        prefix = self.kafka.raw_topic.removesuffix("-raw")
        alias = f"{prefix}-r{uuid.uuid4().hex[:6]}-articles"
        es = ElasticsearchSettings(
            articles_alias=alias, rules_index=f"{alias}-rules", alerts_index=f"{alias}-alerts",
            events_index=f"{alias}-events",
        )
        client = make_client(es)
        try:
            ensure_indices(client, es)
        finally:
            client.close()
        return alias

    def delete(self) -> None:
        """Drop every index, topic and consumer group this stage made."""
        prefix = self.kafka.raw_topic.removesuffix("-raw")
        client = make_client(self.es)
        try:
            quiet = client.options(ignore_status=404)
            quiet.indices.delete(index=f"{prefix}-*", expand_wildcards="all")
            quiet.indices.delete_index_template(name=f"{prefix}-*")
        finally:
            client.close()
        drop_topics_and_groups(self.kafka, lambda name: name.startswith(prefix))
