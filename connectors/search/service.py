"""Running analyst searches against the article alias, with errors analysts can act on.

Every Elasticsearch failure is translated: unreachable or slow becomes
:class:`SearchUnavailable`, a refused query becomes :class:`QueryError`; no stack trace or raw
server response ever reaches the caller.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

from elasticsearch import (
    ApiError,
    BadRequestError,
    ConnectionTimeout,
    Elasticsearch,
    NotFoundError,
    TransportError,
)
from elasticsearch import (
    ConnectionError as EsConnectionError,
)

from connectors.language_analysis import TEXT_FIELDS, language_field, languages
from connectors.search.dsl import relevance_query
from connectors.search.errors import QueryError, SearchNotFound, SearchUnavailable
from connectors.search.query import parse_query
from connectors.search.request import (
    SOURCE_FIELDS,
    SearchLimits,
    SearchRequest,
    encode_cursor,
    filters,
    search_body,
    validate_recency,
)
from connectors.search.results import (
    article_row,
    facets_aggs,
    facets_from,
    story_counts,
    story_counts_aggs,
    story_from,
    with_story_counts,
)

T = TypeVar("T")
ID_PATTERN = re.compile(r"^[A-Za-z0-9_.:\-]{1,128}$")
STORY_MAX_ARTICLES = 200
# Dedup signatures, and the copies of title and text made for the language's analyzer.
HIDDEN_FIELDS = ["minhash", "lsh_bands", *(language_field(field, language)
                                          for language in languages() for field in TEXT_FIELDS)]


def _call(index: str, limits: SearchLimits, action: Callable[[], T]) -> T:
    """Run one Elasticsearch request, turning its failures into ours."""
    try:
        return action()
    except ConnectionTimeout as exc:
        raise SearchUnavailable(
            f"the search took longer than {limits.timeout_seconds:g}s; narrow the query or the dates",
            timed_out=True) from exc
    except (EsConnectionError, TransportError) as exc:
        raise SearchUnavailable("Elasticsearch is unreachable; try again shortly") from exc
    except NotFoundError as exc:
        raise SearchUnavailable(f"the article index '{index}' does not exist; run `sitrep init`") from exc
    except BadRequestError as exc:
        raise QueryError(f"the index refused this query: {_reason(exc)}") from exc
    except ApiError as exc:
        raise SearchUnavailable(f"Elasticsearch answered {exc.status_code}: {_reason(exc)}") from exc


def _reason(exc: ApiError) -> str:
    """The innermost human-readable reason of an Elasticsearch error, without traces."""
    info = exc.info if isinstance(exc.info, dict) else {}
    error = info.get("error", {})
    if isinstance(error, dict):
        causes = error.get("root_cause") or [error]
        cause = causes[0] if causes and isinstance(causes[0], dict) else {}
        caused_by = error.get("caused_by", {})
        reason = caused_by.get("reason") if isinstance(caused_by, dict) else None
        return str(reason or cause.get("reason") or error.get("type") or exc.message)[:300]
    return str(error or exc.message)[:300]


def _search(client: Elasticsearch, index: str, limits: SearchLimits, body: dict[str, Any]) -> dict[str, Any]:
    timeout = limits.timeout_seconds + 2  # the server-side timeout answers first, with partial hits
    return _call(index, limits, lambda: client.options(request_timeout=timeout).search(
        index=index, body=body, ignore_unavailable=False))


def search(client: Elasticsearch, index: str, request: SearchRequest,
           limits: SearchLimits | None = None) -> dict[str, Any]:
    """One page of results: one row per story (unless ungrouped), highlighted, with a cursor."""
    limits = limits or SearchLimits()
    body = search_body(request, limits)
    answer = _search(client, index, limits, body)
    hits = answer["hits"]["hits"]
    rows = [article_row(hit) for hit in hits]
    total = answer["hits"]["total"]["value"]
    stories = answer["aggregations"]["stories"]["value"]
    if request.group and rows:
        ids = sorted({row["story_id"] for row in rows if row.get("story_id")})
        count_body = {"size": 0, "query": {"bool": {"filter": [body["query"], {"terms": {"story_id": ids}}]}},
                      "aggs": story_counts_aggs(ids)}
        counts = _search(client, index, limits, count_body)
        with_story_counts(rows, story_counts(counts["aggregations"]))
    return {
        "query": request.query,
        "total_articles": total,
        "total_stories": stories,
        "grouped": request.group,
        "results": rows,
        "next_cursor": _next_cursor(request, body, rows, stories if request.group else total),
        "timed_out": bool(answer.get("timed_out")),
        "took_ms": answer.get("took"),
    }


def _next_cursor(request: SearchRequest, body: dict[str, Any], rows: list[dict[str, Any]],
                 total: int) -> str | None:
    """The token for the page after this one, or None on the last page."""
    if len(rows) < request.limit:
        return None
    if request.group:
        offset = body.get("from", 0) + request.limit
        return encode_cursor({"offset": offset}) if offset < total else None
    return encode_cursor({"after": rows[-1]["sort"]})


def facets(client: Elasticsearch, index: str, request: SearchRequest,
           limits: SearchLimits | None = None) -> dict[str, Any]:
    """Counts by tag, event type, country, source, language and day, plus timeline and places."""
    limits = limits or SearchLimits()
    node = parse_query(request.query, limits.max_query_chars, limits.max_clauses)
    query = relevance_query(node, filters(request), request.exact, validate_recency(request.recency))
    body = {"size": 0, "query": query, "track_total_hits": True, "aggs": facets_aggs(),
            "timeout": f"{int(limits.timeout_seconds * 1000)}ms"}
    answer = _search(client, index, limits, body)
    result = facets_from(answer["aggregations"], answer["hits"]["total"]["value"])
    result["timed_out"] = bool(answer.get("timed_out"))
    return result


def _check_id(value: str, what: str) -> None:
    if not ID_PATTERN.match(value):
        raise QueryError(f"{what} must be 1-128 letters, digits, '_', '-', '.' or ':'", what)


def get_article(client: Elasticsearch, index: str, article_id: str,
                limits: SearchLimits | None = None) -> dict[str, Any]:
    """The stored article (without its dedup signatures); SearchNotFound when absent."""
    _check_id(article_id, "article id")
    body = {"size": 1, "query": {"ids": {"values": [article_id]}}, "_source": {"excludes": HIDDEN_FIELDS}}
    answer = _search(client, index, limits or SearchLimits(), body)
    hits = answer["hits"]["hits"]
    if not hits:
        raise SearchNotFound(f"no article with id {article_id!r}")
    return hits[0]["_source"]


def get_story(client: Elasticsearch, index: str, story_id: str,
              limits: SearchLimits | None = None) -> dict[str, Any]:
    """Every article of a story, oldest first; SearchNotFound when no article has that story id."""
    _check_id(story_id, "story id")
    body = {"size": STORY_MAX_ARTICLES, "query": {"term": {"story_id": story_id}},
            "sort": [{"published": {"order": "asc", "missing": "_last"}}, {"id": "asc"}],
            "_source": SOURCE_FIELDS, "track_total_hits": True}
    answer = _search(client, index, limits or SearchLimits(), body)
    hits = answer["hits"]["hits"]
    if not hits:
        raise SearchNotFound(f"no story with id {story_id!r}")
    return story_from(story_id, hits, answer["hits"]["total"]["value"])


def is_healthy(client: Elasticsearch, index: str) -> tuple[bool, str]:
    """Whether the cluster answers and the article alias exists (for /healthz)."""
    try:
        health = client.options(request_timeout=3).cluster.health()
        exists = client.options(request_timeout=3).indices.exists_alias(name=index)
    except (ApiError, TransportError) as exc:
        return False, f"Elasticsearch unreachable: {type(exc).__name__}"
    if not exists:
        return False, f"article alias {index!r} missing"
    return health["status"] in ("green", "yellow"), f"cluster {health['status']}"
