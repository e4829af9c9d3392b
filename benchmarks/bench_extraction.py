"""The extraction ceiling: trafilatura alone over the replicated benchmark pages, no I/O.

The ceiling is trafilatura with its defaults (metadata on, comments off as in our extract
step; F1 0.960 on the 181 pages), on ``--procs`` processes: a fixed reference, so making our
own extract step cheaper (`pipelines.page_text`, see "Extraction settings" in RESULTS.md)
shows in the pipeline's ratio to it instead of moving the ceiling too. Prints one JSON line;
`run_all.py` times the whole process around it.

    .venv/bin/python benchmarks/bench_extraction.py --docs 2000 --procs 2
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import time
from typing import Any

from workload import load_pages, replicated


def ceiling_extract(html: str, url: str | None) -> Any:
    """trafilatura's defaults with metadata: the extraction every contender is compared to."""
    from trafilatura import bare_extraction

    return bare_extraction(html, url=url, include_comments=False, with_metadata=True)


def extract_one(item: tuple[str, str]) -> int:
    """Characters of text extracted from one page (the result itself is not kept)."""
    url, html = item
    doc = ceiling_extract(html, url)
    return len((doc.text if doc is not None else "") or "")


def main() -> None:
    """Extract ``--docs`` pages on ``--procs`` processes; print docs, seconds and docs/s."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--procs", type=int, default=1)
    args = parser.parse_args()
    pages = list(load_pages().values())
    start = time.perf_counter()
    work = replicated(pages, args.docs)
    if args.procs == 1:
        chars = sum(extract_one(item) for item in work)
    else:
        with multiprocessing.get_context("spawn").Pool(args.procs) as pool:
            chars = sum(pool.imap_unordered(extract_one, work, chunksize=8))
    seconds = time.perf_counter() - start
    print(
        json.dumps(
            {
                "docs": args.docs,
                "procs": args.procs,
                "seconds": round(seconds, 2),
                "docs_per_s": round(args.docs / seconds, 2),
                "chars": chars,
            }
        )
    )


if __name__ == "__main__":
    main()
