"""Normalisation: clean text, lead, word count, language and UTC dates."""

from __future__ import annotations

import apache_beam as beam
import pytest
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to

from pipelines.normalise import NormaliseArticles, clean_text, lead_paragraph, normalise_article, to_utc

pytestmark = pytest.mark.unit


def test_whitespace_collapses_but_paragraphs_stay() -> None:
    assert clean_text("  Two\u00a0 words \n\n\n  next\tparagraph ") == "Two words\nnext paragraph"


def test_text_is_unicode_nfc() -> None:
    assert clean_text("Cafe\u0301") == "Caf\u00e9"


def test_the_lead_is_the_first_substantial_paragraph() -> None:
    text = "By Staff\n" + "The first real paragraph of the article says what happened and where. " * 2
    assert lead_paragraph(text).startswith("The first real paragraph")


def test_dates_become_utc_with_a_z() -> None:
    assert to_utc("2016-09-23T10:00:00+01:00") == "2016-09-23T09:00:00Z"


def test_a_bare_date_counts_as_midnight_utc() -> None:
    assert to_utc("2016-09-23") == "2016-09-23T00:00:00Z"


def test_an_unreadable_date_is_dropped() -> None:
    assert to_utc("last Tuesday") is None


def test_a_summary_fallback_loses_its_markup() -> None:
    out = normalise_article(
        {"text": "<p>Shelling &amp; airstrikes</p>", "text_source": "feed_summary", "title": "t"}
    )
    assert out["text"] == "Shelling & airstrikes"


def test_the_published_date_falls_back_to_the_page_date() -> None:
    out = normalise_article({"text": "x", "title": "t", "published": None, "extracted_date": "2020-01-02"})
    assert out["published"] == "2020-01-02T00:00:00Z"


def test_normalise_articles_sets_word_count_and_language() -> None:
    article = {
        "id": "a",
        "title": "t",
        "text": "Die Regierung hat heute beschlossen, die Grenze zu schließen.",
    }
    with TestPipeline() as p:
        out = p | beam.Create([article]) | NormaliseArticles()
        assert_that(out | beam.Map(lambda a: (a["word_count"], a["language"])), equal_to([(9, "de")]))
