"""Decoding raw Kafka records: good ones become articles, the rest dead letters with a reason."""

from __future__ import annotations

import json

import apache_beam as beam
import pytest
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to

from connectors.kafka_reader import RawRecord
from pipelines.decode import DecodeRawArticles

pytestmark = pytest.mark.unit


def record(value: bytes | None, offset: int = 7) -> RawRecord:
    return RawRecord("sitrep.raw", 2, offset, b"k", value)


def test_a_valid_record_becomes_an_article_that_remembers_its_offset(make_raw) -> None:
    raw = make_raw(url="https://a.example/1")
    with TestPipeline() as p:
        out = p | beam.Create([record(json.dumps(raw).encode())]) | DecodeRawArticles()
        assert_that(
            out.articles | beam.Map(lambda a: (a["id"], a["_kafka"]["offset"])), equal_to([(raw["id"], 7)])
        )


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (b"this is not json {", "message value is not JSON"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe", "message value is not UTF-8"),
        (b"", "empty message value"),
        (b"[1, 2, 3]", "message value is JSON list, not an object"),
    ],
    ids=["not-json", "binary", "empty", "json-array"],
)
def test_an_undecodable_record_is_dead_lettered_at_decode(value: bytes, reason: str) -> None:
    with TestPipeline() as p:
        out = p | beam.Create([record(value)]) | DecodeRawArticles()
        letters = out.deadletter | beam.Map(
            lambda d: (d["stage"], d["reason"].startswith(reason), d["offset"])
        )
        assert_that(letters, equal_to([("decode", True, 7)]))
        assert_that(out.articles, equal_to([]), label="no articles")


def test_a_record_missing_required_fields_is_dead_lettered_at_validate(make_raw) -> None:
    raw = make_raw()
    del raw["url"], raw["fetched_at"]
    with TestPipeline() as p:
        out = p | beam.Create([record(json.dumps(raw).encode())]) | DecodeRawArticles()
        letters = out.deadletter | beam.Map(
            lambda d: (d["stage"], "'url' is a required property" in d["reason"])
        )
        assert_that(letters, equal_to([("validate", True)]))
