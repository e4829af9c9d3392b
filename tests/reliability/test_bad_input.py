"""Property-based hostile input through the feed reader and the extract step.

Generated feeds (broken XML, lying encodings, huge fields, control characters, entity bombs,
external entities, binary) go through `read_feed` and `article_from_entry`; generated pages
(deep nesting, binary, wrong charset, huge) through `decode_html` and the pipeline's
`ExtractDoFn` with its time guard. Properties: no uncaught exception, each case inside its
time budget, every page ending as exactly one article or one dead letter, memory bounded.
The default run tries a few hundred cases; SITREP_RELIABILITY_FULL=1 tries 10,000 feeds,
1,000 pages and 50 MB pages.
"""

from __future__ import annotations

import os
import resource
import time
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from apache_beam import pvalue
from apache_beam.transforms.window import GlobalWindow
from apache_beam.utils.timestamp import MIN_TIMESTAMP
from hypothesis import HealthCheck, given, settings
from requests.structures import CaseInsensitiveDict

from connectors.feeds.entries import article_from_entry
from connectors.feeds.feed_reader import read_feed
from connectors.feeds.feeds_file import FeedSpec
from connectors.feeds.http_client import HttpClient, Response
from connectors.feeds.pages import decode_html, fetch_page
from connectors.feeds.state_store import FeedState
from pipelines.extract import ExtractDoFn
from pipelines.settings import PipelineSettings
from tests.fixture_http import FixtureServer, Reply
from tests.integration.feeds.conftest import fetch_settings, loopback_resolver
from tests.reliability.conftest import FULL_ENV, Figure
from tests.reliability.hostile_input import feed_document, page_document

pytestmark = [
    pytest.mark.unit,
    pytest.mark.filterwarnings("ignore:To avoid breaking existing software:DeprecationWarning"),
]
FULL = os.environ.get(FULL_ENV) == "1"
FEEDS = 10_000 if FULL else 300
PAGES = 1_000 if FULL else 100
FEED_BUDGET = 10.0  # seconds one feed may take to parse (no time guard exists for feeds)
PAGE_TIMEOUT = 5.0  # the extract step's guard in this test; the default is 20 s
MEMORY_BOUND_MB = 1024
PAGE_SETTINGS = PipelineSettings(page_timeout=PAGE_TIMEOUT)
HYPOTHESIS = dict(deadline=None, database=None, derandomize=not FULL, suppress_health_check=list(HealthCheck))


class CannedClient:
    """Stands in for HttpClient.get: answers every URL with one canned body."""

    def __init__(self) -> None:
        self.settings = fetch_settings()
        self.body = b""

    def get(self, url: str, **_: Any) -> Response:
        return Response(url, 200, CaseInsensitiveDict({"content-type": "application/rss+xml"}), self.body)


def max_rss_mb() -> float:
    """Peak resident memory of this process (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@pytest.fixture(scope="module")
def feed_tally() -> dict[str, float]:
    return {"cases": 0, "entries": 0, "bozo": 0, "slowest": 0.0, "known_bug": 0, "rss_before": max_rss_mb()}


@pytest.fixture(scope="module")
def page_tally() -> dict[str, float]:
    return {"cases": 0, "articles": 0, "deadletters": 0, "slowest": 0.0, "rss_before": max_rss_mb()}


@pytest.fixture(scope="module")
def extract() -> Iterator[ExtractDoFn]:
    """The pipeline's extract DoFn, set up once as a Beam worker would."""
    dofn = ExtractDoFn(PAGE_SETTINGS)
    dofn.setup()
    yield dofn
    dofn.teardown()


def run_extract(dofn: ExtractDoFn, article: dict[str, Any]) -> list[Any]:
    """The DoFn's outputs for one article, bundle end included (pages are parsed in a pool),
    unwrapped from their windows: articles as dicts, dead letters as TaggedOutput."""
    outputs = [*dofn.process(article, MIN_TIMESTAMP, GlobalWindow()), *dofn.finish_bundle()]
    return [
        pvalue.TaggedOutput(out.tag, out.value.value) if isinstance(out, pvalue.TaggedOutput) else out.value
        for out in outputs
    ]


def test_hostile_feeds_never_raise_nor_hang(feed_tally) -> None:
    client = CannedClient()
    spec = FeedSpec(url="https://feeds.example/feed.xml", name="hostile")

    @settings(max_examples=FEEDS, **HYPOTHESIS)
    @given(feed_document())
    def one_feed(body: bytes) -> None:
        client.body = body
        started = time.monotonic()
        try:
            read = read_feed(client, spec, FeedState())  # type: ignore[arg-type]
        except (UnicodeError, ValueError) as exc:
            if not _known_encoding_declaration_bug(exc):
                raise
            feed_tally["known_bug"] += 1
            feed_tally["cases"] += 1
            return
        articles = [
            article_from_entry(
                e, feed_url=spec.url, feed_title=read.feed_title, base=read.base, labels={}, fetched_at=_now()
            )
            for e in read.entries
        ]
        elapsed = time.monotonic() - started
        assert elapsed < FEED_BUDGET, f"{elapsed:.1f}s for a {len(body)}-byte feed"
        assert not any("root:" in str(a) for a in articles), "an external entity was resolved"
        feed_tally["cases"] += 1
        feed_tally["entries"] += sum(1 for a in articles if a)
        feed_tally["bozo"] += bool(read.bozo)
        feed_tally["slowest"] = max(feed_tally["slowest"], elapsed)

    one_feed()
    assert max_rss_mb() - feed_tally["rss_before"] < MEMORY_BOUND_MB


