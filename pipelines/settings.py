"""Tuning knobs of the processing pipeline, one frozen object with documented defaults."""

from __future__ import annotations

from dataclasses import dataclass

MIB = 1024 * 1024


@dataclass(frozen=True)
class PipelineSettings:
    """Limits and trade-offs of one processing cycle; `sitrep.yaml` section ``pipeline:``."""

    # Offsets per read task: smaller chunks let more workers share one busy partition.
    read_chunk: int = 500
    # Offsets per pipeline run within a cycle. The DirectRunner holds each shuffle's data in
    # memory until the next stage runs, and its processes' resident memory grows by ~70-80 KB
    # per page read (measured), so a bigger backlog is processed in windows of this size, one
    # after the other (each refreshed, so later windows join earlier stories): memory stays
    # flat however large the backlog. On the multi-process workers each window pays their
    # start-up (~5-10 s on 2 cores); raise it on machines with more memory. Offsets still
    # commit once, at the end.
    cycle_window: int = 2000
    # Windows of fewer offsets than this run inside the sitrep process (Beam's DirectRunner
    # in_memory mode, one worker) with one extraction child per core parsing pages side by
    # side, instead of on multi-process workers: same pipeline, same commits, without the
    # workers' start-up (~5-8 s on 2 cores per window), and in `sitrep run --every` the tagger
    # and other per-process caches carry over from cycle to cycle. The default sends every
    # window of the default `cycle_window` there: measured side by side on 2 cores at 2000
    # documents, the same wall time as the workers on 0.89 of the CPU and 0.46 of the memory.
    # The in-process path does everything but extraction in one process (about a quarter
    # of the work), which bounds it on many cores: there, 0 sends every window to the
    # workers (one per core); any --runner / --direct_running_mode / --direct_num_workers
    # flag wins over it. Figures: benchmarks/RESULTS.md, "Throughput" and "Alert latency".
    in_process_below: int = 100_000
    # Pages larger than this are not parsed (they cost seconds and are rarely articles).
    max_page_bytes: int = 4 * MIB
    # Seconds one page may take to extract before its worker is killed and it is dead-lettered.
    page_timeout: float = 20.0
    # trafilatura: favour precision (less boilerplate) over recall.
    favor_precision: bool = True
    # trafilatura's fast mode (no fallback extractors) first; the full cascade (readability,
    # jusText) only for pages whose fast text is shorter than ``fallback_below_chars``
    # characters. On the 181 benchmark pages: F1 0.969 at 0.70 of the CPU of trafilatura's
    # defaults, against F1 0.967 at 0.94 for the full cascade on every page
    # (``extract_fast_first: false``); a threshold of 0 is fast mode alone (F1 0.957).
    # Figures: benchmarks/RESULTS.md, "Extraction settings".
    extract_fast_first: bool = True
    fallback_below_chars: int = 500
    # Read each page's metadata for its authors. Off, only entries whose feed lacks the title
    # or the date have the page's metadata read (and authors); the rest skip about a third of
    # the extraction's CPU and are indexed without authors.
    page_authors: bool = True
    # Texts shorter than this (characters) count as "extraction yielded nothing".
    min_text_chars: int = 100
    # Near-duplicate detection: MinHash permutations, LSH bands, word shingle size and the
    # estimated Jaccard similarity from which two articles are one story. Wire copy edited by
    # each outlet (new headline, a paragraph added or cut) measures 0.5-0.65 on 3-word
    # shingles, while separate reports of one event stay under 0.25; 32 bands of 3 rows make
    # pairs at 0.45 candidates 95% of the time and pairs at 0.2 only 23%.
    num_perm: int = 96
    lsh_bands: int = 32
    shingle_words: int = 3
    duplicate_threshold: float = 0.45
    # Story lookup batches (articles per Elasticsearch query).
    lookup_batch: int = 200
    # Bulk writes: at most this many documents and bytes per request.
    bulk_docs: int = 500
    bulk_bytes: int = 8 * MIB
    # Bulk requests in flight at once: Elasticsearch indexes each on about one core, so a
    # second one keeps another busy while the next request is prepared.
    bulk_concurrency: int = 2
    bulk_attempts: int = 6
    bulk_backoff: float = 0.5
