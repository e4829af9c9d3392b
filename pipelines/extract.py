"""Extracting article text and metadata from fetched HTML with trafilatura.

Precision is favoured (boilerplate is worse than a missing paragraph for event tagging).
trafilatura's fast mode runs first and its fallback extractors only on pages where it found
(almost) nothing; the page's date is searched thoroughly only when the feed gave none, and
with ``page_authors`` off its metadata is read only when the feed lacks the title or date.
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
from pipelines.normalise import to_utc
from pipelines.page_text import ExtractOptions, check_page, extract_page, looks_binary
from pipelines.page_worker import PageTimeout, give_back, lease
from pipelines.settings import PipelineSettings

__all__ = [
    "ExtractDoFn",
    "ExtractOptions",
    "ExtractText",
    "check_page",
    "extract_options",
    "extract_page",
    "looks_binary",
    "page_needs",
    "with_text",
]


def extract_options(settings: PipelineSettings) -> ExtractOptions:
    """The trafilatura options the pipeline's settings ask for."""
    return ExtractOptions(
        favor_precision=settings.favor_precision,
        fast_first=settings.extract_fast_first,
        fallback_below_chars=settings.fallback_below_chars,
        page_authors=settings.page_authors,
    )


def page_needs(article: dict[str, Any], options: ExtractOptions) -> tuple[bool, bool]:
    """(metadata, thorough date search): what of the page's metadata this entry will use.

    The page's title and date are used only where the feed's are missing (`with_text`,
    `normalise_article`); its authors only come from the page.
    """
    undated = to_utc(article.get("published")) is None
    untitled = not (article.get("title") or "").strip()
    return options.page_authors or undated or untitled, undated


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
        self.options = extract_options(settings)
        self.extracted = Metrics.counter("sitrep", "extracted")
        self.fallbacks = Metrics.counter("sitrep", "fallbacks")

    def setup(self) -> None:
        self.worker = (
            lease(extract_page, self.settings.page_timeout)
            if self.settings.page_timeout > 0
            else None
        )

    def _extract(self, article: dict[str, Any]) -> tuple[dict[str, Any] | None, str]:
        """The page's fields, or None and the reason nothing usable came out."""
        s = self.settings
        problem = check_page(article.get("html"), article.get("fetch_error"), s.max_page_bytes)
        if problem:
            return None, problem
        args = (article["html"], article.get("url"), self.options, *page_needs(article, self.options))
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
            give_back(self.worker)  # its child serves the next pipeline of this process


class ExtractText(beam.PTransform):
    """Articles with HTML in; articles with text out (main) and dead letters (``deadletter``)."""

    def __init__(self, settings: PipelineSettings) -> None:
        super().__init__()
        self.settings = settings

    def expand(self, articles: beam.PCollection) -> pvalue.DoOutputsTuple:
        return articles | "Extract" >> beam.ParDo(ExtractDoFn(self.settings)).with_outputs(
            DEADLETTER, main="articles"
        )
