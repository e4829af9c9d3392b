"""Extracting article text and metadata from fetched HTML with trafilatura.

Precision is favoured (boilerplate is worse than a missing paragraph for event tagging).
Pages over the size guard are not parsed, each page gets a time budget, and when nothing
usable comes out the feed's summary stands in, marked ``text_source = "feed_summary"``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import apache_beam as beam
from apache_beam import pvalue
from apache_beam.metrics import Metrics

from pipelines.deadletter import DEADLETTER, article_failure
from pipelines.page_worker import GuardedWorker, PageTimeout
from pipelines.settings import PipelineSettings

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


def with_text(article: dict[str, Any], page: dict[str, Any], source: str) -> dict[str, Any]:
    """The article without its HTML, with the extracted (or fallback) text and metadata."""
    out = {k: v for k, v in article.items() if k != "html"}
    out["text"] = page.get("text") or ""
    out["text_source"] = source
    out["authors"] = page.get("authors") or []
    out["extracted_date"] = page.get("date")
    out["extracted_language"] = page.get("language")
    if not (out.get("title") or "").strip() and page.get("title"):
        out["title"] = page["title"]
    return out


class ExtractDoFn(beam.DoFn):
    """One page in, one article with text out, or a dead letter saying why not."""

    def __init__(self, settings: PipelineSettings) -> None:
        self.settings = settings
        self.extracted = Metrics.counter("sitrep", "extracted")
        self.fallbacks = Metrics.counter("sitrep", "fallbacks")

    def setup(self) -> None:
        self.worker = (
            GuardedWorker(extract_page, self.settings.page_timeout)
            if self.settings.page_timeout > 0
            else None
        )

    def _extract(self, article: dict[str, Any]) -> tuple[dict[str, Any] | None, str]:
        """The page's fields, or None and the reason nothing usable came out."""
        s = self.settings
        problem = check_page(article.get("html"), article.get("fetch_error"), s.max_page_bytes)
        if problem:
            return None, problem
        args = (article["html"], article.get("url"), s.favor_precision)
        try:
            page = self.worker.call(*args) if self.worker else extract_page(*args)
        except (PageTimeout, RuntimeError) as exc:
            return None, f"extraction failed: {exc}"
        if len((page.get("text") or "").strip()) < s.min_text_chars:
            return None, "extraction yielded no article text"
        return page, ""

    def process(self, article: dict[str, Any]) -> Iterator[Any]:
        page, reason = self._extract(article)
        if page is not None:
            self.extracted.inc()
            yield with_text(article, page, "page")
        elif (article.get("summary") or "").strip():
            self.fallbacks.inc()
            yield with_text(article, {"text": article["summary"]}, "feed_summary")
        else:
            yield pvalue.TaggedOutput(
                DEADLETTER, article_failure("extract", f"{reason}; no feed summary to fall back on", article)
            )

    def teardown(self) -> None:
        if self.worker:
            self.worker.close()


class ExtractText(beam.PTransform):
    """Articles with HTML in; articles with text out (main) and dead letters (``deadletter``)."""

    def __init__(self, settings: PipelineSettings) -> None:
        super().__init__()
        self.settings = settings

    def expand(self, articles: beam.PCollection) -> pvalue.DoOutputsTuple:
        return articles | "Extract" >> beam.ParDo(ExtractDoFn(self.settings)).with_outputs(
            DEADLETTER, main="articles"
        )
