"""The real servers answer: round trips through Kafka and Elasticsearch, and `sitrep init`."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid

import pytest
from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer
from kafka.admin import NewTopic

from connectors.elasticsearch_client import make_client
from connectors.elasticsearch_indices import ensure_indices
from connectors.kafka_topics import ensure_topics

pytestmark = pytest.mark.integration


def test_kafka_round_trip_keeps_keys_values_and_order(kafka_settings, unique_name):
    topic = unique_name("roundtrip")
    admin = KafkaAdminClient(**kafka_settings.client_options())
    admin.create_topics([NewTopic(topic, 1, 1)])
    admin.close()
    producer = KafkaProducer(**kafka_settings.client_options(), acks="all", compression_type="gzip")
    sent = [(f"id-{n}".encode(), json.dumps({"n": n}).encode()) for n in range(50)]
    for key, value in sent:
        producer.send(topic, key=key, value=value)
    producer.flush()
    producer.close()
    consumer = KafkaConsumer(topic, **kafka_settings.client_options(), auto_offset_reset="earliest",
                             consumer_timeout_ms=10_000, group_id=unique_name("group"))
    received = [(message.key, message.value) for message in consumer]
    consumer.close()
    assert received == sent


def test_init_creates_topics_and_indices_once(isolated_settings, es_client):
    kafka, es = isolated_settings
    created_topics = ensure_topics(kafka)
    created_indices = ensure_indices(es_client, es)
    assert sorted(created_topics) == sorted([kafka.raw_topic, kafka.enriched_topic, kafka.deadletter_topic])
    assert len(created_indices) == 5
    assert any(es.events_index in created for created in created_indices)
    assert ensure_topics(kafka) == []
    assert ensure_indices(es_client, es) == []
    alias = es_client.indices.get_alias(name=es.articles_alias)
    (_index, body), = alias.body.items()
    assert body["aliases"][es.articles_alias]["is_write_index"] is True
    admin = KafkaAdminClient(**kafka.client_options())
    (raw,) = admin.describe_topics([kafka.raw_topic])
    admin.close()
    assert len(raw["partitions"]) == kafka.raw_partitions


def test_article_indexed_through_alias_is_found_by_phrase_with_highlight(isolated_settings, es_client):
    _, es = isolated_settings
    ensure_indices(es_client, es)
    doc_id = uuid.uuid4().hex
    es_client.index(index=es.articles_alias, id=doc_id, refresh="wait_for", document={
        "id": doc_id, "url": "https://example.org/a", "source": "Example.org", "title": "Truce over",
        "text": "The week-long ceasefire collapsed after cluster bombs fell on Aleppo.",
        "fetched_at": "2026-11-25T09:00:00Z", "indexed_at": "2026-11-25T09:00:01Z",
        "tags": ["ceasefire_collapse", "cluster_munitions"], "event_types": ["battle"],
        "locations": [{"name": "Aleppo", "country": "SY", "geo": {"lat": 36.2, "lon": 37.16}}],
    })
    result = es_client.search(index=es.articles_alias, query={"match_phrase": {"text": "cluster bombs"}},
                              highlight={"fields": {"text": {}}},
                              aggs={"tags": {"terms": {"field": "tags"}}})
    hits = result["hits"]["hits"]
    assert [hit["_id"] for hit in hits] == [doc_id]
    assert "<em>cluster bombs</em>" in hits[0]["highlight"]["text"][0]
    tags = {bucket["key"] for bucket in result["aggregations"]["tags"]["buckets"]}
    assert tags == {"ceasefire_collapse", "cluster_munitions"}
    assert hits[0]["_source"]["source"] == "Example.org"


def test_strict_mapping_rejects_unknown_fields(isolated_settings, es_client):
    from elasticsearch import BadRequestError

    _, es = isolated_settings
    ensure_indices(es_client, es)
    with pytest.raises(BadRequestError, match="strict"):
        es_client.index(index=es.articles_alias, document={"id": "x", "surprise": 1})


def test_services_status_command_reports_both_up(servers):
    result = subprocess.run([sys.executable, "-m", "sitrep.cli", "services", "status"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert any(line.startswith("kafka") and " up " in line for line in lines)
    assert any(line.startswith("elasticsearch") and " up " in line for line in lines)


def test_client_talks_to_elasticsearch_8(es_settings):
    client = make_client(es_settings)
    version = client.nodes.info(node_id="_local")["nodes"]
    assert next(iter(version.values()))["version"].startswith("8.")
