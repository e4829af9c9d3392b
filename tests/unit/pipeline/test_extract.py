"""Extraction: article text from pages, the summary fallback, and the guards."""

from __future__ import annotations

import gzip
from dataclasses import replace
from pathlib import Path

import apache_beam as beam
import pytest
from apache_beam.pvalue import TaggedOutput
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to
from apache_beam.transforms.window import GlobalWindow
from apache_beam.utils.timestamp import MIN_TIMESTAMP

from pipelines.extract import ExtractDoFn, ExtractText, looks_binary
from pipelines.settings import PipelineSettings

pytestmark = pytest.mark.unit
FAST = PipelineSettings(page_timeout=0)
CORPUS = Path(__file__).resolve().parents[2] / "fixtures" / "corpus" / "extraction-benchmark" / "html"
# Benchmark pages: one whose body trafilatura's fast mode misses (121 characters of 2,500),
# one whose date only htmldate's extensive search finds (2018-09-25).
FAST_MODE_MISSES = "0ec95c7261d122f304728e90c983450ef1ce1e0b423546835c397d50aaf0d0f2"
DATE_NEEDS_SEARCH = "57b4dafd18cfd0531b69f81e87158648227c673ef159f8d8c87d34e34bdb21f2"


def corpus_page(name: str) -> str:
    return gzip.decompress((CORPUS / f"{name}.html.gz").read_bytes()).decode("utf-8")


def run_extract(article: dict, settings: PipelineSettings = FAST) -> tuple[list, list]:
    """(articles, dead letters) of one article through the extraction DoFn, bundle end included."""
    dofn = ExtractDoFn(settings)
    dofn.setup()
    try:
        outputs = [*dofn.process(article, MIN_TIMESTAMP, GlobalWindow()), *dofn.finish_bundle()]
    finally:
        dofn.teardown()
    letters = [o.value.value for o in outputs if isinstance(o, TaggedOutput)]
    return [o.value for o in outputs if not isinstance(o, TaggedOutput)], letters


def test_extract_text_splits_articles_from_dead_letters(make_raw, seed_html) -> None:
    good, bad = make_raw(html=seed_html), make_raw(url="https://b.example/2", html="", summary=None)
    with TestPipeline() as p:
        out = p | beam.Create([good, bad]) | ExtractText(FAST)
        assert_that(
            out.articles | beam.Map(lambda a: (a["id"], a["text_source"])), equal_to([(good["id"], "page")])
        )
        assert_that(out.deadletter | beam.Map(lambda d: d["id"]), equal_to([bad["id"]]), label="letters")


def test_pages_parsed_by_several_children_each_come_out_once(make_raw, seed_html) -> None:
    guarded = replace(FAST, page_timeout=30)
    good = [make_raw(url=f"https://a.example/{i}", html=seed_html) for i in range(5)]
    bad = make_raw(url="https://b.example/2", html="", summary=None)
    with TestPipeline() as p:
        out = p | beam.Create([*good, bad]) | ExtractText(guarded, children=2)
        assert_that(out.articles | beam.Map(lambda a: a["id"]), equal_to([a["id"] for a in good]))
        assert_that(out.deadletter | beam.Map(lambda d: d["id"]), equal_to([bad["id"]]), label="letters")


def test_the_article_body_is_extracted_without_the_boilerplate(make_raw, seed_html) -> None:
    (article,), _ = run_extract(make_raw(html=seed_html))
    assert "cluster bombs fell" in article["text"]
    assert "Most read" not in article["text"] and "Cookie policy" not in article["text"]
    assert article["text_source"] == "page"
    assert "html" not in article


def test_authors_and_date_come_from_the_page_metadata(make_raw, seed_html) -> None:
    (article,), _ = run_extract(make_raw(html=seed_html))
    assert article["authors"] == ["Staff Reporter"]
    assert article["extracted_date"] == "2016-09-23"


