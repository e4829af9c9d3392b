"""One cycle from raw messages in the real Kafka to documents in the real Elasticsearch."""

from __future__ import annotations

import pytest
from process_fixtures import news_html, raw_article

from connectors.kafka_offsets import plan_ranges

pytestmark = pytest.mark.integration
SEED_URL = "https://news.example.org/world/aleppo-bombardment"


def test_the_seed_article_is_indexed_with_its_text_and_metadata(stage) -> None:
    raw = raw_article(SEED_URL)
    stage.produce([raw])
    report = stage.run()
    doc = stage.docs()[raw["id"]]
    assert report.ok, report.error
    assert "cluster bombs fell" in doc["text"] and doc["text_source"] == "page"
    assert doc["language"] == "en" and doc["word_count"] > 200
    assert doc["published"] == "2016-09-23T09:00:00Z"
    assert doc["story_id"] == raw["id"] and doc["duplicate_of"] is None


def test_the_seed_article_comes_out_tagged(stage) -> None:
    raw = raw_article(SEED_URL)
    stage.produce([raw])
    stage.run()
    doc = stage.docs()[raw["id"]]
    assert {"airstrike", "cluster_munitions", "ceasefire_collapse"} <= set(doc["tags"])
    assert any(place["name"] == "Aleppo" and place["geo"] for place in doc["locations"])


def test_the_enriched_document_is_published_to_the_enriched_topic(stage) -> None:
    raw = raw_article(SEED_URL)
    stage.produce([raw])
    stage.run()
    assert [m["id"] for m in stage.topic(stage.kafka.enriched_topic)] == [raw["id"]]


def test_offsets_are_committed_so_the_next_cycle_has_nothing_to_do(stage) -> None:
    stage.produce([raw_article(SEED_URL)])
    first = stage.run()
    second = stage.run()
    assert first.committed and second.state == "NOTHING_TO_DO"
    assert all(r.size == 0 for r in plan_ranges(stage.kafka))


def test_the_counters_report_what_happened(stage) -> None:
    stage.produce([raw_article(f"https://a.example/{i}") for i in range(3)] + [b"not json"])
    report = stage.run()
    assert report.counters["read"] == 4 and report.counters["indexed"] == 3
    assert report.counters["failed"] == 1 and report.counters["extracted"] == 3


def test_a_cycle_run_twice_on_the_same_data_gives_the_same_documents(stage, make_stage) -> None:
    stage.produce([raw_article(f"https://a.example/{i}", html=news_html()) for i in range(5)])
    stage.run()
    before = {i: (d["story_id"], d["duplicate_of"]) for i, d in stage.docs().items()}
    make_stage(stage.kafka.consumer_group + "-again").run()
    after = {i: (d["story_id"], d["duplicate_of"]) for i, d in stage.docs().items()}
    assert len(before) == 5 and after == before


def test_wire_copy_in_a_later_cycle_joins_the_stored_story(stage) -> None:
    first = raw_article("https://wire.example/original")
    stage.produce([first])
    stage.run()
    copy = raw_article("https://other.example/republished", published="2016-09-23T11:00:00Z")
    stage.produce([copy])
    stage.run()
    doc = stage.docs()[copy["id"]]
    assert (doc["story_id"], doc["duplicate_of"]) == (first["id"], first["id"])


def test_the_same_article_read_twice_is_indexed_once(stage) -> None:
    raw = raw_article(SEED_URL)
    stage.produce([raw, raw])
    report = stage.run()
    assert stage.count() == 1 and report.counters["duplicates"] == 1
