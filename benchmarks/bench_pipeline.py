"""Throughput of `sitrep process` against the extraction ceiling, on the benchmark pages.

Ceiling: trafilatura alone over the same pages on every core (a process pool, no I/O).
End to end: the pages (replicated under unique URLs) produced to a fresh raw topic, then one
processing cycle into a fresh index, timed from plan to commit. Needs the real servers.

    .venv/bin/python benchmarks/bench_pipeline.py --pages 2000
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import multiprocessing
import os
import resource
import time
import uuid
from pathlib import Path

from kafka import KafkaProducer

from connectors.elasticsearch_client import make_client
from connectors.elasticsearch_indices import ensure_indices
from connectors.kafka_topics import ensure_topics
from connectors.settings import ElasticsearchSettings, KafkaSettings
from pipelines.cycle import run_cycle
from pipelines.extract import extract_page
from pipelines.settings import PipelineSettings

CORPUS = Path(__file__).resolve().parents[1] / "tests/fixtures/corpus/extraction-benchmark/html"


def load_pages() -> list[str]:
    """The benchmark's pages, decoded."""
    return [
        gzip.decompress(p.read_bytes()).decode("utf-8", "replace") for p in sorted(CORPUS.glob("*.html.gz"))
    ]


def _extract(html: str) -> int:
    return len(extract_page(html, None, True).get("text") or "")


def ceiling(pages: list[str], n: int) -> float:
    """Pages per second of trafilatura alone on every core."""
    work = [pages[i % len(pages)] for i in range(n)]
    start = time.perf_counter()
    with multiprocessing.get_context("spawn").Pool(os.cpu_count()) as pool:
        pool.map(_extract, work, chunksize=8)
    return n / (time.perf_counter() - start)


def produce(kafka: KafkaSettings, pages: list[str], n: int) -> None:
    """N raw articles, page i % len(pages), each under its own URL and title."""
    producer = KafkaProducer(**kafka.client_options(), max_request_size=kafka.max_message_bytes, linger_ms=50)
    for i in range(n):
        url = f"https://bench.example/{i}"
        aid = hashlib.md5(url.encode()).hexdigest()
        raw = {
            "schema_version": 1,
            "id": aid,
            "url": url,
            "canonical_url": url,
            "feed_url": "https://bench.example/rss",
            "source": "bench.example",
            "title": f"Bench article {i}",
            "summary": None,
            "published": "2024-01-01T00:00:00Z",
            "fetched_at": "2024-01-01T00:00:00Z",
            "html": pages[i % len(pages)].replace("<title>", f"<title>{i} ", 1),
        }
        producer.send(kafka.raw_topic, key=aid.encode(), value=json.dumps(raw).encode())
    producer.flush()
    producer.close()


def end_to_end(pages: list[str], n: int, beam_args: list[str]) -> tuple[float, dict[str, int]]:
    """Pages per second of one `sitrep process` cycle over n fresh articles."""
    run = f"bench-{uuid.uuid4().hex[:8]}"
    kafka = KafkaSettings(
        raw_topic=f"{run}-raw",
        enriched_topic=f"{run}-enriched",
        deadletter_topic=f"{run}-deadletter",
        consumer_group=f"{run}-group",
    )
    es = ElasticsearchSettings(
        articles_alias=f"{run}-articles", rules_index=f"{run}-rules", alerts_index=f"{run}-alerts"
    )
    ensure_topics(kafka)
    client = make_client(es)
    ensure_indices(client, es)
    produce(kafka, pages, n)
    start = time.perf_counter()
    report = run_cycle(kafka, es, PipelineSettings(), beam_args)
    elapsed = time.perf_counter() - start
    client.options(ignore_status=404).indices.delete(index=f"{run}-*")
    client.close()
    if not report.ok:
        raise SystemExit(f"cycle failed: {report.error}")
    return n / elapsed, report.counters


def main() -> None:
    """Print ceiling, end-to-end rate, their ratio and peak memory of the driver."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=2000)
    args, beam_args = parser.parse_known_args()
    pages = load_pages()
    top = ceiling(pages, args.pages)
    rate, counters = end_to_end(pages, args.pages, beam_args)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"pages={args.pages} cores={os.cpu_count()} ceiling={top:.1f}/s end_to_end={rate:.1f}/s "
        f"ratio={rate / top:.2f} driver_peak_rss={peak:.0f}MiB counters={counters}"
    )


if __name__ == "__main__":
    main()