def test_a_page_fast_mode_misses_is_extracted_again_with_the_fallback_extractors(make_raw) -> None:
    raw = make_raw(html=corpus_page(FAST_MODE_MISSES))
    (fast_only,), _ = run_extract(raw, replace(FAST, fallback_below_chars=0))
    (article,), _ = run_extract(raw)
    assert len(fast_only["text"]) < FAST.fallback_below_chars < len(article["text"])
    (cascade,), _ = run_extract(raw, replace(FAST, extract_fast_first=False))
    assert article["text"] == cascade["text"]


def test_the_page_date_is_searched_thoroughly_when_the_feed_gave_none(make_raw) -> None:
    (article,), _ = run_extract(make_raw(html=corpus_page(DATE_NEEDS_SEARCH), published=None))
    assert article["extracted_date"] == "2018-09-25"


def test_without_page_authors_a_titled_and_dated_entry_skips_the_page_metadata(make_raw, seed_html) -> None:
    settings = replace(FAST, page_authors=False)
    (article,), _ = run_extract(make_raw(html=seed_html), settings)
    assert article["authors"] == [] and "cluster bombs fell" in article["text"]
    (untitled,), _ = run_extract(make_raw(html=seed_html, title=""), settings)
    assert untitled["authors"] == ["Staff Reporter"] and untitled["title"]


def test_a_real_news_page_yields_its_body(make_raw, news_html) -> None:
    (article,), letters = run_extract(make_raw(html=news_html))
    assert letters == [] and len(article["text"]) > 500


def test_empty_html_falls_back_to_the_feed_summary_and_marks_it(make_raw) -> None:
    (article,), letters = run_extract(make_raw(html="   "))
    assert article["text_source"] == "feed_summary"
    assert article["text"].startswith("Rebel-held areas of Aleppo")
    assert letters == []


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        ("", "empty HTML"),
        ("\x00\x01\x02\x03\x04\x05\x06\x07PK\x03\x04" * 100, "binary content"),
        ("<html><body><p>" + "x" * (5 * 1024 * 1024) + "</p></body></html>", "exceeds the"),
        ("<html><body><nav>Home</nav></body></html>", "extraction yielded no article text"),
    ],
    ids=["empty", "binary", "five-megabytes", "no-article"],
)
def test_a_page_without_text_and_without_summary_is_dead_lettered(make_raw, html: str, reason: str) -> None:
    articles, (letter,) = run_extract(make_raw(html=html, summary=None))
    assert articles == []
    assert letter["stage"] == "extract" and reason in letter["reason"]


def test_a_page_that_could_not_be_fetched_is_dead_lettered_with_the_fetch_error(make_raw) -> None:
    _, (letter,) = run_extract(make_raw(html=None, summary=None, fetch_error="HTTP 404"))
    assert "page not fetched: HTTP 404" in letter["reason"]


def test_a_page_over_the_time_guard_is_dead_lettered(make_raw, news_html) -> None:
    settings = replace(FAST, page_timeout=0.001)
    _, (letter,) = run_extract(make_raw(html=news_html, summary=None), settings)
    assert "gave up after" in letter["reason"]


def test_the_time_guard_lets_a_normal_page_through(make_raw, news_html) -> None:
    (article,), _ = run_extract(make_raw(html=news_html), replace(FAST, page_timeout=30))
    assert article["text_source"] == "page"


def test_text_with_accents_is_not_taken_for_binary() -> None:
    assert not looks_binary("<p>Déclaration du ministère: « cessez-le-feu » à Alep</p>")


def test_a_dead_letter_keeps_the_kafka_position(make_raw) -> None:
    article = {**make_raw(html="", summary=None), "_kafka": {"topic": "t", "partition": 1, "offset": 9}}
    _, (letter,) = run_extract(article)
    assert (letter["topic"], letter["partition"], letter["offset"]) == ("t", 1, 9)
