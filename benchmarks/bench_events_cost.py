"""What event linking adds to a processing cycle, side by side, on the real servers.

Workload: one full cycle window (2000 documents by default, `pipeline.cycle_window`), four
in five of them the throughput benchmark's pages (mostly not about armed conflict) and one
in five a conflict page of the demo, all under unique URLs, from 20 outlets, published over
seven days: a cycle of world-news feeds is mostly other news with some conflict reporting,
and the linker only ever sees the conflict part (`events_reports` says how much it was).

Each round runs two whole `sitrep process` cycles over the same raw topic, each under a fresh
consumer group and fresh indices: one as shipped, one with the linking step removed from the
pipeline and nothing else (the `LinkEvents` transform becomes one that adds no step at all,
in a child process that otherwise is `sitrep process`). The order alternates (with, without,
without, with, ...) so slow phases of the shared machine hit both alike; each round gives a
ratio with/without of wall time and of CPU summed over the cycle's process tree (less
sensitive to other load than wall time), and the medians of those ratios are the figures.
Inside each linked run the step times itself (Beam distributions: building reports, and the
relink of the window: lookup, clustering, bulk write, refresh). Last, the linking alone is
timed in this process on the last linked run's articles: into a fresh events index, then
again into the filled one (the steady state: every event found, rebuilt, nothing to write).

    flock /work/helpers/bench.lock .venv/bin/python benchmarks/bench_events_cost.py \\
        [--docs 2000] [--rounds 6]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import uuid
from dataclasses import replace
from pathlib import Path
from typing import Any

import apache_beam as beam
import psutil
import yaml
from apache_beam.metrics.metric import MetricsFilter
from kafka import KafkaProducer
from measure import run_measured
from workload import Stage, load_pages, raw_article

from connectors.elasticsearch_client import make_client
from connectors.elasticsearch_indices import ensure_indices
from connectors.settings import ElasticsearchSettings
from pipelines.events.relink import relink
from pipelines.events.reports import is_linkable, report_of

DEMO = Path(__file__).resolve().parents[1] / "seeds" / "demo"
CONFLICT_EVERY = 5
OUTLETS = 20
TIMINGS = ("events_report_us", "events_relink_ms")


class WithoutLinking(beam.PTransform):
    """Stands where `LinkEvents` stands and adds no step: the cycle minus linking, exactly."""

    def __init__(self, _es: ElasticsearchSettings) -> None:
        super().__init__()

    def expand(self, articles: beam.PCollection) -> beam.PCollection:
        return articles


def conflict_pages() -> list[str]:
    """The demo's conflict pages (its distractors left out)."""
    expected = yaml.safe_load((DEMO / "expected.yaml").read_text(encoding="utf-8"))["pages"]
    return [
        (DEMO / "pages" / name).read_text(encoding="utf-8")
        for name, page in sorted(expected.items())
        if not page.get("distractor")
    ]


