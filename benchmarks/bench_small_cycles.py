"""What one small processing cycle costs in this process vs on multi-process workers.

For each size (new documents in ``sitrep.raw``) and each path, a fresh raw topic and index
get that many extraction-benchmark pages, then:

- **cold**: one `sitrep process --json` (what cron runs), measured over its whole process
  tree (wall, CPU, peak RSS);
- **warm**: one Python process runs a 1-document cycle first, then the measured cycle (what
  the second and later cycles of `sitrep run --every` pay); wall and CPU (the process and
  its reaped children) of the second cycle alone.

The path is chosen with ``SITREP_PIPELINE_IN_PROCESS_BELOW``: a huge value runs every window
in process, 0 runs every window on the multi-process DirectRunner (the workers: one per core).
Sizes and paths alternate so load drifts hit both.

With ``--rss-cycles N`` it instead runs N cycles of ``--rss-docs`` new documents each in this
one process (the in-process path, as `sitrep run --every` runs them) and reports the resident
memory of the process and of its children after each: it must stay flat.

    .venv/bin/python benchmarks/bench_small_cycles.py [--sizes 1,10,50,200,500]
    .venv/bin/python benchmarks/bench_small_cycles.py --rss-cycles 40 [--rss-docs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from measure import run_measured
from workload import Stage, load_pages

SITREP = str(Path(sys.executable).with_name("sitrep"))
PATHS = {"in_process": "1000000000", "multi_process": "0"}


def cpu_seconds() -> float:
    """User + system CPU of this process and of its children that have been waited for."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def warm_child() -> None:
    """In a child: a 1-document cycle on the warm-up group, then the measured one; print JSON."""
    from pipelines.cycle import run_cycle
    from sitrep.config import load_config

    config = load_config()
    warm_up = replace(config.kafka, raw_topic=os.environ["WARM_TOPIC"],
                      consumer_group=os.environ["WARM_GROUP"])
    first = run_cycle(warm_up, config.elasticsearch, config.pipeline)
    wall, cpu = time.perf_counter(), cpu_seconds()
    report = run_cycle(config.kafka, config.elasticsearch, config.pipeline)
    wall, cpu = time.perf_counter() - wall, cpu_seconds() - cpu
    print(json.dumps({"ok": report.ok and first.ok, "indexed": report.counters.get("indexed"),
                      "wall": round(wall, 2), "cpu": round(cpu, 2), "error": report.error}))


def one_size(size: int, pages: list[str], warm_up: Stage) -> dict[str, Any]:
    """Cold and warm figures of both paths for ``size`` new documents."""
    row: dict[str, Any] = {"docs": size}
    for path, below in PATHS.items():
        for kind in ("cold", "warm"):
            stage = Stage.fresh(f"bench-small-{kind}")
            state = tempfile.TemporaryDirectory(prefix="sitrep-bench-small-")
            try:
                stage.produce(pages, size)
                env = {**stage.env(stage.kafka.consumer_group, stage.fresh_index()),
                       "SITREP_PIPELINE_IN_PROCESS_BELOW": below,
                       "SITREP_STATE_DIR": state.name,
                       "WARM_TOPIC": warm_up.kafka.raw_topic, "WARM_GROUP": f"{stage.kafka.raw_topic}-warm"}
                argv = ([SITREP, "process", "--json"] if kind == "cold"
                        else [sys.executable, __file__, "--warm-child"])
                measured = run_measured(argv, env, timeout=600)
            finally:
                stage.delete()
                state.cleanup()
            out = measured.output
            if kind == "cold":
                indexed = out.get("counters", {}).get("indexed")
                figures = {"wall": round(measured.wall, 2), "cpu": round(measured.cpu, 2),
                           "peak_tree_rss_mib": round(measured.peak_tree_rss_mib)}
            else:
                indexed, figures = out.get("indexed"), {"wall": out.get("wall"), "cpu": out.get("cpu")}
            if indexed != size:
                raise RuntimeError(f"{path} {kind} {size}: indexed {indexed}: {measured.stderr_tail}")
            row[f"{path}_{kind}"] = figures
            print(json.dumps({"docs": size, "path": path, kind: figures}), file=sys.stderr, flush=True)
    return row


def rss_over_cycles(cycles: int, docs: int, pages: list[str]) -> dict[str, Any]:
    """Resident MiB of this process and its children after each of ``cycles`` small cycles."""
    import psutil

    from connectors.elasticsearch_client import make_client
    from connectors.elasticsearch_indices import ensure_indices
    from pipelines.cycle import run_cycle
    from pipelines.settings import PipelineSettings

    stage, me, rows = Stage.fresh("bench-small-rss"), psutil.Process(), []
    try:
        client = make_client(stage.es)
        ensure_indices(client, stage.es)
        client.close()
        for number in range(cycles):
            stage.produce(pages[number % len(pages):], docs)
            started = time.perf_counter()
            report = run_cycle(stage.kafka, stage.es, PipelineSettings())
            if not report.ok or report.counters["indexed"] != docs:
                raise RuntimeError(f"cycle {number}: {report.error or report.counters}")
            children = me.children(recursive=True)
            rows.append({"cycle": number + 1, "wall": round(time.perf_counter() - started, 2),
                         "rss_mib": round(me.memory_info().rss / 2**20),
                         "children": len(children),
                         "children_rss_mib": round(sum(c.memory_info().rss for c in children) / 2**20)})
            print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    finally:
        stage.delete()
    return {"benchmark": "small_cycles_rss", "docs_per_cycle": docs, "load": os.getloadavg(), "rows": rows}


def main() -> None:
    """Measure every size, print the table rows as JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1,10,50,200,500")
    parser.add_argument("--rss-cycles", type=int, default=0)
    parser.add_argument("--rss-docs", type=int, default=3)
    parser.add_argument("--warm-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.warm_child:
        warm_child()
        return
    pages = list(load_pages().values())
    if args.rss_cycles:
        print(json.dumps(rss_over_cycles(args.rss_cycles, args.rss_docs, pages), indent=2))
        return
    warm_up = Stage.fresh("bench-small-warmup")
    try:
        warm_up.produce(pages, 1)
        rows = [one_size(int(size), pages, warm_up) for size in args.sizes.split(",")]
    finally:
        warm_up.delete()
    print(json.dumps({"benchmark": "small_cycles", "cores": os.cpu_count(), "load": os.getloadavg(),
                      "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
