"""RESULTS.md sections for the service benchmarks: polling, alert latency, search latency
(multilingual index against English-only) and the language analysis's indexing cost.

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


# The figure issue 17 compares against: `/search` p95 with the English-only template (v1), the
# old mix, 2052 articles, 3 runs, measured 2026-11-25T13:30:45+00:00 at load 11.0, 6.0, 4.6.
REFERENCE_P95_MS = 236
REFERENCE_WHEN = "2026-11-25, template v1, 2052 articles, load 11.0 at its end"
LABELS = {"multilingual": "multilingual (language fields, {analysis})",
          "english_only": "English-only (template before the language fields)"}


def _ms(figures: dict[str, Any]) -> str:
    return f"{figures['p50']:.0f} / **{figures['p95']:.0f}** / {figures['p99']:.0f}"


def _contender_row(name: str, figures: dict[str, Any], analysis: str) -> str:
    """One contender: medians over its runs, and the p95 of every run."""
    med, runs = figures["median"], figures["runs"]
    every = ", ".join(f"{r['/search']['latency_ms']['p95']:.0f}" for r in runs)
    old = ", ".join(f"{r['/search old mix']['latency_ms']['p95']:.0f}" for r in runs)
    errors = sum(med[group]["errors"] for group in ("/search", "/facets"))
    return (f"| {LABELS[name].format(analysis=analysis)} | {med['/search']['requests_per_s']:.1f} | "
            f"{_ms(med['/search'])} | {every} | {_ms(med['/search old mix'])} | {old} | "
            f"{_ms(med['/search multilingual'])} | {_ms(med['/facets'])} | {errors} |")


def _analysis(index: dict[str, Any]) -> str:
    kinds = sorted(set(index.get("analysis", {}).values()))
    return " / ".join(kinds) or "?"


def _matched_line(contenders: dict[str, Any]) -> str:
    """What the multilingual queries found on each index (the warm-up pass)."""
    found = [{(m["endpoint"], str(m["params"])): m for m in contenders[name]["warm_up"]["matched"]}
             for name in LABELS]
    pairs = [f"`{m['params'].get('q')}`{' (' + m['params']['lang'] + ')' if 'lang' in m['params'] else ''} "
             f"{m['articles']} / {found[1].get(key, {}).get('articles')}"
             for key, m in found[0].items() if m["label"].startswith("ml ") and m["endpoint"] == "/search"]
    return ("- Articles the multilingual queries match, multilingual / English-only index: "
            + "; ".join(pairs) + ".")


def search_section(result: dict[str, Any]) -> list[str]:
    """`/search` latency of the multilingual index against the English-only one, side by side."""
    if "contenders" not in result:
        return ["## Search latency", "", "Failed to run; see Failures.", ""]
    index, contenders = result["index"], result["contenders"]
    return [
        f"## Search latency: multilingual index vs English-only, {result['clients']} concurrent clients "
        f"for {result['seconds']:g} s (`bench_search_latency.py`)",
        "",
        _when(result),
        "",
        *_search_setup(result, len(contenders["multilingual"]["runs"])),
        "",
        "| index | `/search` requests/s | `/search` p50 / p95 / p99 ms | p95 every run | old mix only: "
        "p50 / p95 / p99 | old mix p95 every run | multilingual queries: p50 / p95 / p99 | `/facets` "
        "p50 / p95 / p99 | errors |",
        "|---|---|---|---|---|---|---|---|---|",
        *(_contender_row(name, contenders[name], _analysis(index)) for name in LABELS),
        "",
        *_ratio_lines(result),
        *_service_time_lines(result),
        _matched_line(contenders),
        "",
    ]


def _ratio_lines(result: dict[str, Any]) -> list[str]:
    """The per-round ratios, the load each run saw, and the reference figure."""
    contenders, rounds = result["contenders"], result["rounds"]
    loads = "; ".join(
        f"round {n + 1}: " + ", ".join(f"{c} {contenders[c]['runs'][n]['load_average'][0]:.1f}"
                                       for c in r["order"]) for n, r in enumerate(rounds))
    every = ", ".join(f"{r['ratio_search_p95']:.2f}" for r in rounds)
    old = ", ".join(f"{r['ratio_old_mix_p95']:.2f}" for r in rounds)
    p95 = contenders["multilingual"]["median"]["/search"]["p95"]
    return [
        f"- Multilingual / English-only `/search` p95, per round: {every} (median "
        f"**{result['ratio_search_p95']:.2f}**); old mix only: {old} (median "
        f"{result['ratio_old_mix_p95']:.2f}). Load average (1 min) at the end of each run: {loads}.",
        f"- Reference: {REFERENCE_P95_MS} ms `/search` p95 before the language fields "
        f"({REFERENCE_WHEN}). Multilingual index now: {p95:.0f} ms, "
        f"{'no worse' if p95 <= REFERENCE_P95_MS else '**worse**'} in absolute terms; the side-by-side "
        "ratio above is the comparison the machine's load does not skew.",
    ]


def _search_setup(result: dict[str, Any], runs: int) -> list[str]:
    """How the two indices were built and loaded."""
    index, mix = result["index"], result["mix"]
    sizes = index["indices"]
    return [
        f"One `sitrep process` indexed {index['sent']} raw articles ({index.get('indexed')} indexed, "
        f"{index.get('near_duplicates')} grouped as near-duplicate copies): real news pages from the "
        "extraction benchmark under their own sites, the demo's pages (52 English, 5 each in fr, es, "
        "ar, ru, uk) and the 443 real excerpts in six languages, dates over 60 days. Its output was "
        "copied in one pass into two fresh indices: **multilingual**, as the pipeline writes it "
        f"(title and text also in the article's own language's fields; analysis {_analysis(index)}; "
        f"{sizes['multilingual']['store_mb']:.0f} MB, {sizes['multilingual']['segments']} segments), "
        "and **English-only**, the article template as it was before those fields (template v1's "
        "language-neutral `title` / `text`, English stop words; "
        f"{sizes['english_only']['store_mb']:.0f} MB, {sizes['english_only']['segments']} segments). "
        f"Each served by its own `sitrep serve` (uvicorn, one process) on loopback, same code. "
        f"{result['clients']} closed-loop client threads, {runs} runs of {result['seconds']:g} s per "
        "index after one warm-up pass, alternating (the order flips every round; both draw the same "
        f"seeded request sequence in a round); requests from the old mix ({mix['old']} kinds: phrases, "
        "words, boolean and prefix queries, fielded queries, filters, newest-first, page 2, browsing, "
        f"facets) and {mix['multilingual']} in French, Spanish, Arabic, Russian and Ukrainian plus a "
        "place named in English. Load generator, APIs and Elasticsearch share the 2 cores.",
    ]


def _service_time_lines(result: dict[str, Any]) -> list[str]:
    """One client alone on each index, and what queueing adds under load."""
    parts = []
    for name in LABELS:
        alone = result["contenders"][name]["one_client"]
        ms = alone["/search"]["latency_ms"]
        parts.append(f"{name.replace('_', '-')} p50 {ms['p50']:.0f} ms, p95 {ms['p95']:.0f} ms, "
                     f"{alone['requests_per_s']:.1f} requests/s")
    multi = result["contenders"]["multilingual"]
    rate = multi["median"]["requests_per_s"]
    return [
        f"- One client alone (before the load, {multi['one_client']['seconds']:g} s each), the "
        f"service time: {'; '.join(parts)}. Under load the closed loop queues: by "
        f"Little's law the mean response time is clients / throughput = "
        f"{result['clients'] / rate * 1000:.0f} ms on the multilingual index, on 2 cores shared by "
        "the clients, uvicorn and Elasticsearch.",
        *_phase_lines(result["contenders"]),
    ]


def _phase_lines(contenders: dict[str, Any]) -> list[str]:
    """Where Elasticsearch's time goes on each index (profile API, after the runs)."""
    if not all("es_phases" in contenders[name] for name in LABELS):
        return []
    multi, english = (contenders[name]["es_phases"] for name in LABELS)
    parts = [f"{what} {multi[key]:.0f} vs {english[key]:.0f} ms (×{multi[key] / max(english[key], 0.1):.1f})"
             for what, key in (("query", "query_ms"), ("fetch", "fetch_ms"), ("of which highlighting",
                                                                            "highlight_ms"))]
    return [f"- Elasticsearch's own time for one pass of the mix's `/search` requests (profile API, one "
            f"client, median of 5 per request), multilingual vs English-only: {'; '.join(parts)}."]


