"""The read-only search endpoints: /search, /facets, /articles/{id}, /stories/{id}.

Handlers are plain functions (run in FastAPI's thread pool) because the Elasticsearch client
is synchronous; every input check lives in `connectors.search`, so the CLI and API agree.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from connectors.search.request import SearchRequest
from connectors.search.service import facets, get_article, get_story, search

router = APIRouter(tags=["search"])

Q = Annotated[str, Query(description='Query: words, "phrases", AND/OR/NOT, -word, prefix*, '
                                     "field:value (title, text, source, tag, country, event, lang)")]
Many = Annotated[list[str], Query()]
Since = Annotated[str | None, Query(description="7d, 24h, 2w, YYYY-MM-DD or ISO 8601")]
Until = Annotated[str | None, Query(description="YYYY-MM-DD (inclusive) or ISO 8601")]


class Filters:
    """The filter parameters shared by /search and /facets."""

    def __init__(self, q: Q = "", tag: Many = [], event_type: Many = [], country: Many = [],  # noqa: B006
                 source: Many = [], lang: Many = [], since: Since = None, until: Until = None,  # noqa: B006
                 exact: bool = False,
                 recency: Annotated[str | None, Query(description="decay scale, e.g. 7d")] = None) -> None:
        self.values: dict[str, Any] = dict(
            query=q, tags=tuple(tag), event_types=tuple(event_type), countries=tuple(country),
            sources=tuple(source), languages=tuple(lang), since=since, until=until, exact=exact,
            recency=recency)


@router.get("/search", summary="Search articles, one row per story, with highlights")
def search_articles(request: Request, filters: Annotated[Filters, Depends()],
                    sort: Annotated[str, Query(description="relevance or newest")] = "relevance",
                    limit: int = 20, page: int = 1, cursor: str | None = None,
                    group: Annotated[bool, Query(description="one row per story")] = True) -> dict[str, Any]:
    """Articles matching the query and filters; follow ``next_cursor`` for the next page."""
    wanted = SearchRequest(**filters.values, sort=sort, limit=limit, page=page, cursor=cursor, group=group)
    state = request.app.state
    return search(state.es, state.index, wanted, state.limits)


@router.get("/facets", summary="Counts by tag, event type, country, source, language, day, place")
def facet_counts(request: Request, filters: Annotated[Filters, Depends()]) -> dict[str, Any]:
    """Facet counts, the per-day histogram, the per-tag timeline and map places."""
    state = request.app.state
    return facets(state.es, state.index, SearchRequest(**filters.values), state.limits)


@router.get("/articles/{article_id}", summary="One stored article")
def article(request: Request, article_id: str) -> dict[str, Any]:
    """The article as indexed, with its tags, evidence and locations."""
    state = request.app.state
    return get_article(state.es, state.index, article_id, state.limits)


@router.get("/stories/{story_id}", summary="Every article of one story")
def story(request: Request, story_id: str) -> dict[str, Any]:
    """All outlets' articles of one story, oldest first."""
    state = request.app.state
    return get_story(state.es, state.index, story_id, state.limits)
