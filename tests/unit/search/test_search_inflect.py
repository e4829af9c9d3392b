"""Inflection variants stand in for the stemmer the local Elasticsearch lacks."""

from __future__ import annotations

import pytest

from connectors.search.inflect import variants

pytestmark = pytest.mark.unit


def test_base_form_gains_regular_inflections() -> None:
    assert {"collapses", "collapsed", "collapsing"} <= set(variants("collapse"))


def test_inflected_form_finds_its_base() -> None:
    assert {"collapse", "collapses"} <= set(variants("collapsed"))


def test_plural_in_ies_finds_singular() -> None:
    assert "casualty" in variants("casualties")


def test_word_itself_comes_first() -> None:
    assert variants("Shelling")[0] == "shelling"


@pytest.mark.parametrize("word", ["war", "m23", "Дамаск"])
def test_short_numeric_or_non_ascii_words_are_left_alone(word: str) -> None:
    assert variants(word) == [word.lower()]
