"""Extracting article text and metadata from fetched HTML with trafilatura.

Precision is favoured (boilerplate is worse than a missing paragraph for event tagging).
trafilatura's fast mode runs first and its fallback extractors only on pages where it found
(almost) nothing; the page's date is searched thoroughly only when the feed gave none, and
with ``page_authors`` off its metadata is read only when the feed lacks the title or date.
Pages over the size guard are not parsed, each page gets a time budget (it is parsed in a
guarded child process; on the in-process path one child per core, `GuardedPool`), and when
nothing usable comes out the feed's summary stands in, marked ``text_source = "feed_summary"``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import apache_beam as beam
from apache_beam import pvalue
from apache_beam.metrics import Metrics
from apache_beam.utils.windowed_value import WindowedValue

from pipelines.deadletter import DEADLETTER, article_failure
from pipelines.normalise import to_utc
from pipelines.page_pool import GuardedPool, Outcome
from pipelines.page_text import ExtractOptions, check_page, extract_page, looks_binary
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


# an article on its way through the pool, with its input's timestamp and window
_Tag = tuple[dict[str, Any], Any, Any]


class ExtractDoFn(beam.DoFn):
    """One page in, one article with text out, or a dead letter saying why not.

    With the time guard on, pages are parsed by ``children`` guarded child processes at once
    (`GuardedPool`); an article comes out when its page is done, possibly while a later
    element is being processed, and the last ones when the bundle finishes.
    """

    def __init__(self, settings: PipelineSettings, children: int = 1) -> None:
        self.settings = settings
        self.children = children
        self.options = extract_options(settings)
        self.extracted = Metrics.counter("sitrep", "extracted")
        self.fallbacks = Metrics.counter("sitrep", "fallbacks")

    def setup(self) -> None:
        timeout = self.settings.page_timeout
        self.pool = GuardedPool(extract_page, timeout, self.children) if timeout > 0 else None

    def process(
        self,
        article: dict[str, Any],
        timestamp: Any = beam.DoFn.TimestampParam,
        window: Any = beam.DoFn.WindowParam,
    ) -> Iterator[Any]:
        s = self.settings
        problem = check_page(article.get("html"), article.get("fetch_error"), s.max_page_bytes)
        tag = (article, timestamp, window)
        if problem:
            yield from self._outputs(tag, None, problem)
            return
        args = (article["html"], article.get("url"), self.options, *page_needs(article, self.options))
        if self.pool is None:
            try:
                page, reason = extract_page(*args), ""
            except RuntimeError as exc:
                page, reason = None, f"extraction failed: {exc}"
            yield from self._outputs(tag, page, reason)
            return
        for outcome in self.pool.submit(tag, args):
            yield from self._finished(outcome)

    def finish_bundle(self) -> Iterator[Any]:
        for outcome in self.pool.drain() if self.pool else ():
            yield from self._finished(outcome)

    def _finished(self, outcome: Outcome) -> Iterator[Any]:
        """The outputs of a page the pool has finished with (parsed, failed or timed out)."""
        if outcome.error is not None:
            yield from self._outputs(outcome.tag, None, f"extraction failed: {outcome.error}")
        else:
            yield from self._outputs(outcome.tag, outcome.value)

    def _outputs(self, tag: _Tag, page: dict[str, Any] | None, reason: str = "") -> Iterator[Any]:
        """The article with its page's text, else with the feed's summary, else a dead letter;
        windowed as its input was (it may leave in a later element's call, or at bundle end)."""
        article, timestamp, window = tag
        if page is not None and len((page.get("text") or "").strip()) < self.settings.min_text_chars:
            page, reason = None, "extraction yielded no article text"
        if page is not None:
            self.extracted.inc()
            out: Any = with_text(article, page, "page")
        elif (article.get("summary") or "").strip():
            self.fallbacks.inc()
            out = with_text(article, {"text": article["summary"]}, "feed_summary")
        else:
            failure = article_failure("extract", f"{reason}; no feed summary to fall back on", article)
            yield pvalue.TaggedOutput(DEADLETTER, WindowedValue(failure, timestamp, [window]))
            return
        yield WindowedValue(out, timestamp, [window])

    def teardown(self) -> None:
        if self.pool:
            self.pool.close()  # its children serve the next pipeline of this process


class ExtractText(beam.PTransform):
    """Articles with HTML in; articles with text out (main) and dead letters (``deadletter``)."""

    def __init__(self, settings: PipelineSettings, children: int = 1) -> None:
        super().__init__()
        self.settings = settings
        self.children = children

    def expand(self, articles: beam.PCollection) -> pvalue.DoOutputsTuple:
        return articles | "Extract" >> beam.ParDo(ExtractDoFn(self.settings, self.children)).with_outputs(
            DEADLETTER, main="articles"
        )
