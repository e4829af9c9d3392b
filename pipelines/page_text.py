"""Page checks and trafilatura extraction of one page, free of Beam.

Kept apart from the Beam transform (`pipelines.extract`) because the time guard runs
`extract_page` in a child process: importing only this module and trafilatura there costs a
third of the CPU and memory that importing Beam's worker would.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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


def _bare(html: str, url: str | None, precision: bool, fast: bool, metadata: bool, date: bool) -> Any:
    """trafilatura's ``bare_extraction``; htmldate's thorough date search only if ``date``."""
    from trafilatura import bare_extraction
    from trafilatura.settings import set_date_params

    return bare_extraction(
        html,
        url=url,
        favor_precision=precision,
        fast=fast,
        include_comments=False,
        with_metadata=metadata,
        date_extraction_params=set_date_params(extensive=date),
    )


def extract_page(
    html: str, url: str | None, options: ExtractOptions, metadata: bool = True, find_date: bool = True
) -> dict[str, Any]:
    """trafilatura's text and metadata of one page; empty text when it found no article.

    ``metadata=False`` skips the page's metadata (title, authors, date): about a third of
    the extraction's CPU, wasted when the feed gave the title and date and authors are not
    wanted. ``find_date=False`` (the feed dated the entry, so the page's date goes unused)
    swaps htmldate's extensive date search for its quick one.
    """
    o = options
    doc = _bare(html, url, o.favor_precision, o.fast_first, metadata, find_date)
    text = (doc.text if doc is not None else "") or ""
    if o.fast_first and len(text.strip()) < o.fallback_below_chars:
        # The metadata does not depend on the cascade: read it again only if the first pass lost it.
        full = _bare(html, url, o.favor_precision, False, metadata and doc is None, find_date)
        doc = full if doc is None else doc
        text = (full.text if full is not None else "") or text
    if doc is None:
        return {"text": ""}
    authors = [a.strip() for a in (doc.author or "").split(";") if a.strip()]
    return {"text": text, "title": doc.title, "authors": authors, "date": doc.date, "language": doc.language}


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
