"""RESULTS.md sections for the service benchmarks: polling, alert latency, search latency.

Each section says when it was measured and under what load, then the medians, every run,
and what bounds the figure, so a reader can tell the product's limit from the machine's.
"""

from __future__ import annotations

import statistics
from typing import Any


def _when(result: dict[str, Any]) -> str:
    load = ", ".join(f"{x:.1f}" for x in result.get("load_average", []))
    return f"Measured {result.get('finished_at', '?')}, load average at the end {load} (2 shared cores)."


def _polling_row(label: str, result: dict[str, Any]) -> str:
    med, passes = result["median"], result["passes"]
    every = ", ".join(f"{p['feeds_per_min']:.0f}" for p in passes)
    gaps = [p["smallest_gap_same_host_s"] for p in passes if p["smallest_gap_same_host_s"] is not None]
    # Without a delay the gap is only the server's own bookkeeping skew (a few ms either way).
    gap = f"{min(gaps):.3f}" if gaps and result["per_host_delay_s"] > 0 else "–"
    failed = sum(p["feeds_failed"] for p in passes)
    return (
        f"| {label} | **{med['feeds_per_min']:.1f}** | {med['entries_per_s']:.1f} | "
        f"{med['requests_per_s']:.1f} | {med['wall_s']:.0f} | {med['cpu_s']:.1f} | {every} | "
        f"{gap} | {failed} |"
    )


def polling_section(results: dict[str, Any]) -> list[str]:
    """Feeds/min and entries/s with politeness on, and with the per-host delay at 0."""
    polite, free = results.get("polite") or {}, results.get("unthrottled") or {}
    if "median" not in polite:
        return ["## Polling", "", "Failed to run; see Failures.", ""]
    first = polite["passes"][0]
    lines = [
        "## Polling: 500 fixture feeds on loopback (`bench_polling.py`)",
        "",
        _when(polite),
        "",
        f"{polite['feeds']} feeds (the five demo outlets' RSS/Atom feeds as templates, every entry "
        f"moved under its own feed's path, so all {first['entries_new']} entries are distinct and "
        f"every article page is fetched) served from {polite['hosts']} loopback hosts "
        f"(127.0.0.2-{polite['hosts'] + 1}, one port), feeds interleaved across hosts. Each run is "
        "a whole `sitrep poll --json` process with a fresh state directory into a fresh topic; "
        f"`fetch.concurrency` {polite['concurrency']}, robots.txt read. A pass is "
        f"{first['requests']} requests (feeds + pages + one robots.txt per host).",
        "",
        "| politeness (`fetch.per_host_delay`) | feeds/min (median) | entries/s | requests/s | "
        "wall s | CPU s (tree) | feeds/min, every run | smallest gap between two requests to "
        "one host (s) | feeds failed |",
        "|---|---|---|---|---|---|---|---|---|",
        _polling_row(f"on, {polite['per_host_delay_s']:g} s (default)", polite),
    ]
    if "median" in free:
        lines.append(_polling_row("off, 0 s (sitrep's own ceiling)", free))
    bound = polite["polite_bound_requests_per_s"]
    return [
        *lines,
        "",
        f"- With politeness on, the rate is set by the per-host gate, not by sitrep's CPU: at most "
        f"min(concurrency, hosts) / delay = {bound:g} requests/s in steady state (a worker moving to "
        "an idle host skips one wait, so a little more is possible); measured "
        f"{polite['median']['requests_per_s']:.1f}. The smallest gap shows the gate held.",
        "- Fewer, bigger sites poll slower (one request per second per host); more hosts or a "
        "higher `fetch.concurrency` raise the bound. Re-polls of unchanged feeds cost one request "
        "per feed (a conditional GET where the site supports it) and no page fetches; this pass is "
        "the worst case, every entry new.",
        *unthrottled_lines(free),
        *order_lines(results),
        "",
    ]


