"""One row per story, story and article lookups, and paging that never repeats or skips."""

from __future__ import annotations

import pytest

from connectors.search import QueryError, SearchNotFound
from connectors.search.service import get_article, get_story
from tests.integration.search.conftest import STORY, SearchIndex, fixture_articles

pytestmark = pytest.mark.integration


def test_copies_of_a_story_are_one_row(search_index: SearchIndex) -> None:
    page = search_index.search("kharkiv shelling")
    assert [row["story_id"] for row in page["results"]] == [STORY]


def test_grouped_row_counts_the_other_outlets(search_index: SearchIndex) -> None:
    row = search_index.search("kharkiv shelling")["results"][0]
    assert (row["more_outlets"], len(row["other_outlets"])) == (2, 2)


def test_ungrouped_shows_every_copy(search_index: SearchIndex) -> None:
    assert len(search_index.search("kharkiv shelling", group=False)["results"]) == 3


def test_story_lists_articles_oldest_first(search_index: SearchIndex) -> None:
    story = get_story(search_index.client, search_index.alias, STORY)
    expected = ["reuters.example", "apnews.example", "france24.example"]
    assert [a["source"] for a in story["articles"]] == expected


def test_article_lookup_hides_signatures(search_index: SearchIndex) -> None:
    first = fixture_articles()[0]
    article = get_article(search_index.client, search_index.alias, first["id"])
    assert article["title"] == first["title"] and "minhash" not in article


def test_missing_article_is_not_found(search_index: SearchIndex) -> None:
    with pytest.raises(SearchNotFound):
        get_article(search_index.client, search_index.alias, "0" * 32)


def walk(search_index: SearchIndex, **options: object) -> list[str]:
    seen: list[str] = []
    cursor = None
    for _ in range(30):
        page = search_index.search(limit=3, cursor=cursor, **options)
        seen += [row["id"] for row in page["results"]]
        cursor = page["next_cursor"]
        if cursor is None:
            return seen
    raise AssertionError("paging never ended")


def test_search_after_pages_cover_every_article_once(search_index: SearchIndex) -> None:
    seen = walk(search_index, group=False, sort="newest")
    assert sorted(seen) == sorted(a["id"] for a in fixture_articles())


def test_grouped_pages_cover_every_story_once(search_index: SearchIndex) -> None:
    assert len(set(walk(search_index))) == len(walk(search_index)) == 18


def test_relevance_pages_with_search_after(search_index: SearchIndex) -> None:
    seen = walk(search_index, group=False)
    assert len(seen) == len(set(seen)) == 20


def test_page_ten_thousand_is_refused(search_index: SearchIndex) -> None:
    with pytest.raises(QueryError, match="goes past the first 10000 results"):
        search_index.search("siege", page=10_000)
