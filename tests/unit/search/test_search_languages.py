"""Queries across languages: each language's sub-field, places in any script, highlights."""

from __future__ import annotations

import json

import pytest

from connectors.language_analysis import with_language_fields
from connectors.search.dsl import PLACE_FIELD, relevance_query, text_fields, to_dsl
from connectors.search.inflect import variants
from connectors.search.query import parse_query
from connectors.search.request import highlight_clause
from connectors.search.results import article_row

pytestmark = pytest.mark.unit
LANGUAGES = ("en", "fr", "es", "ar", "ru", "uk")


def test_every_language_field_is_searched_with_the_neutral_field() -> None:
    fields = text_fields(None, exact=False)
    assert fields[:2] == ["title^3", "text"]
    assert all(f"title_{lang}^3" in fields and f"text_{lang}" in fields for lang in LANGUAGES)


def test_a_field_restriction_keeps_to_that_field_in_every_language() -> None:
    assert text_fields("text", exact=False) == ["text", *(f"text_{lang}" for lang in LANGUAGES)]


def test_exact_searches_only_the_exact_sub_fields() -> None:
    clause = to_dsl(parse_query("bombardements"), exact=True)
    assert clause == {"multi_match": {"query": "bombardements", "fields": ["title.exact^3", "text.exact"],
                                      "operator": "or", "zero_terms_query": "all"}}


def test_a_prefix_matches_words_as_written_in_the_neutral_fields_only() -> None:
    clause = to_dsl(parse_query("обстрел*"))
    fields = [next(iter(c["prefix"])) for c in clause["bool"]["should"]]
    assert fields == ["title", "text"]


def test_a_word_also_matches_articles_tagged_with_that_place() -> None:
    should = to_dsl(parse_query("Aleppo"))["bool"]["should"]
    assert should[1] == {"term": {PLACE_FIELD: {"value": "aleppo"}}}


def test_a_phrase_matches_a_place_of_several_words() -> None:
    should = to_dsl(parse_query('"Deir ez-Zor"'))["bool"]["should"]
    assert should[1] == {"term": {PLACE_FIELD: {"value": "deir ez-zor"}}}


def test_exact_and_fielded_words_do_not_match_places() -> None:
    assert PLACE_FIELD not in json.dumps(to_dsl(parse_query("Aleppo"), exact=True))
    assert PLACE_FIELD not in json.dumps(to_dsl(parse_query("title:Aleppo")))


def test_language_fields_get_the_word_as_typed_and_the_neutral_fields_its_inflections() -> None:
    neutral, in_languages = to_dsl(parse_query("shelled"))["bool"]["should"][0]["dis_max"]["queries"]
    assert "shelling" in neutral["multi_match"]["query"].split()
    assert in_languages["multi_match"]["query"] == "shelled"
    assert in_languages["multi_match"]["fields"][:2] == ["title_en^3", "text_en"]


def test_a_phrase_in_the_language_fields_is_one_phrase_as_typed() -> None:
    clause = to_dsl(parse_query('"frappes aériennes"'))
    in_languages = clause["bool"]["should"][0]["dis_max"]["queries"][1]
    assert in_languages["multi_match"] | {"fields": None} == {
        "query": "frappes aériennes", "type": "phrase", "zero_terms_query": "all", "fields": None}


def test_not_a_place_excludes_articles_tagged_with_it_too() -> None:
    excluded = to_dsl(parse_query("siege -Aleppo"))["bool"]["must_not"][0]
    assert {"term": {PLACE_FIELD: {"value": "aleppo"}}} in excluded["bool"]["should"]


def test_irregular_verbs_find_every_form() -> None:
    assert {"fall", "fallen"} <= set(variants("fell"))
    assert "fell" in variants("falls")


def test_highlights_are_asked_of_each_non_english_language_field_and_the_neutral_ones() -> None:
    fields = highlight_clause(parse_query("frappes"))["fields"]
    others = [lang for lang in LANGUAGES if lang != "en"]
    own = {f"{field}_{lang}" for field in ("title", "text") for lang in others}
    assert set(fields) == {"title", "text"} | own


def test_each_field_is_highlighted_with_its_own_clauses_only() -> None:
    fields = highlight_clause(parse_query('"frappe aérienne" -drone'))["fields"]
    mentioned = json.dumps(fields["text_fr"]["highlight_query"], ensure_ascii=False)
    assert '"text_fr"' in mentioned and "frappe aérienne" in mentioned
    assert "title" not in mentioned and "text_es" not in mentioned and "drone" not in mentioned


def test_exact_highlights_only_the_exact_fields() -> None:
    fields = highlight_clause(parse_query("frappes"), exact=True)["fields"]
    assert set(fields) == {"title.exact", "text.exact"}


def test_an_empty_query_asks_for_no_highlights() -> None:
    assert highlight_clause(None)["fields"] == {}


def test_the_snippet_comes_from_the_article_s_own_language_before_the_neutral_field() -> None:
    hit = {"_source": {"language": "fr"}, "highlight": {
        "text": ["les <mark>frappes</mark>"], "text_fr": ["les <mark>frappes</mark> <mark>frappé</mark>"],
        "title": ["<mark>Frappes</mark>"]}}
    row = article_row(hit)
    assert row["snippets"] == ["les <mark>frappes</mark> <mark>frappé</mark>"]
    assert row["title_html"] == "<mark>Frappes</mark>"


def test_an_article_in_one_of_the_six_languages_is_indexed_in_its_own_fields_only() -> None:
    doc = with_language_fields({"id": "1", "language": "ar", "title": "قصف", "text": "بالقصف"})
    assert (doc["title_ar"], doc["text_ar"]) == ("قصف", "بالقصف")
    assert not {f"text_{lang}" for lang in LANGUAGES if lang != "ar"} & set(doc)


def test_an_article_in_another_language_keeps_the_neutral_fields_only() -> None:
    doc = {"id": "1", "language": "de", "title": "Angriff", "text": "Angriffe"}
    assert with_language_fields(doc) == doc


def test_the_proximity_bonus_leaves_english_to_the_neutral_inflections() -> None:
    bonus = json.dumps(relevance_query(parse_query("frappes drone"), [])["bool"]["should"])
    assert "text_fr" in bonus and "text_en" not in bonus