def language_analysis_tables(results: dict[str, Any]) -> list[str]:
    """Indexing cost per layout, and what each query form finds with and without the fields."""
    layouts = [name for name in results if isinstance(results[name], dict) and "every_round" in results[name]]
    lines = [
        f"Indexing {results['documents']} documents (the real excerpts x copies, 6 languages), "
        f"{results['rounds']} rounds, medians; analysis: "
        + ", ".join(f"{lang} {how}" for lang, how in results["analysis"].items()),
        "",
        "| layout | server ms/doc | every round | bulk wall ms/doc | store MB |",
        "|---|---:|---|---:|---:|",
    ]
    for name in layouts:
        row = results[name]
        every = ", ".join(f"{r['server_ms_per_doc']:.2f}" for r in row["every_round"])
        lines.append(f"| {name} | {row['server_ms_per_doc']:.2f} | {every} | {row['wall_ms_per_doc']:.2f} "
                     f"| {row['store_mb']:.1f} |")
    neutral, v2 = results["neutral"]["recall"], results["own language (v2)"]["recall"]
    lines += ["", "| lang | query form | excerpts found, neutral fields | with the language's fields |",
              "|---|---|---:|---:|"]
    for language, *forms in results["pairs"]:
        lines += [f"| {language} | {form} | {neutral[form]} | {v2[form]} |" for form in forms]
    return lines