def unthrottled_lines(free: dict[str, Any]) -> list[str]:
    """What bounds the pass when the per-host delay is 0, when that run is there."""
    if "median" not in free:
        return []
    cpu, wall = free["median"]["cpu_s"], free["median"]["wall_s"]
    farm = statistics.median(p.get("farm_cpu_s", float("nan")) for p in free["passes"])
    return [
        f"- With the delay at 0 the pass is CPU-limited: `sitrep poll` used {cpu:.1f} s of CPU in "
        f"{wall:.1f} s of wall (feed parsing, page decoding, Kafka sends, start-up; its 16 fetch "
        "threads share one interpreter lock, so one process uses at most about one core), the "
        f"farm's Python servers {farm:.1f} s, on 2 cores other work was also using. A lower "
        f"bound of sitrep's own ceiling. {_when(free)}"
    ]


def order_lines(results: dict[str, Any]) -> list[str]:
    """Interleaved vs grouped feeds file, when both ran: what head-of-line blocking costs."""
    spread, grouped = results.get("order_interleaved") or {}, results.get("order_grouped") or {}
    if "median" not in spread or "median" not in grouped:
        return []
    fast, slow = spread["median"]["feeds_per_min"], grouped["median"]["feeds_per_min"]
    return [
        f"- Feed order matters: {spread['feeds']} feeds on {spread['hosts']} hosts, politeness on, "
        "one run each, back to back (both bound by politeness, not CPU): hosts interleaved in the "
        f"feeds file {fast:.1f} feeds/min, each "
        f"host's feeds listed together (as a file written site by site is) {slow:.1f} feeds/min "
        f"(×{fast / slow:.1f}). The pass hands feeds to the {spread['concurrency']} workers in file "
        "order, and a worker waiting for a host's politeness slot holds that thread: when "
        "neighbouring feeds share a host, most workers queue on one or two hosts while the others "
        "sit idle. Interleaving hosts in the feeds file avoids it; the poller could also order "
        f"feeds round robin by host itself. {_when(grouped)}"
    ]


def _segment_row(label: str, figures: dict[str, Any]) -> str:
    p50, p95, top = figures["p50"], figures["p95"], figures["max"]
    return f"| {label} | {p50:.1f} | {p95:.1f} | {top:.1f} | {figures['count']} |"


def alert_latency_section(result: dict[str, Any]) -> list[str]:
    """End-to-end p50/p95 and where the time goes, from the cycles' own reports."""
    if "end_to_end_s" not in result:
        return ["## Alert latency", "", "Failed to run; see Failures.", ""]
    stages = result["median_stage_s_with_articles"]
    gap = result["gap_s"]
    return [
        "## Alert latency: feed entry to webhook, continuous mode (`bench_alert_latency.py`)",
        "",
        _when(result),
        "",
        f"One whole `sitrep run --every {result['every']}` process (DirectRunner, defaults) watches a "
        f"loopback feed; {result['published']} entries (distinct demo articles carrying a phrase one "
        f"`any` rule watches) appear at random gaps of {gap[0]:g}-{gap[1]:g} s, after the first "
        "cycle; a loopback webhook notes each notification's arrival. Fresh topics and indices. "
        f"Notified: **{result['notified']} of {result['published']}**.",
        "",
        "| segment (seconds) | p50 | p95 | max | articles |",
        "|---|---|---|---|---|",
        _segment_row("**end to end**: entry appears → webhook received", result["end_to_end_s"]),
        _segment_row(
            "appears → in `sitrep.raw` (waiting for the next poll, then the poll)", result["appear_to_raw_s"]
        ),
        _segment_row("`sitrep.raw` → indexed (the processing stage)", result["raw_to_indexed_s"]),
        _segment_row("indexed → webhook (matching, recording, delivery)", result["indexed_to_notified_s"]),
        "",
        f"- Cycles that had articles: {result['cycles_with_articles']}, median stage seconds "
        + ", ".join(f"{k} {v:.1f}" for k, v in stages.items())
        + f"; empty cycles: {result['cycles_empty']}, median {result['median_empty_cycle_s']} s "
        "(no Beam pipeline is started when there is nothing to read).",
        f"- What dominates (p50s): waiting for the next cycle's poll plus the poll itself "
        f"({result['appear_to_raw_s']['p50']:.1f} s; the wait is uniform over the {result['every']} "
        "interval and longer when a busy cycle overruns it, and the poll spends the politeness delay, "
        "1 s, between the feed, robots.txt and each new page on the feed's host), then the processing "
        f"stage ({result['raw_to_indexed_s']['p50']:.1f} s), which starts a Beam DirectRunner pipeline "
        "(SDK worker processes, imports, lexicons) every cycle however few articles it has: for a "
        "handful of articles that start-up is nearly all of it (the per-article work is tens of "
        "milliseconds, see the throughput figures). Matching, recording and delivery add "
        f"{result['indexed_to_notified_s']['p50']:.1f} s. A shorter interval cuts only the wait; the "
        "per-cycle pipeline start-up stays.",
        "- `indexed_at` has one-second resolution, so the two middle segments are ±1 s; the end to "
        "end figure is exact.",
        "",
    ]