def produce(stage: Stage, docs: int) -> None:
    """``docs`` raw articles: every CONFLICT_EVERY-th a demo conflict page, the rest the
    throughput corpus; unique URLs, OUTLETS sources, publication days over one week."""
    other, conflict = list(load_pages().values()), conflict_pages()
    producer = KafkaProducer(
        **stage.kafka.client_options(), max_request_size=stage.kafka.max_message_bytes, linger_ms=50
    )
    for i in range(docs):
        pool = conflict if i % CONFLICT_EVERY == 0 else other
        html = pool[(i // CONFLICT_EVERY if pool is conflict else i) % len(pool)]
        article = raw_article(f"https://bench.example/{i}", html.replace("<title>", f"<title>{i} ", 1))
        published = f"2026-11-{18 + i % 7:02d}T{6 + i % 12:02d}:00:00Z"
        article.update(source=f"outlet-{i % OUTLETS}", published=published)
        producer.send(stage.kafka.raw_topic, key=article["id"].encode(), value=json.dumps(article).encode())
    producer.flush()
    producer.close()


def child(linking: bool) -> int:
    """`sitrep process` in this process (linking removed if asked); prints counters and timings."""
    import pipelines.cycle as cycle
    from sitrep.cli import main as sitrep_main

    seen: dict[str, Any] = {"counters": {}, "timings": {}}
    counters_of = cycle.counters_of

    def counters_and_timings(result: beam.runners.runner.PipelineResult) -> dict[str, int]:
        for found in result.metrics().query(MetricsFilter().with_namespace("sitrep"))["distributions"]:
            value = found.committed
            if found.key.metric.name in TIMINGS and value is not None and value.count:
                into = seen["timings"].setdefault(found.key.metric.name, {"count": 0, "sum": 0, "max": 0})
                into["count"] += value.count
                into["sum"] += value.sum
                into["max"] = max(into["max"], value.max)
        counters = counters_of(result)
        for name, number in counters.items():
            seen["counters"][name] = seen["counters"].get(name, 0) + number
        return counters

    cycle.counters_of = counters_and_timings
    if not linking:
        cycle.LinkEvents = WithoutLinking
    code = sitrep_main(["process", "--json"])
    print(json.dumps(seen))
    return code


def one_run(stage: Stage, linking: bool, docs: int) -> dict[str, Any]:
    """One whole cycle process under a fresh group and indices; its figures and the load."""
    group = f"{stage.kafka.consumer_group}-{uuid.uuid4().hex[:6]}"
    alias = stage.fresh_index()
    mode = "with" if linking else "without"
    measured = run_measured([sys.executable, __file__, "--child", mode], stage.env(group, alias))
    counters = measured.output.get("counters") or {}
    if measured.returncode != 0 or counters.get("indexed") != docs:
        raise RuntimeError(f"cycle {mode} failed ({counters}): {measured.stderr_tail}")
    run = {
        "mode": mode,
        "alias": alias,
        "wall_s": round(measured.wall, 2),
        "cpu_s": round(measured.cpu, 2),
        "load_1min": round(psutil.getloadavg()[0], 1),
        "counters": counters,
        "timings": measured.output.get("timings") or {},
    }
    print(json.dumps(run), file=sys.stderr, flush=True)
    return run


def _drop(alias: str) -> None:
    """One run's indices (articles, rules, alerts, events), once its figures are taken."""
    client = make_client(ElasticsearchSettings())
    try:
        client.options(ignore_status=404).indices.delete(
            index=f"{alias.removesuffix('-articles')}-*", expand_wildcards="all"
        )
    finally:
        client.close()


def linking_alone(stage: Stage, alias: str) -> dict[str, Any]:
    """The run's linkable articles relinked here: into a fresh events index, then again."""
    es = replace(stage.es, articles_alias=alias, events_index=f"{alias}-alone-events")
    client = make_client(es)
    try:
        hits = client.search(index=alias, size=10_000, query={"exists": {"field": "event_types"}})
        reports = [report_of(h["_source"]) for h in hits["hits"]["hits"] if is_linkable(h["_source"])]
        ensure_indices(client, es)
        seconds = []
        for _pass in range(2):
            started = time.perf_counter()
            result = relink(client, es.events_index, reports)
            seconds.append(round(time.perf_counter() - started, 3))
        return {"reports": len(reports), "events": result.events, "fresh_s": seconds[0],
                "again_s": seconds[1]}
    finally:
        client.close()


def summarise(docs: int, runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Per-round ratios with/without of wall and tree CPU, their medians, per-document figures."""
    with_, without = [r for r in runs if r["mode"] == "with"], [r for r in runs if r["mode"] == "without"]
    wall = [round(a["wall_s"] / b["wall_s"], 3) for a, b in zip(with_, without, strict=True)]
    cpu = [round(a["cpu_s"] / b["cpu_s"], 3) for a, b in zip(with_, without, strict=True)]
    relink_ms = [r["timings"].get("events_relink_ms", {}).get("sum", 0) for r in with_]
    report_ms = [r["timings"].get("events_report_us", {}).get("sum", 0) / 1000 for r in with_]
    return {
        "docs": docs,
        "rounds": len(wall),
        "wall_ratio": wall,
        "cpu_ratio": cpu,
        "added_wall": round(statistics.median(wall) - 1, 3),
        "added_cpu": round(statistics.median(cpu) - 1, 3),
        "wall_ms_per_doc": {m: round(statistics.median(r["wall_s"] for r in rs) / docs * 1000, 1)
                            for m, rs in (("with", with_), ("without", without))},
        "cpu_ms_per_doc": {m: round(statistics.median(r["cpu_s"] for r in rs) / docs * 1000, 1)
                           for m, rs in (("with", with_), ("without", without))},
        "stage_ms": {"relink": relink_ms, "reports": [round(x) for x in report_ms]},
        "events_reports": with_[-1]["counters"].get("events_reports"),
        "events_written": with_[-1]["counters"].get("events_written"),
        "load_1min": [r["load_1min"] for r in runs],
        "runs": [{k: r[k] for k in ("mode", "wall_s", "cpu_s", "load_1min")} for r in runs],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--child", choices=("with", "without"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        sys.exit(child(args.child == "with"))
    stage = Stage.fresh("bench-events")
    try:
        produce(stage, args.docs)
        runs: list[dict[str, Any]] = []
        for round_ in range(args.rounds):
            for linking in (True, False) if round_ % 2 == 0 else (False, True):
                runs.append(one_run(stage, linking, args.docs))
                if runs[-1]["mode"] == "without" or round_ < args.rounds - 1:
                    _drop(runs[-1]["alias"])
        last_linked = next(r for r in reversed(runs) if r["mode"] == "with")
        alone = linking_alone(stage, last_linked["alias"])
        print(json.dumps({"benchmark": "events_cost", **summarise(args.docs, runs), "linking_alone": alone}))
    finally:
        stage.delete()


if __name__ == "__main__":
    main()
