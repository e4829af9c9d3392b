"""Alert latency: from a feed entry appearing to its webhook notification, in continuous mode.

One whole `sitrep run --every 15s` process watches a loopback feed (`live_feed.LiveFeed`) with
one `any` rule whose webhook is a local receiver (`sitrep.demo.receivers.WebhookReceiver`), against this
benchmark's own fresh topics and indices (deleted afterwards). Once its first (empty) cycle
has finished, the benchmark publishes ``--articles`` entries at random intervals
(``--gap-min``..``--gap-max`` seconds, so they land at every phase of the cycle), each a
distinct demo article matching the rule, and notes when each notification arrives.

Per article, on one wall clock: appeared in the feed -> produced to the raw topic (the
record's timestamp: waiting for the next cycle's poll, plus the poll) -> indexed (the
document's ``indexed_at``: the processing stage) -> notified (matching, recording, delivery).
The run reports in the state directory give each cycle's stage durations, which show what
dominates. ``--in-process-below N`` sets the process's ``pipeline.in_process_below`` (0: every
cycle starts the multi-process DirectRunner, as before that setting existed).

    .venv/bin/python benchmarks/bench_alert_latency.py [--articles 30] [--every 15s] [--in-process-below 0]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from kafka import KafkaConsumer, TopicPartition
from latency_stats import latency_summary
from live_feed import MARKER, LiveFeed, Published, probe_pages
from loopback import free_port, start_sitrep, stop_process
from workload import Stage

from connectors.elasticsearch_client import make_client
from connectors.feeds.urls import article_id, canonical_url
from sitrep.demo.receivers import WebhookReceiver


def rule_yaml(webhook_url: str) -> str:
    """The one rule: any story mentioning the probe marker, sent to the local webhook."""
    return (
        "name: latency-probe\n"
        "type: any\n"
        f"query: {{phrases: [{MARKER}]}}\n"
        "realert: 7d\n"
        f'notify:\n  - webhook: "{webhook_url}"\n'
    )


def feeds_yaml(feed_url: str) -> str:
    """The feeds file: the live feed alone, loopback hence local, polled every cycle."""
    return (
        "defaults: {min_interval: 0, labels: {language: en}}\n"
        f"feeds:\n  - name: latency-probe\n    url: {feed_url}\n    local: true\n"
    )


def wait_for_cycles(state_dir: Path, count: int, timeout: float) -> None:
    """Block until ``count`` cycle reports exist (the first cycle pays process start-up)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if len(list((state_dir / "runs").glob("*.json"))) >= count:
            return
        time.sleep(0.5)
    raise RuntimeError(f"no cycle report in {state_dir / 'runs'} after {timeout:.0f} s")


def publish_spaced(feed: LiveFeed, count: int, gaps: tuple[float, float], seed: int) -> list[Published]:
    """``count`` entries, one distinct page each, at random gaps (seconds) between them."""
    rng = random.Random(seed)
    pages = probe_pages()
    rng.shuffle(pages)
    published = []
    for number in range(count):
        if number:
            time.sleep(rng.uniform(*gaps))
        published.append(feed.publish(number, pages[number % len(pages)]))
        print(f"published {number + 1}/{count}: {published[-1].page.file}", flush=True)
    return published


