"""The naive loop a user might write: read the raw topic, trafilatura, `helpers.bulk`, one process.

No validation, no dead letters, no stories, no tagging, no commit: the bar `sitrep process`
must clear by doing the same job on every core. Reads ``--docs`` records from the topic.

    .venv/bin/python benchmarks/bench_naive.py --topic T --index I --docs 2000
"""

from __future__ import annotations

import argparse
import json
import time
import uuid
from collections.abc import Iterator
from typing import Any

import trafilatura
from elasticsearch import Elasticsearch, helpers
from kafka import KafkaConsumer

from connectors.settings import ElasticsearchSettings, KafkaSettings


def actions(consumer: KafkaConsumer, index: str, docs: int) -> Iterator[dict[str, Any]]:
    """One bulk action per record: the article's text as trafilatura extracts it."""
    for seen, message in enumerate(consumer, start=1):
        raw = json.loads(message.value)
        doc = trafilatura.bare_extraction(
            raw["html"], url=raw["url"], favor_precision=True, with_metadata=True
        )
        text = (doc.text if doc else "") or ""
        yield {
            "_index": index,
            "_id": raw["id"],
            "_source": {"id": raw["id"], "url": raw["url"], "text": text},
        }
        if seen >= docs:
            return


def main() -> None:
    """Read, extract and bulk-index ``--docs`` articles; print docs, seconds and docs/s."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--topic", required=True)
    parser.add_argument("--index", required=True)
    parser.add_argument("--docs", type=int, default=2000)
    args = parser.parse_args()
    start = time.perf_counter()
    kafka = KafkaSettings()
    consumer = KafkaConsumer(
        args.topic,
        bootstrap_servers=kafka.bootstrap_servers,
        group_id=f"{args.topic}-naive-{uuid.uuid4().hex[:8]}",  # under the stage's prefix: dropped with it
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        max_partition_fetch_bytes=kafka.max_message_bytes,
    )
    client = Elasticsearch(ElasticsearchSettings().url)
    ok, _errors = helpers.bulk(client, actions(consumer, args.index, args.docs), chunk_size=500)
    client.indices.refresh(index=args.index)
    consumer.close()
    client.close()
    seconds = time.perf_counter() - start
    print(json.dumps({"docs": ok, "seconds": round(seconds, 2), "docs_per_s": round(ok / seconds, 2)}))


if __name__ == "__main__":
    main()
