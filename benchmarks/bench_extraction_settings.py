"""Extraction settings side by side: F1 and CPU time of each trafilatura setting, one run.

Every setting extracts each of the 181 benchmark pages in turn before the next page is
taken (the order of the settings rotating page by page), so load from other work on the
shared machine falls on all of them alike; CPU time is this process's, per call. Compared:
the ceiling (trafilatura's defaults with metadata), sitrep's earlier setting (precision,
full cascade, metadata with the thorough date search), fast mode with and without
precision, sitrep's extract step as it is now (`pipelines.page_text.extract_page`: fast
first, fallbacks below 500 characters) for a feed entry with and without a date and with
metadata off (`pipeline.page_authors: false`), and the poller's own page parse for undated
entries (`connectors.feeds.pages.page_date`).
F1 is the corpus README's metric (`extraction_quality`). Prints one JSON object.

    .venv/bin/python benchmarks/bench_extraction_settings.py
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

from bench_extraction import ceiling_extract
from extraction_quality import ground_truth, load_pages, page_counts, summarise

from connectors.feeds.pages import page_date
from pipelines.page_text import ExtractOptions, extract_page

Extractor = Callable[[str, str | None], str | None]


def _trafilatura(**options: Any) -> Extractor:
    """Plain ``bare_extraction`` with these options (comments off, as in our extract step)."""

    def run(html: str, url: str | None) -> str:
        from trafilatura import bare_extraction

        doc = bare_extraction(html, url=url, include_comments=False, **options)
        return (doc.text if doc is not None else "") or ""

    return run


def _sitrep(metadata: bool, find_date: bool) -> Extractor:
    """Our extract step's trafilatura call with the pipeline's default options."""
    return lambda html, url: extract_page(html, url, ExtractOptions(), metadata, find_date)["text"]


def _ceiling(html: str, url: str | None) -> str:
    doc = ceiling_extract(html, url)
    return (doc.text if doc is not None else "") or ""


def _poller_date(html: str, url: str | None) -> None:
    """The poller's date lookup for a feed entry without a date (text: none, no F1)."""
    page_date(html)


SETTINGS: dict[str, Extractor] = {
    "ceiling: trafilatura defaults, metadata": _ceiling,
    "favor_precision, metadata (sitrep before)": _trafilatura(favor_precision=True, with_metadata=True),
    "fast, metadata": _trafilatura(fast=True, with_metadata=True),
    "favor_precision + fast, metadata": _trafilatura(favor_precision=True, fast=True, with_metadata=True),
    "sitrep now: feed gave title and date": _sitrep(metadata=True, find_date=False),
    "sitrep now: feed gave no date": _sitrep(metadata=True, find_date=True),
    "sitrep now, `page_authors: false`: feed gave title and date": _sitrep(metadata=False, find_date=False),
    "poller's page_date (own parse), undated entries only": _poller_date,
}


def measure() -> dict[str, dict[str, Any]]:
    """CPU seconds and per-page counts of every setting, interleaved page by page."""
    truth = ground_truth()
    names = list(SETTINGS)
    cpu = dict.fromkeys(names, 0.0)
    counts: dict[str, list[tuple[float, float, float]]] = {name: [] for name in names}
    for i, (page, html) in enumerate(load_pages().items()):
        url, body = truth[page].get("url"), truth[page].get("articleBody") or ""
        for name in names[i % len(names) :] + names[: i % len(names)]:
            start = time.process_time()
            text = SETTINGS[name](html, url)
            cpu[name] += time.process_time() - start
            if text is not None:
                counts[name].append(page_counts(body, text))
    ceiling = cpu[names[0]]
    return {
        name: {
            "f1": summarise(counts[name])["f1"] if counts[name] else None,
            "cpu_s": round(cpu[name], 2),
            "pages_per_cpu_s": round(len(truth) / cpu[name], 1),
            "cpu_vs_ceiling": round(cpu[name] / ceiling, 2),
        }
        for name in names
    }


def main() -> None:
    """Measure every setting once over the 181 pages; print the figures as JSON."""
    print(json.dumps({"pages": len(ground_truth()), "settings": measure()}))


if __name__ == "__main__":
    main()