def _search_row(endpoint: str, med: dict[str, Any], runs: list[dict[str, Any]]) -> str:
    every = ", ".join(f"{r[endpoint]['latency_ms']['p95']:.0f}" for r in runs)
    return (
        f"| `GET {endpoint}` | {med['requests_per_s']:.1f} | **{med['p50']:.0f}** | **{med['p95']:.0f}** | "
        f"{med['p99']:.0f} | {med['max']:.0f} | {every} | {med['errors']} |"
    )


def search_section(result: dict[str, Any]) -> list[str]:
    """Requests/s and latency percentiles of /search and /facets under concurrent clients."""
    if "median" not in result:
        return ["## Search latency", "", "Failed to run; see Failures.", ""]
    med, runs, index = result["median"], result["runs"], result["index"]
    alone = result["one_client"]
    alone_ms = alone["/search"]["latency_ms"]
    labels: dict[str, list[float]] = {}
    for run in runs:
        for label, p50 in run["by_label_p50_ms"].items():
            labels.setdefault(label, []).append(p50)
    by_label = ", ".join(f"{k} {sorted(v)[len(v) // 2]:.0f}" for k, v in sorted(labels.items()))
    return [
        f"## Search latency: {result['clients']} concurrent clients for {result['seconds']:g} s "
        "(`bench_search_latency.py`)",
        "",
        _when(result),
        "",
        f"`sitrep serve` (uvicorn, one process) on loopback over a fresh index built by one `sitrep "
        f"process` from {index['sent']} raw articles ({index.get('indexed')} indexed, "
        f"{index.get('near_duplicates')} grouped as near-duplicate copies): real news pages from the "
        "extraction benchmark under their own sites, dates over 60 days, plus the demo's conflict "
        f"articles. {result['clients']} closed-loop client threads (the next request when the last "
        f"answered), {len(runs)} runs of {result['seconds']:g} s after one warm-up pass; requests "
        "drawn from a mix of phrases, words, boolean and prefix queries, fielded queries, filters "
        "(tag, event type, country, source, dates), newest-first, page 2, browsing without a query, "
        "and facets. Load generator, API and Elasticsearch share the 2 cores.",
        "",
        "| endpoint | requests/s | p50 ms | p95 ms | p99 ms | max ms | p95 every run | errors |",
        "|---|---|---|---|---|---|---|---|",
        _search_row("/search", med["/search"], runs),
        _search_row("/facets", med["/facets"], runs),
        "",
        f"- All requests: {med['requests_per_s']:.1f}/s (medians over runs). p50 ms by query kind: "
        f"{by_label}.",
        f"- One client alone (before the load, {alone['seconds']:g} s): `/search` p50 "
        f"{alone_ms['p50']:.0f} ms, p95 {alone_ms['p95']:.0f} ms, "
        f"{alone['requests_per_s']:.1f} requests/s: the service time. Under load the closed loop "
        f"queues: by Little's law the mean response time is clients / throughput = "
        f"{result['clients'] / med['requests_per_s'] * 1000:.0f} ms, on 2 cores shared by the "
        "clients, uvicorn and Elasticsearch.",
        "",
    ]


def service_sections(results: dict[str, Any]) -> list[str]:
    """The sections for whichever of the three ran."""
    lines: list[str] = []
    if "polling" in results:
        lines += polling_section(results["polling"])
    if "alerts_latency" in results:
        lines += alert_latency_section(results["alerts_latency"])
    if "search" in results:
        lines += search_section(results["search"])
    return lines
