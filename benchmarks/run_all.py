"""`make bench`: every benchmark as a whole process, several runs, medians, side-by-side ratios.

Throughput runs alternate (the order rotates every round) so the noisy shared machine slows
all contenders alike; each ratio is taken within one round and the median of those is
reported. Topics and indices are fresh per benchmark and deleted afterwards. Writes
``benchmarks/RESULTS.md``.

    .venv/bin/python benchmarks/run_all.py [--runs 3] [--docs 2000] [--full]
        [--only throughput,quality,extraction,tagger,alerts,events,polling,alerts_latency,search,
                language_analysis]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import uuid
from pathlib import Path
from typing import Any

from events_benchmarks import run_events
from measure import Measured, run_measured
from report import write_results
from service_benchmarks import PARTS as SERVICE_PARTS
from service_benchmarks import run_parts
from workload import Stage, load_pages

HERE = Path(__file__).resolve().parent
PY = sys.executable
SITREP = str(Path(PY).with_name("sitrep"))
CORES = os.cpu_count() or 1
ALL_PARTS = ("throughput", "quality", "extraction", "tagger", "alerts", "events", *SERVICE_PARTS)


def contenders(stage: Stage, docs: int) -> dict[str, tuple[list[str], dict[str, str] | None]]:
    """The four throughput contenders (a1, aN, b, c) over ``docs`` documents of ``stage``."""
    group = f"{stage.kafka.consumer_group}-{uuid.uuid4().hex[:6]}"
    return {
        "a_1proc": ([PY, str(HERE / "bench_extraction.py"), "--docs", str(docs), "--procs", "1"], None),
        "a_cores": (
            [PY, str(HERE / "bench_extraction.py"), "--docs", str(docs), "--procs", str(CORES)],
            None,
        ),
        "b_pipeline": ([SITREP, "process", "--json"], stage.env(group, stage.fresh_index())),
        "c_naive": (
            [
                PY,
                str(HERE / "bench_naive.py"),
                "--topic",
                stage.kafka.raw_topic,
                "--index",
                stage.fresh_index(),
                "--docs",
                str(docs),
            ],
            None,
        ),
    }


def throughput(docs: int, runs: int, log: list[str]) -> dict[str, Any]:
    """Rounds of a1, aN, b and c over one fresh topic of ``docs`` documents; rotated order."""
    stage = Stage.fresh("bench")
    results: dict[str, list[Measured]] = {}
    try:
        stage.produce(list(load_pages().values()), docs)
        for round_no in range(runs):
            runs_now = contenders(stage, docs)
            names = list(runs_now)
            names = names[round_no % len(names) :] + names[: round_no % len(names)]
            for name in names:
                argv, env = runs_now[name]
                measured = run_measured(argv, env)
                indexed = (measured.output.get("counters") or {}).get("indexed", docs)
                if measured.returncode != 0 or indexed != docs:
                    log.append(f"{name} (n={docs}) failed ({indexed} indexed): {measured.stderr_tail}")
                results.setdefault(name, []).append(measured)
                print(
                    f"n={docs} round {round_no + 1} {name}: {docs / measured.wall:.1f} docs/s "
                    f"wall {measured.wall:.1f}s peak tree RSS {measured.peak_tree_rss_mib:.0f} MiB",
                    flush=True,
                )
    finally:
        stage.delete()
    return summarise(docs, results)


def summarise(docs: int, results: dict[str, list[Measured]]) -> dict[str, Any]:
    """Median docs/s per contender, per-round ratios b/a and b/c, and their medians."""
    rate = {name: [docs / m.wall for m in ms] for name, ms in results.items()}
    rounds = range(min(len(v) for v in rate.values()))
    ratio = {
        "b/a_cores": [rate["b_pipeline"][i] / rate["a_cores"][i] for i in rounds],
        "b/c": [rate["b_pipeline"][i] / rate["c_naive"][i] for i in rounds],
        "a_cores/a_1proc": [rate["a_cores"][i] / rate["a_1proc"][i] for i in rounds],
    }
    return {
        "docs": docs,
        "rate": {k: statistics.median(v) for k, v in rate.items()},
        "rates": rate,
        "ratio": {k: statistics.median(v) for k, v in ratio.items()},
        "ratios": ratio,
        "cpu_per_doc_ms": {
            k: statistics.median(m.cpu for m in ms) / docs * 1000 for k, ms in results.items()
        },
        "wall_per_doc_ms": {
            k: statistics.median(m.wall for m in ms) / docs * 1000 for k, ms in results.items()
        },
        "peak_tree_rss_mib": {k: max(m.peak_tree_rss_mib for m in ms) for k, ms in results.items()},
        "peak_process_rss_mib": {k: max(m.peak_process_rss_mib for m in ms) for k, ms in results.items()},
        "pipeline_counters": results["b_pipeline"][-1].output.get("counters"),
    }


def single(name: str, argv: list[str], log: list[str]) -> Measured:
    """One whole-process run of a benchmark that prints its own figures."""
    measured = run_measured(argv)
    if measured.returncode != 0:
        log.append(f"{name} failed: {measured.stderr_tail}")
    print(f"{name}: {measured.output}", flush=True)
    return measured


def parts_list(text: str) -> list[str]:
    """``--only``'s argument: one part or several, comma-separated, each a known part."""
    parts = [part.strip() for part in text.split(",") if part.strip()]
    unknown = [part for part in parts if part not in ALL_PARTS]
    if unknown:
        raise argparse.ArgumentTypeError(
            f"unknown part(s) {', '.join(unknown)}; known: {', '.join(ALL_PARTS)}"
        )
    return parts


def main() -> None:
    """Run everything and write RESULTS.md."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--full", action="store_true", help="also the 20k-document runs (long)")
    parser.add_argument(
        "--only",
        type=parts_list,
        action="extend",
        metavar="PART[,PART]",
        help=f"run only these parts, the others' sections stay as they are: {', '.join(ALL_PARTS)}",
    )
    args = parser.parse_args()
    wanted = set(args.only or ALL_PARTS)
    log: list[str] = []
    results: dict[str, Any] = {"runs": args.runs, "full": args.full, "log": log}
    if "quality" in wanted:
        results["quality"] = single("quality", [PY, str(HERE / "bench_quality.py")], log).output
    if "extraction" in wanted:
        bench = [PY, str(HERE / "bench_extraction_settings.py")]
        results["extraction"] = single("extraction settings", bench, log).output
    if "throughput" in wanted:
        sizes = [args.docs, 20000] if args.full else [args.docs]
        results["throughput"] = [throughput(n, args.runs if n <= args.docs else 1, log) for n in sizes]
    if "tagger" in wanted:
        bench = [PY, str(HERE / "bench_tagger.py"), "--docs", "1000"]
        results["tagger"] = {
            "as built": single("tagger", bench, log),
            "compiled vs interpreted": single(
                "tagger compiled vs interpreted", [*bench, "--against-interpreted", "--rounds", "3"], log
            ),
        }
    if "alerts" in wanted:
        results["alerts"] = {
            n: single(f"alerts {n} rules", [PY, str(HERE / "bench_alerts.py"), "--rules", str(n)], log)
            for n in (0, 500)
        }
    if "events" in wanted:
        results["events"] = run_events(args.runs, log)
    results.update(run_parts(wanted, args.runs, log))
    path = write_results(results, HERE / "RESULTS.md")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
