"""Search latency, multilingual index and English-only index side by side: `GET /search` (and
`/facets`) under 20 concurrent clients for 60 s.

Indexes `search_corpus` (2000 real news pages from the extraction benchmark under their own
sites, the demo's 77 pages and the 443 real excerpts in six languages) with one whole `sitrep
process`, then copies that output into two fresh indices in one pass: **multilingual**, as the
pipeline writes it (title and text also in the article's own language's Hunspell-analysed
fields), and **english_only**, the template before those fields (v1's language-neutral layout).
Each gets its own `sitrep serve` on a free loopback port; the measured runs alternate between
them (the order flips every round) so the shared machine's load drift hits both alike, and
each round gives the ratio multilingual / English-only of the `/search` p95.

A run is a closed-loop load: 20 client threads, each sending the next request as soon as the
last one answered, for 60 s, each request drawn (seeded, the same sequence for both contenders
in a round) from `MIX`, the mix measured since issue 4 (phrases, boolean queries, prefixes,
fielded queries, filters, newest-first, page 2, browsing, facets), and `MULTILINGUAL`, words,
phrases and filters in French, Spanish, Arabic, Russian and Ukrainian and a place named in
English. The old mix's own `/search` percentiles are reported apart, comparable with the figures
measured before the language fields. Everything runs on 127.0.0.1; the load generator, the APIs
and Elasticsearch share the machine's cores. The topic and indices are deleted afterwards.

    .venv/bin/python benchmarks/bench_search_latency.py [--clients 20] [--seconds 60] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
from latency_stats import latency_summary
from loopback import SITREP, free_port, start_sitrep, stop_process, wait_for_http
from measure import run_measured
from search_corpus import copy_articles, create_english_only, index_figures, produce_corpus
from workload import Stage

from connectors.elasticsearch_client import make_client
from connectors.language_analysis import choose_analysis
from connectors.search.request import SearchLimits, SearchRequest, search_body
from connectors.settings import ElasticsearchSettings
from sitrep.api.routes import Filters

KEY = f"bench-{uuid.uuid4().hex[:12]}"
PAGING = ("sort", "limit", "page")
REPEATED = ("tag", "event_type", "country", "source", "lang")
CONTENDERS = ("multilingual", "english_only")

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
# Queries in the other five languages (inflected forms their analysis should reduce), and a
# place named in English that articles in other scripts were tagged with. Labels start "ml ".
MULTILINGUAL: list[tuple[str, str, dict[str, Any]]] = [
    ("ml words", "/search", {"q": "frappes drone"}),
    ("ml words", "/search", {"q": "bombardeos"}),
    ("ml words", "/search", {"q": "الغارات"}),
    ("ml words", "/search", {"q": "обстрелов погибли"}),
    ("ml words", "/search", {"q": "обстрілів"}),
    ("ml phrase", "/search", {"q": '"cessez-le-feu"'}),
    ("ml phrase", "/search", {"q": '"ракетный удар"'}),
    ("ml boolean", "/search", {"q": "ataques OR muertos"}),
    ("ml boolean", "/search", {"q": "удар* -Київ"}),
    ("ml filtered", "/search", {"q": "بالقصف", "lang": "ar"}),
    ("ml filtered", "/search", {"q": "загинули", "lang": "uk", "since": "30d"}),
    ("ml place", "/search", {"q": "Kharkiv"}),
    ("ml facets", "/facets", {"q": "frappes OR bombardeos OR обстрел"}),
]
REQUESTS = MIX + MULTILINGUAL


@dataclass(frozen=True)
class Sample:
    """One request: its label and endpoint, HTTP status (0 = no answer) and seconds taken."""

    label: str
    endpoint: str
    status: int
    seconds: float


# The latency groups each run reports: which samples each one holds.
GROUPS: dict[str, Callable[[Sample], bool]] = {
    "/search": lambda s: s.endpoint == "/search",
    "/facets": lambda s: s.endpoint == "/facets",
    "/search old mix": lambda s: s.endpoint == "/search" and not s.label.startswith("ml "),
    "/search multilingual": lambda s: s.endpoint == "/search" and s.label.startswith("ml "),
}


def client(url: str, stop_at: float, seed: int, out: list[Sample]) -> None:
    """One analyst's client: a request, wait for the answer, the next, until ``stop_at``."""
    rng = random.Random(seed)
    with requests.Session() as session:
        session.headers["X-API-Key"] = KEY
        while time.monotonic() < stop_at:
            label, endpoint, params = rng.choice(REQUESTS)
            started = time.perf_counter()
            try:
                status = session.get(f"{url}{endpoint}", params=params, timeout=30).status_code
            except requests.RequestException:
                status = 0
            out.append(Sample(label, endpoint, status, time.perf_counter() - started))


