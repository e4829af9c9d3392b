"""What event linking adds to a processing cycle, side by side, on the real servers.

The demo's conflict pages, replicated under unique URLs with publication days spread over a
week, go through two cycles on the same raw topic (two consumer groups, two article indices):
one as `sitrep process` runs it, one with the linking step left out of the pipeline. Rounds
alternate which runs first. Then the linking alone is timed in this process: the indexed
articles' reports relinked into a fresh events index in one batch.

    .venv/bin/python benchmarks/bench_events_cost.py [--docs 200] [--rounds 1]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
import uuid
from dataclasses import replace
from pathlib import Path

import apache_beam as beam
import yaml
from kafka import KafkaProducer
from workload import Stage, raw_article

import pipelines.cycle as cycle
from connectors.elasticsearch_client import make_client
from connectors.elasticsearch_indices import ensure_indices
from connectors.settings import ElasticsearchSettings
from pipelines.events.relink import relink
from pipelines.events.reports import is_linkable, report_of
from pipelines.settings import PipelineSettings

DEMO = Path(__file__).resolve().parents[1] / "seeds" / "demo"
BEAM_ARGS = ["--direct_running_mode=multi_processing", "--direct_num_workers=2"]


class NoLinking(beam.PTransform):
    """The pipeline without its linking step (the articles go nowhere further)."""

    def __init__(self, _es: ElasticsearchSettings) -> None:
        super().__init__()

    def expand(self, articles: beam.PCollection) -> beam.PCollection:
        return articles | beam.Filter(lambda _article: False)


def produce(stage: Stage, docs: int) -> None:
    """Conflict pages of the demo under unique URLs, published over seven days."""
    expected = yaml.safe_load((DEMO / "expected.yaml").read_text(encoding="utf-8"))["pages"]
    pages = [
        (name, (DEMO / "pages" / name).read_text(encoding="utf-8"))
        for name, page in sorted(expected.items())
        if not page.get("distractor")
    ]
    producer = KafkaProducer(**stage.kafka.client_options(), max_request_size=stage.kafka.max_message_bytes)
    for i in range(docs):
        name, html = pages[i % len(pages)]
        article = raw_article(f"https://bench.example/{i}/{name}", html)
        article.update(
            source=f"outlet-{i % 5}", published=f"2026-11-{18 + i % 7:02d}T{6 + i % 12:02d}:00:00Z"
        )
        producer.send(stage.kafka.raw_topic, key=article["id"].encode(), value=json.dumps(article).encode())
    producer.flush()
    producer.close()


def timed_cycle(stage: Stage, linking: bool) -> tuple[float, ElasticsearchSettings]:
    """One full cycle under a fresh consumer group and article index; wall seconds."""
    es = replace(
        stage.es,
        articles_alias=f"{stage.es.articles_alias}-{uuid.uuid4().hex[:6]}",
        events_index=f"{stage.es.events_index}-{uuid.uuid4().hex[:6]}",
    )
    kafka = replace(stage.kafka, consumer_group=f"{stage.kafka.consumer_group}-{uuid.uuid4().hex[:6]}")
    client = make_client(es)
    ensure_indices(client, es)
    client.close()
    cycle.LinkEvents = cycle_link if linking else NoLinking
    started = time.perf_counter()
    report = cycle.run_cycle(kafka, es, PipelineSettings(), BEAM_ARGS)
    elapsed = time.perf_counter() - started
    if not report.ok:
        raise RuntimeError(report.error)
    return elapsed, es


def linking_alone(es: ElasticsearchSettings) -> dict[str, float]:
    """The indexed articles' reports relinked into a fresh events index: seconds and counts."""
    client = make_client(es)
    try:
        client.indices.refresh(index=es.articles_alias)
        hits = client.search(index=es.articles_alias, size=10_000)["hits"]["hits"]
        alone = replace(es, events_index=es.events_index + "-alone")
        ensure_indices(client, alone)
        started = time.perf_counter()
        reports = [report_of(h["_source"]) for h in hits if is_linkable(h["_source"])]
        result = relink(client, alone.events_index, reports)
        return {
            "seconds": round(time.perf_counter() - started, 3),
            "reports": len(reports),
            "events": result.events,
        }
    finally:
        client.close()


cycle_link = cycle.LinkEvents


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    stage = Stage.fresh("bench-events")
    try:
        produce(stage, args.docs)
        times: dict[str, list[float]] = {"with": [], "without": []}
        es = stage.es
        for round_ in range(args.rounds):
            for linking in (True, False) if round_ % 2 == 0 else (False, True):
                elapsed, used = timed_cycle(stage, linking)
                times["with" if linking else "without"].append(round(elapsed, 2))
                es = used if linking else es
        with_s, without_s = statistics.median(times["with"]), statistics.median(times["without"])
        print(
            json.dumps(
                {
                    "benchmark": "events_cost",
                    "docs": args.docs,
                    "cycle_seconds": times,
                    "added": round(with_s / without_s - 1, 3),
                    "linking_alone": linking_alone(es),
                }
            )
        )
    finally:
        stage.delete()


if __name__ == "__main__":
    main()
