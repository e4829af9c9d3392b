"""Polling: feeds per minute and entries per second of `sitrep poll` over 500 loopback feeds.

The feed farm (`feed_farm.py`) serves 500 feeds with unique entries from 25 loopback hosts;
each run is a whole `sitrep poll --json` process with a fresh state directory (so every entry
is new and every article page is fetched) into this benchmark's own fresh raw topic, deleted
afterwards. Politeness is the product's: one request at a time per host,
`fetch.per_host_delay` (1 s by default) apart, `fetch.concurrency` (16) feeds at once, robots.txt
read. A pass costs 1 + (entries per feed) requests per feed plus one robots.txt per host, so
with politeness on the figure is bounded by min(concurrency, hosts) / delay requests per
second, not by sitrep's CPU; ``--per-host-delay 0`` measures sitrep's own ceiling instead.
Feeds are interleaved across hosts in the feeds file; ``--grouped`` lists each host's feeds
together, as a file written site by site does: the poller starts feeds one host at a time in
turn, so both layouts should poll alike (100 feeds on 25 hosts: 79.1 grouped vs 80.1 feeds/min
interleaved; 25.0 grouped before the poller interleaved hosts itself).

    .venv/bin/python benchmarks/bench_polling.py [--feeds 500] [--hosts 25] [--runs 3]
        [--per-host-delay SECONDS] [--grouped]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from feed_farm import FeedFarm, smallest_gap_per_host
from loopback import SITREP, free_port
from measure import run_measured
from workload import Stage

from connectors.settings import FetchSettings


def one_pass(farm: FeedFarm, stage: Stage, feeds_file: Path, state_dir: Path, delay: float) -> dict[str, Any]:
    """One whole `sitrep poll` process over the farm; its figures and the server's view."""
    env = {
        **stage.env(stage.kafka.consumer_group, f"{stage.kafka.raw_topic.removesuffix('-raw')}-articles"),
        "SITREP_STATE_DIR": str(state_dir),
        "SITREP_FEEDS_FILE": str(feeds_file),
        "SITREP_FETCH_PER_HOST_DELAY": str(delay),
    }
    farm.take_hits()
    serving = time.process_time()
    measured = run_measured([SITREP, "poll", "--json"], env, timeout=1800)
    serving = time.process_time() - serving
    hits = farm.take_hits()
    summaries = measured.output.get("feeds", [])
    polled = [s for s in summaries if s["status"] in ("ok", "not_modified")]
    new = sum(s["new"] for s in summaries)
    gap = smallest_gap_per_host(hits)
    return {
        "returncode": measured.returncode,
        "wall_s": round(measured.wall, 2),
        "cpu_s": round(measured.cpu, 2),
        # This process's CPU meanwhile: the farm's servers, mostly (and the tree sampler).
        "farm_cpu_s": round(serving, 2),
        "peak_rss_mib": round(measured.peak_tree_rss_mib),
        "feeds_polled": len(polled),
        "feeds_failed": sum(1 for s in summaries if s["status"] == "error"),
        "entries_new": new,
        "fetch_errors": sum(s["errors"] for s in summaries),
        "requests": len(hits),
        "feeds_per_min": round(len(polled) / measured.wall * 60, 1),
        "entries_per_s": round(new / measured.wall, 2),
        "requests_per_s": round(len(hits) / measured.wall, 2),
        "smallest_gap_same_host_s": None if gap is None else round(gap, 3),
        "stderr_tail": "" if measured.returncode == 0 else measured.stderr_tail,
    }


def summarise(passes: list[dict[str, Any]], args: argparse.Namespace, delay: float) -> dict[str, Any]:
    """Medians over the runs, every run's figures, and the politeness bound they live under."""
    concurrency = FetchSettings().concurrency
    median = {
        key: statistics.median(p[key] for p in passes)
        for key in ("feeds_per_min", "entries_per_s", "requests_per_s", "wall_s", "cpu_s")
    }
    bound = min(concurrency, args.hosts) / delay if delay > 0 else None
    return {
        "benchmark": "polling",
        "feeds": args.feeds,
        "hosts": args.hosts,
        "per_host_delay_s": delay,
        "layout": "grouped" if args.grouped else "interleaved",
        "concurrency": concurrency,
        "runs": len(passes),
        "median": median,
        "polite_bound_requests_per_s": bound,
        "passes": passes,
    }


def main() -> None:
    """Serve the farm, run ``--runs`` passes, print the figures as JSON (last line block)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--feeds", type=int, default=500)
    parser.add_argument("--hosts", type=int, default=25)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--per-host-delay", type=float, default=FetchSettings().per_host_delay)
    parser.add_argument(
        "--grouped", action="store_true", help="list each host's feeds together instead of interleaved"
    )
    args = parser.parse_args()
    stage = Stage.fresh("bench-poll")
    passes: list[dict[str, Any]] = []
    try:
        hosts = [f"127.0.0.{n + 2}" for n in range(args.hosts)]
        with (
            FeedFarm(args.feeds, args.hosts, free_port(hosts), args.grouped) as farm,
            tempfile.TemporaryDirectory() as tmp,
        ):
            feeds_file = Path(tmp) / "feeds.yaml"
            feeds_file.write_text(farm.feeds_yaml(), encoding="utf-8")
            for run in range(args.runs):
                result = one_pass(farm, stage, feeds_file, Path(tmp) / f"state-{run}", args.per_host_delay)
                passes.append(result)
                print(
                    f"run {run + 1}: {result['feeds_per_min']} feeds/min, {result['entries_per_s']} "
                    f"entries/s, {result['requests']} requests in {result['wall_s']} s",
                    flush=True,
                )
    finally:
        stage.delete()
    print(json.dumps(summarise(passes, args, args.per_host_delay), indent=2))


if __name__ == "__main__":
    main()
