"""The analysts' query language: what parses to what, and which input is refused and why."""

from __future__ import annotations

import re

import pytest

from connectors.search import QueryError
from connectors.search.query import And, Not, Or, Phrase, Term, parse_query

pytestmark = pytest.mark.unit


def test_empty_query_matches_everything() -> None:
    assert parse_query("   ") is None


def test_words_are_all_required() -> None:
    assert parse_query("siege aleppo") == And((Term("siege"), Term("aleppo")))


def test_quoted_phrase_is_one_node() -> None:
    assert parse_query('"ceasefire  collapse"') == Phrase("ceasefire collapse")


def test_or_binds_looser_than_and() -> None:
    assert parse_query("a1 b2 OR c3") == Or((And((Term("a1"), Term("b2"))), Term("c3")))


def test_not_and_minus_negate() -> None:
    assert parse_query("NOT drill -exercise") == And((Not(Term("drill")), Not(Term("exercise"))))


def test_hyphenated_word_is_not_negated() -> None:
    assert parse_query("rebel-held") == Term("rebel-held")


def test_parentheses_group() -> None:
    assert parse_query("(airstrike OR shelling) aleppo") == And(
        (Or((Term("airstrike"), Term("shelling"))), Term("aleppo")))


def test_trailing_star_is_a_prefix() -> None:
    assert parse_query("ceasefir*") == Term("ceasefir", prefix=True)


def test_field_value_and_field_phrase() -> None:
    assert parse_query('tag:airstrike title:"heavy bombardment"') == And(
        (Term("airstrike", "tag"), Phrase("heavy bombardment", "title")))


@pytest.mark.parametrize(("query", "message"), [
    ('"ceasefire collapse', "unbalanced quote"),
    ("(siege OR aleppo", "never closed"),
    ("siege)", "unmatched ')'"),
    ("()", "empty parentheses"),
    ("siege OR", "needs a term after it"),
    ("AND siege", "needs a term before it"),
    ("author:smith", "unknown field 'author:'"),
    ("tag:", "needs a value"),
    ("ce*", "too short"),
    ("cea*fire", "only a trailing *"),
    ('""', "empty phrase"),
])
def test_bad_query_is_refused_with_reason(query: str, message: str) -> None:
    with pytest.raises(QueryError, match=re.escape(message)):
        parse_query(query)


def test_overlong_query_is_refused() -> None:
    with pytest.raises(QueryError, match="query too long: 10240 characters"):
        parse_query("a" * 10240)


def test_too_many_terms_are_refused() -> None:
    with pytest.raises(QueryError, match="too many terms"):
        parse_query(" ".join(f"w{i}" for i in range(70)))


def test_deep_nesting_is_refused() -> None:
    with pytest.raises(QueryError, match="nested deeper"):
        parse_query("(" * 20 + "x" + ")" * 20)
