"""Phrase, boolean, prefix and field queries against the real index."""

from __future__ import annotations

import pytest

from tests.integration.search.conftest import SEED_TITLE, SearchIndex

pytestmark = pytest.mark.integration


def titles(page: dict) -> list[str]:
    return [row["title"] for row in page["results"]]


def test_phrase_finds_seed_article_first(search_index: SearchIndex) -> None:
    assert titles(search_index.search('"ceasefire collapse"'))[0] == SEED_TITLE


def test_phrase_is_highlighted_in_snippet(search_index: SearchIndex) -> None:
    row = search_index.search('"ceasefire collapse"')["results"][0]
    assert any("<mark>ceasefire collapses</mark>" in snippet for snippet in row["snippets"])


def test_phrase_skips_articles_with_the_words_apart(search_index: SearchIndex) -> None:
    assert "UN Security Council debates Sudan" not in titles(search_index.search('"ceasefire collapse"'))


def test_adjacent_words_rank_above_scattered_ones(search_index: SearchIndex) -> None:
    assert titles(search_index.search("ceasefire collapse"))[0] == SEED_TITLE


def test_or_unites(search_index: SearchIndex) -> None:
    assert search_index.search("mandalay OR goma")["total_articles"] == 2


def test_not_excludes(search_index: SearchIndex) -> None:
    found = titles(search_index.search("airstrikes NOT rafah"))
    assert found and not any("Rafah" in title for title in found)


def test_prefix_matches_word_starts(search_index: SearchIndex) -> None:
    assert search_index.search("barre*")["total_articles"] == 1


def test_inflections_are_found(search_index: SearchIndex) -> None:
    assert "Building collapse in Damascus kills four" in titles(search_index.search("collapsed"))


def test_exact_mode_does_not_inflect(search_index: SearchIndex) -> None:
    assert search_index.search("intercept", exact=True)["total_articles"] == 0


def test_tag_field(search_index: SearchIndex) -> None:
    assert search_index.search("tag:barrel_bombs")["total_articles"] == 1


def test_title_field_ignores_text(search_index: SearchIndex) -> None:
    assert search_index.search("title:convoy")["total_articles"] == 1


def test_source_and_country_fields(search_index: SearchIndex) -> None:
    assert search_index.search("source:LEMONDE.example country:LY")["total_articles"] == 1
