"""Search latency: `GET /search` (and `/facets`) under 20 concurrent clients for 60 s.

Indexes `search_corpus` (2000 real news pages from the extraction benchmark under their own
sites plus the 52 demo conflict articles) with one whole `sitrep process` into a fresh index,
starts `sitrep serve` on a free loopback port over it, and runs a closed-loop load: 20
client threads, each sending the next request as soon as the last one answered, for 60 s,
each request drawn (seeded) from `MIX`: phrases, boolean queries, prefixes, fielded queries,
filters (tag, event type, country, source, date range), newest-first, page 2, browsing
without a query, and facet requests as the search page makes them. Everything runs on
127.0.0.1, bounded by client count and duration; the load generator, the API and
Elasticsearch share the machine's cores. Each of ``--runs`` runs is measured alone; the
topic and index are deleted afterwards.

    .venv/bin/python benchmarks/bench_search_latency.py [--clients 20] [--seconds 60] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
from latency_stats import latency_summary
from loopback import SITREP, free_port, start_sitrep, stop_process, wait_for_http
from measure import run_measured
from search_corpus import produce_corpus
from workload import Stage

KEY = f"bench-{uuid.uuid4().hex[:12]}"

# (label, endpoint, parameters): what analysts type into the page or the API.
MIX: list[tuple[str, str, dict[str, Any]]] = [
    ("phrase", "/search", {"q": '"ceasefire collapse"'}),
    ("phrase", "/search", {"q": '"cluster munitions"'}),
    ("phrase", "/search", {"q": '"prime minister"'}),
    ("words", "/search", {"q": "airstrike hospital"}),
    ("words", "/search", {"q": "drone strike market"}),
    ("words", "/search", {"q": "climate change"}),
    ("boolean", "/search", {"q": "siege OR shelling"}),
    ("boolean", "/search", {"q": "(ukraine OR russia) AND missile*"}),
    ("boolean", "/search", {"q": "aleppo -protest"}),
    ("boolean", "/search", {"q": "election AND (fraud OR protest*)"}),
    ("fielded", "/search", {"q": "title:ceasefire"}),
    ("fielded", "/search", {"q": "tag:airstrike country:UA"}),
    ("filtered", "/search", {"q": "killed", "tag": "civilian_casualties", "since": "30d"}),
    (
        "filtered",
        "/search",
        {"q": "attack", "event_type": "explosion_remote_violence", "country": ["SD", "UA"]},
    ),
    ("filtered", "/search", {"q": "government", "source": "wsj.com", "sort": "newest"}),
    ("filtered", "/search", {"q": "police", "since": "14d", "lang": "en"}),
    ("browse", "/search", {"tag": "airstrike", "sort": "newest"}),
    ("browse", "/search", {"since": "7d", "sort": "newest", "limit": 50}),
    ("paging", "/search", {"q": "market*", "page": 2}),
    ("facets", "/facets", {"q": "ceasefire"}),
    ("facets", "/facets", {"since": "30d"}),
    ("facets", "/facets", {"q": "drone*", "country": "UA"}),
]


@dataclass(frozen=True)
class Sample:
    """One request: its label and endpoint, HTTP status (0 = no answer) and seconds taken."""

    label: str
    endpoint: str
    status: int
    seconds: float


def client(url: str, stop_at: float, seed: int, out: list[Sample]) -> None:
    """One analyst's client: a request, wait for the answer, the next, until ``stop_at``."""
    rng = random.Random(seed)
    with requests.Session() as session:
        session.headers["X-API-Key"] = KEY
        while time.monotonic() < stop_at:
            label, endpoint, params = rng.choice(MIX)
            started = time.perf_counter()
            try:
                status = session.get(f"{url}{endpoint}", params=params, timeout=30).status_code
            except requests.RequestException:
                status = 0
            out.append(Sample(label, endpoint, status, time.perf_counter() - started))


