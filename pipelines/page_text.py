"""Page checks and trafilatura extraction of one page, free of Beam.

Kept apart from the Beam transform (`pipelines.extract`) because the time guard runs
`extract_page` in a child process: importing only this module and trafilatura there costs a
third of the CPU and memory that importing Beam's worker would.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)
# Share of control characters above which "HTML" is taken for binary content.
BINARY_SHARE = 0.05


def looks_binary(html: str) -> bool:
    """True when the first KiB is mostly not text (a PDF, an image, a gzip body ...)."""
    head = html[:1024]
    if not head:
        return False
    control = sum(1 for ch in head if (ord(ch) < 32 and ch not in "\t\r\n\f") or ch == "\ufffd")
    return control / len(head) > BINARY_SHARE


@dataclass(frozen=True)
class ExtractOptions:
    """How trafilatura is run on a page (`PipelineSettings` holds the operator's choice).

    ``fast_first``: trafilatura's fast mode (no fallback extractors) first, and the full
    cascade (readability, jusText) only for a page whose fast text is shorter than
    ``fallback_below_chars``: on the 181 benchmark pages the fallbacks change the result of
    few pages, and those are the ones where the fast pass finds (almost) nothing. Off, every
    page pays the full cascade. ``page_authors``: read the page's metadata (authors) even when
    the feed gave the title and date. Figures: benchmarks/RESULTS.md, "Extraction settings".
    """

    favor_precision: bool = True
    fast_first: bool = True
    fallback_below_chars: int = 500
    page_authors: bool = True


def _bare(tree: Any, url: str | None, precision: bool, fast: bool) -> Any:
    """trafilatura's ``bare_extraction`` of the text alone, on (a copy of) the parsed page."""
    from trafilatura import bare_extraction

    return bare_extraction(
        tree, url=url, favor_precision=precision, fast=fast, include_comments=False, with_metadata=False
    )


def page_metadata(tree: Any, url: str | None, thorough_date: bool) -> Any:
    """Title, authors and date as trafilatura's ``extract_metadata`` finds them, step for step,
    without what sitrep never uses: site name, categories, tags and licence, a quarter of the
    extraction's CPU (benchmarks/LIMITS.md). A trafilatura ``Document``; htmldate searches
    the date thoroughly only if ``thorough_date``. Pinned against trafilatura's own by
    tests/unit/pipeline/test_page_metadata.py on real pages."""
    from htmldate import find_date
    from trafilatura.metadata import (
        examine_meta,
        extract_author,
        extract_meta_json,
        extract_title,
        extract_url,
    )
    from trafilatura.settings import set_date_params

    meta = examine_meta(tree)
    if meta.author and " " not in meta.author:
        meta.author = None  # trafilatura's rule: a one-word author tag is no name
    try:
        meta = extract_meta_json(tree, meta)
    except Exception as exc:  # trafilatura's own guard: its JSON-LD reader has bugs on odd pages
        log.debug("JSON-LD metadata unreadable: %s", exc)
    meta.title = meta.title or extract_title(tree)
    meta.author = meta.author or extract_author(tree)
    meta.url = meta.url or extract_url(tree, url)  # htmldate reads dates in the URL too
    meta.date = find_date(tree, **{**set_date_params(thorough_date), "url": meta.url})
    meta.clean_and_trim()
    return meta


def extract_page(
    html: str, url: str | None, options: ExtractOptions, metadata: bool = True, find_date: bool = True
) -> dict[str, Any]:
    """trafilatura's text and metadata of one page; empty text when it found no article.

    The page is parsed once; the metadata is read from the parsed page before extraction
    works on a copy. ``metadata=False`` skips the page's metadata (title, authors, date),
    wasted when the feed gave the title and date and authors are not wanted.
    ``find_date=False`` (the feed dated the entry, so the page's date goes unused) swaps
    htmldate's extensive date search for its quick one.
    """
    from trafilatura.utils import load_html

    o = options
    tree = load_html(html)
    if tree is None:
        return {"text": ""}
    meta = page_metadata(tree, url, find_date) if metadata else None
    doc = _bare(tree, url, o.favor_precision, o.fast_first)
    text = (doc.text if doc is not None else "") or ""
    if o.fast_first and len(text.strip()) < o.fallback_below_chars:
        full = _bare(tree, url, o.favor_precision, False)
        text = (full.text if full is not None else "") or text
    if not text:
        return {"text": ""}
    language = doc.language if doc is not None else None
    page: dict[str, Any] = {"text": text, "title": None, "authors": [], "date": None, "language": language}
    if meta is not None:
        authors = [a.strip() for a in (meta.author or "").split(";") if a.strip()]
        page.update(title=meta.title, authors=authors, date=meta.date)
    return page


def check_page(html: str | None, fetch_error: str | None, max_bytes: int) -> str | None:
    """Why a page cannot be parsed at all, or None when it can."""
    if fetch_error:
        return f"page not fetched: {fetch_error}"
    if not html or not html.strip():
        return "empty HTML"
    size = len(html.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        return f"page of {size} bytes exceeds the {max_bytes}-byte guard"
    if looks_binary(html):
        return "binary content, not HTML"
    return None
