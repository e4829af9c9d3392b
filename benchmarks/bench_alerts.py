"""Alerting cost per cycle with many active rules, on the real Elasticsearch.

Indexes a history of articles and then one batch, builds N `any` rules (phrases + tags), and
times `evaluate_batch` (refresh, one msearch, throttle lookup, recording) against the batch's
own bulk write: the cheapest part of a cycle, so the ratio printed is an upper bound of what
alerting adds to a whole cycle (extraction and tagging dominate a real one).

    .venv/bin/python benchmarks/bench_alerts.py [--rules 500] [--batch 500] [--history 5000]
"""

from __future__ import annotations

import argparse
import json
import random
import time
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from elasticsearch import helpers

from connectors.elasticsearch_client import make_client
from connectors.elasticsearch_indices import ensure_indices
from pipelines.alerting.evaluate import evaluate_batch, match_batch
from pipelines.alerting.queries import iso
from pipelines.alerting.rules import Rule
from pipelines.alerting.sync import sync_rules
from sitrep.config import load_config

SEED_FILE = Path(__file__).resolve().parents[1] / "tests/fixtures/alerts/seed-article.json"
SEED = json.loads(SEED_FILE.read_text())
# Realistic selectivity: most rules watch for things this batch does not mention.
MATCHING = ["ceasefire collapsed", "cluster bombs", "aid convoy", "ground offensive", "civil defence"]
TAGS = ("airstrike", "shelling", "siege", "ceasefire", "displacement", "protest", "riot", "arrests")
MATCHING_SHARE = 0.02


def articles(count: int, prefix: str, rng: random.Random) -> list[dict]:
    """Variants of the seed article: shuffled paragraphs, own ids and stories."""
    paragraphs = SEED["text"].split("\n\n")
    docs = []
    for n in range(count):
        rng.shuffle(paragraphs)
        docs.append({**SEED, "id": f"{prefix}-{n}", "story_id": f"{prefix}-{n}",
                     "text": "\n\n".join(paragraphs[: rng.randint(3, len(paragraphs))]),
                     "tags": rng.sample(TAGS[:3], 1)})
    return docs


def rules(count: int, rng: random.Random) -> list[Rule]:
    """N distinct `any` rules: two phrases and a tag; a few match the batch, most do not."""
    made = []
    for n in range(count):
        if rng.random() < MATCHING_SHARE:
            query = {"phrases": rng.sample(MATCHING, 2), "tags": [rng.choice(TAGS)]}
        else:
            query = {"phrases": [f"operation {n}x", f"brigade {n}y"], "tags": ["chemical_weapons"]}
        made.append(Rule(name=f"bench-{n}", file="bench.yaml",
                         spec={"name": f"bench-{n}", "query": query, "notify": []}))
    return made


def bulk(client, alias: str, docs: list[dict], stamp: str) -> float:
    started = time.perf_counter()
    actions = ({"_index": alias, "_id": d["id"], "_source": {**d, "indexed_at": stamp}} for d in docs)
    helpers.bulk(client, actions)
    client.indices.refresh(index=alias)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rules", type=int, default=500)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--history", type=int, default=5000)
    args = parser.parse_args()
    rng = random.Random(5)
    tag = uuid.uuid4().hex[:8]
    es = replace(load_config().elasticsearch, articles_alias=f"bench-articles-{tag}",
                 rules_index=f"bench-rules-{tag}", alerts_index=f"bench-alerts-{tag}")
    client = make_client(es, request_timeout=120)
    try:
        ensure_indices(client, es)
        now = datetime.now(UTC)
        bulk(client, es.articles_alias, articles(args.history, "old", rng), iso(now - timedelta(hours=3)))
        active = rules(args.rules, rng)
        sync_rules(client, es, active)
        write = bulk(client, es.articles_alias, articles(args.batch, "new", rng), iso(now))
        started = time.perf_counter()
        match_batch(client, es, active, now - timedelta(seconds=1))
        matching = time.perf_counter() - started
        print(f"matching only (one msearch, {len(active)} searches): {matching:.2f}s")
        started = time.perf_counter()
        fired = evaluate_batch(client, es, active, now - timedelta(seconds=1), now)
        alerting = time.perf_counter() - started
        print(f"rules={args.rules} batch={args.batch} history={args.history}: "
              f"batch bulk write {write:.2f}s, alerting {alerting:.2f}s ({len(fired)} alerts recorded), "
              f"ratio to the write {alerting / write:.0%}")
    finally:
        client.options(ignore_status=404).indices.delete(index=f"bench-*-{tag}*")
        client.options(ignore_status=404).indices.delete_index_template(name=es.articles_alias)
        client.close()


if __name__ == "__main__":
    main()