def load(url: str, clients: int, seconds: float, seed: int) -> dict[str, Any]:
    """``clients`` threads for ``seconds``; latency percentiles per endpoint, rate, errors."""
    samples: list[Sample] = []
    stop_at = time.monotonic() + seconds
    threads = [
        threading.Thread(target=client, args=(url, stop_at, seed * 1000 + n, samples), daemon=True)
        for n in range(clients)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 60)
    elapsed = time.perf_counter() - started
    figures: dict[str, Any] = {
        "seconds": round(elapsed, 1),
        "requests": len(samples),
        "requests_per_s": round(len(samples) / elapsed, 1),
    }
    for endpoint in ("/search", "/facets"):
        mine = [s for s in samples if s.endpoint == endpoint]
        errors = [s for s in mine if s.status != 200]
        figures[endpoint] = {
            "requests_per_s": round(len(mine) / elapsed, 1),
            "errors": len(errors),
            "error_statuses": sorted({s.status for s in errors}),
            "latency_ms": latency_summary(s.seconds for s in mine),
        }
    figures["by_label_p50_ms"] = {
        label: latency_summary(s.seconds for s in samples if s.label == label)["p50"]
        for label in sorted({s.label for s in samples})
    }
    return figures


def warm_up(url: str) -> dict[str, Any]:
    """Every request of the mix once, in order (not counted): how many articles each matched,
    so the report shows the queries select real subsets, and the ones that failed."""
    matched, failed = {}, []
    for label, endpoint, params in MIX:
        answer = requests.get(f"{url}{endpoint}", params=params, headers={"X-API-Key": KEY}, timeout=60)
        if answer.status_code != 200:
            failed.append(f"{label} {params}: HTTP {answer.status_code} {answer.text[:200]}")
            continue
        matched[f"{endpoint} {json.dumps(params, ensure_ascii=False)}"] = answer.json().get("total_articles")
    return {"matched_articles": matched, "failed": failed}


def build_index(stage: Stage, docs: int) -> tuple[str, dict[str, Any]]:
    """Produce the corpus and run one `sitrep process` into a fresh index (not timed)."""
    sent = produce_corpus(
        stage.kafka.client_options(), stage.kafka.raw_topic, stage.kafka.max_message_bytes, docs
    )
    alias = stage.fresh_index()
    measured = run_measured([SITREP, "process", "--json"], stage.env(stage.kafka.consumer_group, alias))
    counters = measured.output.get("counters") or {}
    if measured.returncode != 0 or not counters.get("indexed"):
        raise RuntimeError(f"indexing the search corpus failed: {measured.stderr_tail}")
    return alias, {"sent": sent, **counters}


def medians(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Per endpoint, the median over runs of each latency figure and rate; errors summed."""
    median: dict[str, Any] = {"requests_per_s": statistics.median(r["requests_per_s"] for r in runs)}
    for endpoint in ("/search", "/facets"):
        median[endpoint] = {
            key: round(statistics.median(r[endpoint]["latency_ms"][key] for r in runs), 1)
            for key in ("p50", "p95", "p99", "max")
        } | {
            "requests_per_s": round(statistics.median(r[endpoint]["requests_per_s"] for r in runs), 1),
            "errors": sum(r[endpoint]["errors"] for r in runs),
        }
    return median


def serve_and_load(alias: str, args: argparse.Namespace) -> dict[str, Any]:
    """`sitrep serve` over ``alias``: warm-up, one client alone, then the measured runs."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {"SITREP_API_API_KEYS": KEY, "SITREP_ELASTICSEARCH_ARTICLES_ALIAS": alias}
    with tempfile.TemporaryDirectory() as tmp:
        server = start_sitrep(
            ["serve", "--host", "127.0.0.1", "--port", str(port)], env, Path(tmp) / "serve.log"
        )
        try:
            wait_for_http(f"{url}/healthz")
            figures: dict[str, Any] = {"warm_up": warm_up(url)}
            figures["one_client"] = load(url, 1, args.baseline_seconds, seed=99)
            runs = []
            for run in range(args.runs):
                runs.append(load(url, args.clients, args.seconds, seed=run))
                print(f"run {run + 1}: {json.dumps(runs[-1]['/search'])}", flush=True)
        finally:
            stop_process(server, grace=30)
    return figures | {"median": medians(runs), "runs": runs}


def main() -> None:
    """Index, serve, load ``--runs`` times, print the figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument(
        "--baseline-seconds", type=float, default=15.0, help="one client alone first: the service time"
    )
    args = parser.parse_args()
    stage = Stage.fresh("bench-search")
    try:
        alias, indexed = build_index(stage, args.docs)
        print(f"indexed: {indexed}", flush=True)
        figures = serve_and_load(alias, args)
    finally:
        stage.delete()
    summary = {"benchmark": "search_latency", "clients": args.clients, "seconds": args.seconds}
    print(json.dumps(summary | {"index": indexed} | figures, indent=2))


if __name__ == "__main__":
    main()
