"""Turning raw Kafka records into article dicts: UTF-8 JSON, valid against raw-article.json."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import apache_beam as beam
from apache_beam import pvalue
from jsonschema import Draft202012Validator

from connectors.kafka_reader import RawRecord
from pipelines.deadletter import DEADLETTER, PROVENANCE, record_failure
from schemas import load_json


def parse_record(record: RawRecord) -> dict[str, Any]:
    """The record's value as a JSON object; raises ValueError with a readable reason."""
    if not record.value:
        raise ValueError("empty message value")
    try:
        text = record.value.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"message value is not UTF-8: {exc}") from exc
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"message value is not JSON: {exc}") from exc
    if not isinstance(value, dict):
        raise ValueError(f"message value is JSON {type(value).__name__}, not an object")
    return value


def schema_errors(validator: Draft202012Validator, article: dict[str, Any]) -> str | None:
    """All contract violations of a raw article in one line, or None when it is valid."""
    errors = sorted(validator.iter_errors(article), key=lambda e: list(e.path))
    if not errors:
        return None
    return "; ".join(f"{'/'.join(map(str, e.path)) or '(root)'}: {e.message[:200]}" for e in errors[:5])


class DecodeDoFn(beam.DoFn):
    """Decode and validate one record; failures go to the dead-letter output."""

    def setup(self) -> None:
        self.validator = Draft202012Validator(load_json("raw-article.json"))

    def process(self, record: RawRecord) -> Iterator[Any]:
        try:
            article = parse_record(record)
        except ValueError as exc:
            yield pvalue.TaggedOutput(DEADLETTER, record_failure("decode", str(exc), record))
            return
        problem = schema_errors(self.validator, article)
        if problem:
            yield pvalue.TaggedOutput(DEADLETTER, record_failure("validate", problem, record))
            return
        article[PROVENANCE] = {"topic": record.topic, "partition": record.partition, "offset": record.offset}
        yield article


class DecodeRawArticles(beam.PTransform):
    """Records in, articles out (main) and dead letters (``deadletter``)."""

    def expand(self, records: beam.PCollection) -> pvalue.DoOutputsTuple:
        return records | "Decode" >> beam.ParDo(DecodeDoFn()).with_outputs(DEADLETTER, main="articles")
