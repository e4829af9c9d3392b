"""Helpers of the pipeline integration tests: a fresh topic set and index per test, real servers."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import pytest
from elasticsearch import Elasticsearch
from kafka import KafkaConsumer, KafkaProducer
from process_fixtures import BEAM_ARGS, TEST_SETTINGS

from connectors.elasticsearch_indices import ensure_indices
from connectors.kafka_topics import ensure_topics
from connectors.settings import ElasticsearchSettings, KafkaSettings
from pipelines.cycle import CycleReport, run_cycle
from pipelines.settings import PipelineSettings


@dataclass
class Stage:
    """One test's own topics, consumer group and index, and ways to feed and inspect them."""

    kafka: KafkaSettings
    es: ElasticsearchSettings
    client: Elasticsearch

    def produce(self, messages: list[dict[str, Any] | bytes], key: bytes | None = None) -> None:
        """Send raw articles (dicts) or raw bytes to the raw topic, as the feed readers would."""
        producer = KafkaProducer(**self.kafka.client_options(), max_request_size=self.kafka.max_message_bytes)
        for message in messages:
            if isinstance(message, dict):
                producer.send(
                    self.kafka.raw_topic, key=message["id"].encode(), value=json.dumps(message).encode()
                )
            else:
                producer.send(self.kafka.raw_topic, key=key, value=message)
        producer.flush()
        producer.close()

    def run(
        self,
        settings: PipelineSettings = TEST_SETTINGS,
        es: ElasticsearchSettings | None = None,
        argv: Sequence[str] = BEAM_ARGS,
    ) -> CycleReport:
        """One cycle driven from this process; by default on the multi-process DirectRunner
        (the flags pin it), with ``argv=()`` on the runner sitrep chooses by window size."""
        return run_cycle(self.kafka, es or self.es, settings, argv)

    def docs(self) -> dict[str, dict[str, Any]]:
        """Every indexed document by id."""
        self.client.indices.refresh(index=self.es.articles_alias)
        hits = self.client.search(index=self.es.articles_alias, size=1000)["hits"]["hits"]
        return {hit["_id"]: hit["_source"] for hit in hits}

    def count(self) -> int:
        """How many documents the index holds."""
        self.client.indices.refresh(index=self.es.articles_alias)
        return self.client.count(index=self.es.articles_alias)["count"]

    def topic(self, name: str) -> list[dict[str, Any]]:
        """Every message of an output topic, decoded."""
        consumer = KafkaConsumer(
            name, **self.kafka.client_options(), auto_offset_reset="earliest", consumer_timeout_ms=3000
        )
        values = [json.loads(m.value) for m in consumer]
        consumer.close()
        return values


@pytest.fixture
def stage(isolated_settings: tuple[KafkaSettings, ElasticsearchSettings], es_client: Elasticsearch) -> Stage:
    """Topics (3 raw partitions) and the article index, fresh for this test."""
    kafka, es = isolated_settings
    kafka = replace(kafka, raw_partitions=3)
    ensure_topics(kafka)
    ensure_indices(es_client, es)
    return Stage(kafka, es, es_client)


@pytest.fixture
def make_stage(
    isolated_settings: tuple[KafkaSettings, ElasticsearchSettings], es_client: Elasticsearch
) -> Callable[[], Stage]:
    """The same topics and index under a new consumer group (a second, independent reader)."""

    def make(group: str) -> Stage:
        kafka, es = isolated_settings
        return Stage(replace(kafka, raw_partitions=3, consumer_group=group), es, es_client)

    return make


class FlakyElasticsearch:
    """A reverse proxy to the real Elasticsearch that can start answering bulk writes with 503.

    It stands for a node that goes down in the middle of a cycle, without stopping the
    shared server: searches still pass, every ``_bulk`` gets 503 while ``down`` is set.
    With ``down_after_bulks = n`` it goes down by itself once n bulks have passed: a fault
    exactly mid-write, without racing the pipeline from another thread.
    """

    def __init__(self, upstream: str) -> None:
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        import requests

        proxy = self
        self.down = False
        self.down_after_bulks: int | None = None
        self.bulks_passed = 0
        self.bulk_refused = 0
        self._lock = threading.Lock()

        class Handler(BaseHTTPRequestHandler):
            def _forward(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if "_bulk" in self.path and not proxy.admit_bulk():
                    self._reply(503, b'{"error":"node down (test)","status":503}', "application/json")
                    return
                headers = {
                    k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")
                }
                answer = requests.request(
                    self.command, upstream + self.path, data=body, headers=headers, timeout=60
                )
                self._reply(answer.status_code, answer.content, answer.headers.get("Content-Type", ""))

            def _reply(self, status: int, body: bytes, content_type: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("X-Elastic-Product", "Elasticsearch")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _forward

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def admit_bulk(self) -> bool:
        """Whether this bulk request may pass (counting it), or is refused with 503."""
        with self._lock:
            if self.down_after_bulks is not None and self.bulks_passed >= self.down_after_bulks:
                self.down = True
            if self.down:
                self.bulk_refused += 1
                return False
            self.bulks_passed += 1
            return True

    def close(self) -> None:
        """Stop listening."""
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def flaky_es(es_settings: ElasticsearchSettings):
    """A proxy in front of the real Elasticsearch whose bulk writes can be made to fail."""
    proxy = FlakyElasticsearch(es_settings.url)
    yield proxy
    proxy.close()
