"""Analyst syntax to Elasticsearch DSL: boosts, inflections, keywords, proximity."""

from __future__ import annotations

import pytest

from connectors.search.dsl import phrase_forms, relevance_query, to_dsl
from connectors.search.query import parse_query

pytestmark = pytest.mark.unit


def _words(clause: dict) -> dict:
    """The neutral-field match of a plain word's clause (beside it: language fields, places)."""
    return clause["bool"]["should"][0]["dis_max"]["queries"][0]["multi_match"]


def test_title_is_boosted_over_text() -> None:
    assert _words(to_dsl(parse_query("siege")))["fields"] == ["title^3", "text"]


def test_word_is_expanded_to_inflections() -> None:
    assert "collapsed" in _words(to_dsl(parse_query("collapse")))["query"].split()


def test_exact_mode_searches_exact_subfields_without_expansion() -> None:
    clause = to_dsl(parse_query("collapse"), exact=True)["multi_match"]
    assert (clause["query"], clause["fields"]) == ("collapse", ["title.exact^3", "text.exact"])


def test_phrase_variants_include_inflected_last_word() -> None:
    assert "ceasefire collapses" in phrase_forms("ceasefire collapse", exact=False)


def test_tag_field_is_an_exact_keyword_term() -> None:
    assert to_dsl(parse_query("tag:Cluster-Munitions")) == {"term": {"tags": {"value": "cluster_munitions"}}}


def test_not_becomes_must_not() -> None:
    assert "must_not" in to_dsl(parse_query("siege -aleppo"))["bool"]


def test_several_words_get_a_proximity_bonus() -> None:
    query = relevance_query(parse_query("ceasefire collapse"), [])
    assert query["bool"]["should"][0]["constant_score"]["boost"] > 0


def test_filters_do_not_score() -> None:
    flt = [{"term": {"tags": "siege"}}]
    assert relevance_query(None, flt)["bool"]["filter"] == flt