def load(url: str, clients: int, seconds: float, seed: int) -> dict[str, Any]:
    """``clients`` threads for ``seconds``; latency percentiles per group, rate, errors, load."""
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
        "load_average": [round(x, 1) for x in os.getloadavg()],
    }
    for group, wanted in GROUPS.items():
        mine = [s for s in samples if wanted(s)]
        errors = [s for s in mine if s.status != 200]
        figures[group] = {
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
    matched, failed = [], []
    for label, endpoint, params in REQUESTS:
        answer = requests.get(f"{url}{endpoint}", params=params, headers={"X-API-Key": KEY}, timeout=60)
        if answer.status_code != 200:
            failed.append(f"{label} {params}: HTTP {answer.status_code} {answer.text[:200]}")
            continue
        matched.append({"label": label, "endpoint": endpoint, "params": params,
                        "articles": answer.json().get("total_articles")})
    return {"matched": matched, "failed": failed}


def build_indices(stage: Stage, docs: int) -> tuple[dict[str, str], dict[str, Any]]:
    """Produce the corpus, run one `sitrep process` (not timed), copy its output into both
    contenders' indices; their aliases, and what went in."""
    sent = produce_corpus(
        stage.kafka.client_options(), stage.kafka.raw_topic, stage.kafka.max_message_bytes, docs
    )
    source = stage.fresh_index()
    measured = run_measured([SITREP, "process", "--json"], stage.env(stage.kafka.consumer_group, source))
    counters = measured.output.get("counters") or {}
    if measured.returncode != 0 or not counters.get("indexed"):
        raise RuntimeError(f"indexing the search corpus failed: {measured.stderr_tail}")
    prefix = stage.kafka.raw_topic.removesuffix("-raw")
    aliases = {"multilingual": stage.fresh_index(), "english_only": f"{prefix}-english-only-articles"}
    es = make_client(stage.es)
    try:
        create_english_only(es, aliases["english_only"])
        copy_articles(es, source, {aliases[name]: name == "multilingual" for name in CONTENDERS})
        info = {"sent": sent, **counters, "analysis": choose_analysis(es)}
        info["indices"] = {name: index_figures(es, alias) for name, alias in aliases.items()}
    finally:
        es.close()
    return aliases, info


def search_request(params: dict[str, Any]) -> SearchRequest:
    """The request `GET /search` builds from these parameters (through the API's own `Filters`)."""
    filters = {key: [value] if key in REPEATED and isinstance(value, str) else value
               for key, value in params.items() if key not in PAGING}
    return SearchRequest(**Filters(**filters).values, **{key: params[key] for key in PAGING if key in params})


def _phases(answer: dict[str, Any]) -> dict[str, float]:
    """Query, fetch and highlighting milliseconds of one profiled search (one shard)."""
    shard = answer["profile"]["shards"][0]
    fetch = shard.get("fetch", {})
    highlight = sum(c["time_in_nanos"] for c in fetch.get("children", []) if c["type"] == "HighlightPhase")
    query = sum(node["time_in_nanos"] for search in shard["searches"] for node in search["query"])
    return {"query_ms": query / 1e6, "fetch_ms": fetch.get("time_in_nanos", 0) / 1e6,
            "highlight_ms": highlight / 1e6}


def es_phases(alias: str, reps: int = 5) -> dict[str, float]:
    """Elasticsearch's own time per phase (profile API), one client, summed over the mix's
    `/search` requests (each the median of ``reps``): where a contender's time goes."""
    es = make_client(ElasticsearchSettings(articles_alias=alias))
    totals: dict[str, float] = {}
    try:
        for _, endpoint, params in REQUESTS:
            if endpoint != "/search":
                continue
            body = search_body(search_request(params), SearchLimits()) | {"profile": True}
            passes = [_phases(es.search(index=alias, body=body)) for _ in range(reps)]
            for key in passes[0]:
                totals[key] = totals.get(key, 0.0) + statistics.median(p[key] for p in passes)
    finally:
        es.close()
    return {key: round(value, 1) for key, value in totals.items()}


def medians(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Per latency group, the median over runs of each latency figure and rate; errors summed."""
    median: dict[str, Any] = {"requests_per_s": statistics.median(r["requests_per_s"] for r in runs)}
    for group in GROUPS:
        median[group] = {
            key: round(statistics.median(r[group]["latency_ms"][key] for r in runs), 1)
            for key in ("p50", "p95", "p99", "max")
        } | {
            "requests_per_s": round(statistics.median(r[group]["requests_per_s"] for r in runs), 1),
            "errors": sum(r[group]["errors"] for r in runs),
        }
    return median


@contextmanager
def serving(alias: str, log_dir: Path) -> Iterator[str]:
    """`sitrep serve` over ``alias`` on a free loopback port, for the block; yields its URL."""
    port = free_port()
    env = {"SITREP_API_API_KEYS": KEY, "SITREP_ELASTICSEARCH_ARTICLES_ALIAS": alias}
    argv = ["serve", "--host", "127.0.0.1", "--port", str(port)]
    server = start_sitrep(argv, env, log_dir / f"{alias}.log")
    try:
        url = f"http://127.0.0.1:{port}"
        wait_for_http(f"{url}/healthz")
        yield url
    finally:
        stop_process(server, grace=30)


def ratio(a: dict[str, Any], b: dict[str, Any], group: str) -> float:
    """Multilingual over English-only p95 of ``group`` within one round."""
    return round(a[group]["latency_ms"]["p95"] / b[group]["latency_ms"]["p95"], 3)


def side_by_side(aliases: dict[str, str], args: argparse.Namespace) -> dict[str, Any]:
    """Both servers up; warm-up and one client alone each; then rounds, order flipped each round."""
    figures: dict[str, dict[str, Any]] = {name: {"runs": []} for name in CONTENDERS}
    rounds = []
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as servers:
        urls = {name: servers.enter_context(serving(aliases[name], Path(tmp))) for name in CONTENDERS}
        for name in CONTENDERS:  # both warm before either is timed
            figures[name]["warm_up"] = warm_up(urls[name])
        for name in CONTENDERS:
            figures[name]["one_client"] = load(urls[name], 1, args.baseline_seconds, seed=99)
        for number in range(args.runs):
            order = CONTENDERS if number % 2 == 0 else CONTENDERS[::-1]
            for name in order:
                figures[name]["runs"].append(load(urls[name], args.clients, args.seconds, seed=number))
                print(f"round {number + 1} {name}: {json.dumps(figures[name]['runs'][-1]['/search'])}",
                      flush=True)
            multi, english = (figures[name]["runs"][-1] for name in CONTENDERS)
            rounds.append({"order": list(order), "ratio_search_p95": ratio(multi, english, "/search"),
                           "ratio_old_mix_p95": ratio(multi, english, "/search old mix")})
    for name in CONTENDERS:
        figures[name]["median"] = medians(figures[name]["runs"])
        figures[name]["es_phases"] = es_phases(aliases[name])
    return {"contenders": figures, "rounds": rounds,
            "ratio_search_p95": statistics.median(r["ratio_search_p95"] for r in rounds),
            "ratio_old_mix_p95": statistics.median(r["ratio_old_mix_p95"] for r in rounds)}


def main() -> None:
    """Index, serve both, load ``--runs`` rounds, print the figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--runs", type=int, default=3, help="rounds; each contender runs once per round")
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument(
        "--baseline-seconds", type=float, default=15.0, help="one client alone first: the service time"
    )
    args = parser.parse_args()
    stage = Stage.fresh("bench-search")
    try:
        aliases, indexed = build_indices(stage, args.docs)
        print(f"indexed: {json.dumps(indexed)}", flush=True)
        figures = side_by_side(aliases, args)
    finally:
        stage.delete()
    summary = {"benchmark": "search_latency", "clients": args.clients, "seconds": args.seconds,
               "mix": {"old": len(MIX), "multilingual": len(MULTILINGUAL)}}
    print(json.dumps(summary | {"index": indexed} | figures, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
