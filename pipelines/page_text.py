"""Page checks and trafilatura extraction of one page, free of Beam.

Kept apart from the Beam transform (`pipelines.extract`) because the time guard runs
`extract_page` in a child process: importing only this module and trafilatura there costs a
third of the CPU and memory that importing Beam's worker would.
"""

from __future__ import annotations

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


def extract_page(html: str, url: str | None, favor_precision: bool) -> dict[str, Any]:
    """trafilatura's text and metadata of one page; empty text when it found no article."""
    from trafilatura import bare_extraction

    doc = bare_extraction(
        html, url=url, favor_precision=favor_precision, include_comments=False, with_metadata=True
    )
    if doc is None:
        return {"text": ""}
    authors = [a.strip() for a in (doc.author or "").split(";") if a.strip()]
    return {
        "text": doc.text or "",
        "title": doc.title,
        "authors": authors,
        "date": doc.date,
        "language": doc.language,
    }


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
