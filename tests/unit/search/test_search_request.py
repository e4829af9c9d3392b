"""Checking a search request before Elasticsearch sees it: dates, paging, cursors, filters."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from connectors.search import QueryError
from connectors.search.request import (
    SearchLimits,
    SearchRequest,
    decode_cursor,
    encode_cursor,
    filters,
    parse_when,
    search_body,
)

pytestmark = pytest.mark.unit
NOW = datetime(2024, 3, 20, 12, 0, tzinfo=UTC)


def test_relative_age_counts_back_from_now() -> None:
    assert parse_when("7d", "since", NOW) == datetime(2024, 3, 13, 12, 0, tzinfo=UTC)


def test_until_day_is_inclusive() -> None:
    assert parse_when("2024-03-15", "until", NOW, end_of_day=True) == datetime(2024, 3, 16, tzinfo=UTC)


def test_impossible_date_names_the_parameter() -> None:
    with pytest.raises(QueryError, match="since: '2024-02-30' is not a valid date") as caught:
        parse_when("2024-02-30", "since", NOW)
    assert caught.value.param == "since"


def test_since_after_until_is_refused() -> None:
    with pytest.raises(QueryError, match="since must be earlier than until"):
        filters(SearchRequest(since="2024-03-10", until="2024-03-01", now=NOW))


def test_filters_normalise_keyword_values() -> None:
    clauses = filters(SearchRequest(tags=("Cluster munitions",), countries=("sy",)))
    assert clauses == [{"terms": {"tags": ["cluster_munitions"]}}, {"terms": {"countries": ["SY"]}}]


def test_cursor_round_trips() -> None:
    assert decode_cursor(encode_cursor({"after": [1.5, "x"]})) == {"after": [1.5, "x"]}


def test_forged_cursor_is_refused() -> None:
    with pytest.raises(QueryError, match="cursor is not one this server issued"):
        decode_cursor("not-a-cursor!")


def test_page_beyond_window_is_refused() -> None:
    with pytest.raises(QueryError, match="goes past the first 10000 results") as caught:
        search_body(SearchRequest(query="x", page=10_000), SearchLimits())
    assert caught.value.param == "page"


def test_page_size_over_limit_is_refused() -> None:
    with pytest.raises(QueryError, match="limit must be between 1 and 100"):
        search_body(SearchRequest(limit=500), SearchLimits())


def test_grouped_search_collapses_on_story() -> None:
    assert search_body(SearchRequest(query="siege"), SearchLimits())["collapse"] == {"field": "story_id"}


def test_newest_sort_has_unique_tiebreaker() -> None:
    body = search_body(SearchRequest(sort="newest"), SearchLimits())
    assert body["sort"][-1] == {"id": "asc"}


def test_recency_wraps_query_in_decay() -> None:
    body = search_body(SearchRequest(query="siege", recency="7d"), SearchLimits())
    assert body["query"]["function_score"]["functions"][0]["gauss"]["published"]["scale"] == "7d"


def test_bad_recency_is_refused() -> None:
    with pytest.raises(QueryError, match="recency must be an age"):
        search_body(SearchRequest(recency="soon"), SearchLimits())