def language_analysis_section(result: dict[str, Any]) -> list[str]:
    """RESULTS.md's "Language analysis" section: cost per indexed document, and recall."""
    if "neutral" not in result:
        return ["## Language analysis", "", "Failed to run; see Failures.", ""]
    cost = result["own language (v2)"]["server_ms_per_doc"] - result["neutral"]["server_ms_per_doc"]
    return [
        "## Language analysis: indexing cost and recall (`bench_language_analysis.py`)",
        "",
        _when(result),
        "",
        "The real excerpts of `tests/fixtures/tagger/real/<lang>.jsonl` bulk-indexed into fresh "
        "indices under three layouts: `neutral`, the template before the language fields; `six "
        "multi-fields`, every article analysed in all six languages (the layout first tried); `own "
        "language (v2)`, what the pipeline writes: title and text copied into the article's own "
        "language's `title_<lang>` / `text_<lang>` only. Server ms/doc is Elasticsearch's own "
        "indexing time (index stats) per document; recall counts the excerpts (stories) a form finds "
        "through `connectors.search` restricted to its language, the same query code on both.",
        "",
        *language_analysis_tables(result),
        "",
        f"- The language fields cost {cost:+.2f} ms of server indexing time per document (v2 minus "
        "neutral, medians), on 2 shared cores.",
        "",
    ]


def service_sections(results: dict[str, Any]) -> list[str]:
    """The sections for whichever of them ran."""
    lines: list[str] = []
    if "polling" in results:
        lines += polling_section(results["polling"])
    if "alerts_latency" in results:
        lines += alert_latency_section(results["alerts_latency"])
    if "search" in results:
        lines += search_section(results["search"])
    if "language_analysis" in results:
        lines += language_analysis_section(results["language_analysis"])
    return lines
