"""Filters narrow results; facets count what the query and filters select."""

from __future__ import annotations

import pytest

from connectors.search.request import SearchRequest
from connectors.search.service import facets
from tests.integration.search.conftest import NOW, SearchIndex

pytestmark = pytest.mark.integration


def test_tag_filter(search_index: SearchIndex) -> None:
    assert search_index.search(tags=("siege",))["total_articles"] == 2


def test_event_type_filter(search_index: SearchIndex) -> None:
    assert search_index.search(event_types=("protest",))["total_articles"] == 1


def test_country_filter(search_index: SearchIndex) -> None:
    assert search_index.search(countries=("ua",))["total_articles"] == 5


def test_source_filter(search_index: SearchIndex) -> None:
    assert search_index.search(sources=("bbc.example",))["total_articles"] == 3


def test_language_filter(search_index: SearchIndex) -> None:
    assert search_index.search(languages=("fr",))["total_articles"] == 1


def test_relative_since(search_index: SearchIndex) -> None:
    assert search_index.search(since="2d")["total_articles"] == 2  # 18th and 19th


def test_date_range_is_inclusive_of_until_day(search_index: SearchIndex) -> None:
    assert search_index.search(since="2024-03-02", until="2024-03-03")["total_articles"] == 2


def facet_of(search_index: SearchIndex, **options: object) -> dict:
    wanted = SearchRequest(now=NOW, **options)  # type: ignore[arg-type]
    return facets(search_index.client, search_index.alias, wanted)


def test_tag_facet_counts(search_index: SearchIndex) -> None:
    tags = {f["value"]: f["count"] for f in facet_of(search_index)["tags"]}
    assert tags["airstrike"] == 4


def test_facets_follow_the_query(search_index: SearchIndex) -> None:
    assert facet_of(search_index, query='"ceasefire collapse"')["sources"] == [
        {"value": "reuters.example", "count": 1}]


def test_per_day_histogram(search_index: SearchIndex) -> None:
    days = {d["day"]: d["count"] for d in facet_of(search_index)["per_day"]}
    assert days["2024-03-15"] == 2


def test_timeline_is_per_tag_per_day(search_index: SearchIndex) -> None:
    timeline = facet_of(search_index, tags=("siege",))["timeline"]
    assert timeline["siege"] == [{"day": "2024-03-11", "count": 1}, {"day": "2024-03-15", "count": 1}]


def test_places_carry_tagger_coordinates(search_index: SearchIndex) -> None:
    places = {p["name"]: p for p in facet_of(search_index)["places"]}
    assert (places["Aleppo"]["lat"], places["Aleppo"]["lon"]) == (36.20124, 37.16117)


def test_story_count_facet(search_index: SearchIndex) -> None:
    assert facet_of(search_index)["total_stories"] == 18