def wait_for_alerts(clock: WebhookReceiver, expected: int, timeout: float) -> None:
    """Until every published entry has its notification, or ``timeout`` passes."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and len(notified_urls(clock)) < expected:
        time.sleep(0.5)


def notified_urls(clock: WebhookReceiver) -> dict[str, float]:
    """Article URL -> first arrival of a notification naming it (a POST carries alerts)."""
    first: dict[str, float] = {}
    for at, payload in zip(clock.arrived_at, clock.received, strict=False):
        for alert in payload.get("alerts") or []:
            for article in alert.get("articles") or []:
                first.setdefault(article.get("url", ""), at)
    return first


def produced_at(stage: Stage) -> dict[str, float]:
    """Article id -> its raw record's timestamp (set by the poller's producer), seconds."""
    consumer = KafkaConsumer(**stage.kafka.client_options(), enable_auto_commit=False)
    try:
        topic = stage.kafka.raw_topic
        parts = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic)]
        consumer.assign(parts)
        consumer.seek_to_beginning(*parts)
        ends = consumer.end_offsets(parts)
        stamps: dict[str, float] = {}
        while any(consumer.position(p) < ends[p] for p in parts):
            for records in consumer.poll(timeout_ms=1000).values():
                for record in records:
                    stamps[record.key.decode()] = record.timestamp / 1000
        return stamps
    finally:
        consumer.close()


def indexed_at(stage: Stage, alias: str) -> dict[str, float]:
    """Article id -> when the pipeline stamped it indexed, seconds."""
    client = make_client(stage.es)
    try:
        hits = client.search(index=alias, size=1000, source=["id", "indexed_at"])["hits"]["hits"]
    finally:
        client.close()
    return {h["_source"]["id"]: datetime.fromisoformat(h["_source"]["indexed_at"]).timestamp() for h in hits}


def cycle_stages(state_dir: Path) -> dict[str, Any]:
    """Median stage seconds over the cycles that processed articles, and over empty ones."""
    busy: dict[str, list[float]] = {}
    idle: list[float] = []
    for path in sorted((state_dir / "runs").glob("*.json")):
        stages = {s["name"]: s for s in json.loads(path.read_text())["stages"]}
        if stages.get("process", {}).get("counts", {}).get("planned"):
            for name, stage in stages.items():
                busy.setdefault(name, []).append(stage["seconds"])
        else:
            idle.append(sum(s["seconds"] for s in stages.values()))
    return {
        "cycles_with_articles": len(next(iter(busy.values()), [])),
        "cycles_empty": len(idle),
        "median_stage_s_with_articles": {k: round(statistics.median(v), 2) for k, v in busy.items()},
        "median_empty_cycle_s": round(statistics.median(idle), 2) if idle else None,
    }


def breakdown(
    feed: LiveFeed, published: list[Published], stage: Stage, alias: str, clock: WebhookReceiver
) -> dict[str, Any]:
    """Per-article latencies, end to end and by segment, summarised."""
    produced, indexed, notified = produced_at(stage), indexed_at(stage, alias), notified_urls(clock)
    total, to_raw, to_index, to_alert, missing = [], [], [], [], []
    for entry in published:
        url = feed.page_url(entry.number, entry.page)
        aid = article_id(canonical_url(url))
        if url not in notified:
            missing.append(entry.page.file)
            continue
        total.append(notified[url] - entry.appeared_at)
        if aid in produced and aid in indexed:
            to_raw.append(produced[aid] - entry.appeared_at)
            to_index.append(indexed[aid] - produced[aid])
            to_alert.append(notified[url] - indexed[aid])
    return {
        "published": len(published),
        "notified": len(total),
        "missing": missing,
        "end_to_end_s": latency_summary(total, scale=1),
        "appear_to_raw_s": latency_summary(to_raw, scale=1),
        "raw_to_indexed_s": latency_summary(to_index, scale=1),
        "indexed_to_notified_s": latency_summary(to_alert, scale=1),
    }


def sitrep_environment(
    stage: Stage, alias: str, workdir: Path, feed: LiveFeed, clock: WebhookReceiver,
    in_process_below: int | None = None,
) -> dict[str, str]:
    """SITREP_* for the continuous process: this stage's topics and index, a state directory,
    a feeds file with the live feed and a rules directory with the probe rule, under ``workdir``."""
    rules = workdir / "rules"
    rules.mkdir()
    (rules / "probe.yaml").write_text(rule_yaml(clock.url), encoding="utf-8")
    (workdir / "feeds.yaml").write_text(feeds_yaml(f"{feed.base}/live.rss"), encoding="utf-8")
    return {
        **stage.env(f"{stage.kafka.consumer_group}-run", alias),
        "SITREP_STATE_DIR": str(workdir / "state"),
        "SITREP_FEEDS_FILE": str(workdir / "feeds.yaml"),
        "SITREP_RULES_DIR": str(rules),
        **({} if in_process_below is None else {"SITREP_PIPELINE_IN_PROCESS_BELOW": str(in_process_below)}),
    }


def watch(stage: Stage, args: argparse.Namespace) -> dict[str, Any]:
    """`sitrep run --every` against the live feed while entries appear; the figures after."""
    alias = stage.fresh_index()
    with (
        LiveFeed(free_port()) as feed,
        WebhookReceiver(free_port(), echo=False) as clock,
        tempfile.TemporaryDirectory() as tmp,
    ):
        workdir = Path(tmp)
        env = sitrep_environment(stage, alias, workdir, feed, clock, args.in_process_below)
        process = start_sitrep(["run", "--every", args.every], env, workdir / "run.log")
        try:
            wait_for_cycles(workdir / "state", 1, timeout=180)
            published = publish_spaced(feed, args.articles, (args.gap_min, args.gap_max), args.seed)
            wait_for_alerts(clock, len(published), timeout=300)
        finally:
            code = stop_process(process)
        figures = breakdown(feed, published, stage, alias, clock) | cycle_stages(workdir / "state")
        log_tail = (workdir / "run.log").read_text(encoding="utf-8", errors="replace")[-1500:]
    return {"exit_code": code, **figures, "log_tail": log_tail if figures["missing"] else ""}


def main() -> None:
    """Run the continuous process, publish, collect, print the figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=30)
    parser.add_argument("--every", default="15s", help="sitrep run --every INTERVAL")
    parser.add_argument("--gap-min", type=float, default=5.0)
    parser.add_argument("--gap-max", type=float, default=20.0)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--in-process-below", type=int, default=None,
                        help="pipeline.in_process_below for the process (default: the configured one)")
    args = parser.parse_args()
    stage = Stage.fresh("bench-alat")
    try:
        figures = watch(stage, args)
    finally:
        stage.delete()
    summary = {"benchmark": "alert_latency", "every": args.every, "gap_s": [args.gap_min, args.gap_max],
               "in_process_below": args.in_process_below, "load_at_end": os.getloadavg()}
    print(json.dumps(summary | figures, indent=2))


if __name__ == "__main__":
    main()
