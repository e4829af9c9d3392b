"""`sitrep init`: create the Kafka topics and Elasticsearch indices from `schemas/`."""

from __future__ import annotations

import argparse
import sys

from elasticsearch import ApiError, TransportError
from kafka.errors import KafkaError

from connectors.elasticsearch_client import make_client
from connectors.elasticsearch_indices import ensure_indices
from connectors.kafka_topics import ensure_topics
from sitrep.config import Config


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `init`."""
    parser = subparsers.add_parser(
        "init", help="create topics, index template, write alias and side indices (idempotent)"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, config: Config) -> int:
    """Create what is missing and say what was created; a re-run changes nothing."""
    try:
        topics = ensure_topics(config.kafka)
    except KafkaError as exc:
        print(f"sitrep init: Kafka at {config.kafka.bootstrap_servers} failed: {exc!r}. "
              "Is it running? Try `sitrep services up`.", file=sys.stderr)
        return 1
    try:
        indices = ensure_indices(make_client(config.elasticsearch), config.elasticsearch)
    except (ApiError, TransportError) as exc:
        print(f"sitrep init: Elasticsearch at {config.elasticsearch.url} failed: {exc}. "
              "Is it running? Try `sitrep services up`.", file=sys.stderr)
        return 1
    created = [f"topic {name}" for name in topics] + indices
    print("created: " + ", ".join(created) if created else "everything already exists")
    return 0
