"""Fixture articles indexed once per test module into their own alias of the real Elasticsearch."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from elasticsearch import Elasticsearch

from connectors.elasticsearch_indices import ensure_indices
from connectors.language_analysis import with_language_fields
from connectors.search.request import SearchRequest
from connectors.search.service import search
from connectors.settings import ElasticsearchSettings

FIXTURES = Path(__file__).parents[2] / "fixtures" / "search" / "articles.jsonl"
NOW = datetime(2024, 3, 20, 12, 0, tzinfo=UTC)  # the fixture articles span 2024-03-02..19
SEED_TITLE = "Rebel-held areas of Aleppo come under heavy bombardment for second day"
STORY = "story-kharkiv-shelling"


def fixture_articles(path: Path = FIXTURES) -> list[dict[str, Any]]:
    """The articles of a JSON-lines fixture (by default tests/fixtures/search/articles.jsonl)."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@dataclass(frozen=True)
class SearchIndex:
    """A filled article alias and a way to search it."""

    client: Elasticsearch
    settings: ElasticsearchSettings

    @property
    def alias(self) -> str:
        return self.settings.articles_alias

    def search(self, query: str = "", **options: Any) -> dict[str, Any]:
        return search(self.client, self.alias, SearchRequest(query=query, now=NOW, **options))


def indexed(client: Elasticsearch, settings: ElasticsearchSettings,
            articles: list[dict[str, Any]]) -> SearchIndex:
    """``articles`` in the fresh alias of ``settings`` (built from the real template) as the
    pipeline's writer indexes them, refreshed."""
    ensure_indices(client, settings)
    operations: list[dict[str, Any]] = []
    for article in articles:
        operations += [{"index": {"_index": settings.articles_alias, "_id": article["id"]}},
                       with_language_fields(article)]
    result = client.bulk(operations=operations, refresh=True)
    assert not result["errors"], result
    return SearchIndex(client, settings)


def fresh_settings(es_settings: ElasticsearchSettings,
                   unique_name: Callable[[str], str]) -> ElasticsearchSettings:
    """Settings whose article alias, rules and alerts indices no other test uses."""
    return replace(es_settings, articles_alias=unique_name("articles"),
                   rules_index=unique_name("rules"), alerts_index=unique_name("alerts"))


@pytest.fixture(scope="module")
def search_index(es_client: Elasticsearch, es_settings: ElasticsearchSettings,
                 unique_name: Callable[[str], str]) -> SearchIndex:
    """The fixture articles in a fresh alias (built from the real template), refreshed."""
    return indexed(es_client, fresh_settings(es_settings, unique_name), fixture_articles())
