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
from connectors.search.request import SearchRequest
from connectors.search.service import search
from connectors.settings import ElasticsearchSettings

FIXTURES = Path(__file__).parents[2] / "fixtures" / "search" / "articles.jsonl"
NOW = datetime(2024, 3, 20, 12, 0, tzinfo=UTC)  # the fixture articles span 2024-03-02..19
SEED_TITLE = "Rebel-held areas of Aleppo come under heavy bombardment for second day"
STORY = "story-kharkiv-shelling"


def fixture_articles() -> list[dict[str, Any]]:
    """The articles of tests/fixtures/search/articles.jsonl."""
    return [json.loads(line) for line in FIXTURES.read_text(encoding="utf-8").splitlines() if line.strip()]


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


@pytest.fixture(scope="module")
def search_index(es_client: Elasticsearch, es_settings: ElasticsearchSettings,
                 unique_name: Callable[[str], str]) -> SearchIndex:
    """The fixture articles in a fresh alias (built from the real template), refreshed."""
    settings = replace(es_settings, articles_alias=unique_name("articles"),
                       rules_index=unique_name("rules"), alerts_index=unique_name("alerts"))
    ensure_indices(es_client, settings)
    operations: list[dict[str, Any]] = []
    for article in fixture_articles():
        operations += [{"index": {"_index": settings.articles_alias, "_id": article["id"]}}, article]
    result = es_client.bulk(operations=operations, refresh=True)
    assert not result["errors"], result
    return SearchIndex(es_client, settings)