def _known_encoding_declaration_bug(exc: BaseException) -> bool:
    """The reported bug: feedparser's convert_to_utf8 raising on a garbage encoding declaration."""
    import traceback

    return any(frame.name == "convert_to_utf8" for frame in traceback.extract_tb(exc.__traceback__))


GARBAGE_DECLARATIONS = [
    b'<?xml version="1.0" encoding="\x80utf-8"?><rss version="2.0"><channel><item>'
    b"<title>t</title><link>https://news.example/a</link></item></channel></rss>",
    b'<?xml version="1.0" encoding="\x00utf-8"?><rss version="2.0"><channel><item>'
    b"<title>t</title><link>https://news.example/a</link></item></channel></rss>",
]


@pytest.mark.parametrize("body", GARBAGE_DECLARATIONS, ids=["0x80", "nul"])
def test_feed_with_garbage_in_its_encoding_declaration_is_read_not_raised(body: bytes) -> None:
    client = CannedClient()
    client.body = body
    read = read_feed(client, FeedSpec(url="https://feeds.example/f.xml", name="f"), FeedState())  # type: ignore[arg-type]
    assert read.status in ("fetched", "error")


def test_hostile_pages_end_as_one_article_or_one_dead_letter(extract, page_tally) -> None:
    @settings(max_examples=PAGES, **HYPOTHESIS)
    @given(page_document())
    def one_page(page: tuple[bytes, str]) -> None:
        body, content_type = page
        started = time.monotonic()
        html = decode_html(
            Response("https://news.example/a", 200, CaseInsensitiveDict({"content-type": content_type}), body)
        )
        outputs = run_extract(extract, raw_page(html))
        elapsed = time.monotonic() - started
        assert len(outputs) == 1
        assert elapsed < PAGE_TIMEOUT + 10, f"{elapsed:.1f}s for a {len(body)}-byte page"
        dead = isinstance(outputs[0], pvalue.TaggedOutput)
        page_tally["cases"] += 1
        page_tally["deadletters" if dead else "articles"] += 1
        page_tally["slowest"] = max(page_tally["slowest"], elapsed)

    one_page()
    assert max_rss_mb() - page_tally["rss_before"] < MEMORY_BOUND_MB


@pytest.mark.reliability_full
@pytest.mark.parametrize("unit", ["<div>", "<p>word word word</p>", "\u00e9\u4e2d", "\x00\xff"])
def test_fifty_megabyte_page_is_refused_by_the_fetch_cap_and_the_extract_guard(
    unit, extract, page_tally
) -> None:
    body = (unit * (50 * 1024 * 1024 // len(unit.encode("utf-8", "surrogatepass")) + 1)).encode("utf-8")
    with FixtureServer() as server:
        server.routes["/big"] = Reply(200, {"Content-Type": "text/html"}, body)
        client = HttpClient(fetch_settings(read_timeout=30), resolver=loopback_resolver)
        fetched = fetch_page(client, None, server.url("/big"), allow_local=True)
        client.close()
    assert fetched.fetch_error and "cap" in fetched.fetch_error
    started = time.monotonic()
    outputs = run_extract(extract, raw_page(body.decode("utf-8")))
    assert len(outputs) == 1
    assert isinstance(outputs[0], pvalue.TaggedOutput) or outputs[0]["text_source"] == "feed_summary"
    assert time.monotonic() - started < PAGE_TIMEOUT
    page_tally["cases"] += 1
    page_tally["deadletters"] += 1


def test_bad_input_figures(feed_tally, page_tally, record) -> None:
    """Not a check of its own: what the properties above tried, for the report."""
    record(
        Figure(
            "bad-feeds" + ("-full" if FULL else ""),
            "Hypothesis: hostile feeds through the reader",
            int(feed_tally["cases"]),
            full=FULL,
            notes=f"{int(feed_tally['bozo'])} flagged bozo, {int(feed_tally['entries'])} entries "
            f"recovered; {int(feed_tally['known_bug'])} raised the reported "
            f"encoding-declaration bug, 0 other exceptions; "
            f"slowest {feed_tally['slowest']:.2f}s",
            extra={"peak RSS growth MB": round(max_rss_mb() - feed_tally["rss_before"])},
        )
    )
    record(
        Figure(
            "bad-pages" + ("-full" if FULL else ""),
            "Hypothesis: hostile pages through decode + extract",
            int(page_tally["cases"]),
            fed=int(page_tally["cases"]),
            found=int(page_tally["articles"] + page_tally["deadletters"]),
            lost=int(page_tally["cases"] - page_tally["articles"] - page_tally["deadletters"]),
            duplicated=0,
            full=FULL,
            notes=f"{int(page_tally['articles'])} articles, {int(page_tally['deadletters'])} dead letters "
            f"(each page exactly one); slowest {page_tally['slowest']:.2f}s "
            f"(guard {PAGE_TIMEOUT:g}s)",
        )
    )


def raw_page(html: str) -> dict[str, Any]:
    """A raw article around ``html``, with a feed summary to fall back on half the time."""
    return {
        "id": "x",
        "url": "https://news.example/a",
        "title": "",
        "html": html,
        "summary": "A feed summary long enough to stand in for the article text. " * 3
        if len(html) % 2
        else None,
    }


def _now():
    from datetime import UTC, datetime

    return datetime.now(UTC)


__all__ = ["replace"]
