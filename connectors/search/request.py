"""One analyst search as a typed request, checked and turned into an Elasticsearch body.

Everything user-supplied is validated here (query, dates, paging, sizes) so that bad input
becomes a :class:`QueryError` with a clear message before Elasticsearch is asked anything.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from connectors.language_analysis import language_field, languages
from connectors.search.dsl import (
    INFLECTED_IN_NEUTRAL,
    field_query,
    normalise_keyword,
    relevance_query,
    to_dsl,
)
from connectors.search.errors import QueryError
from connectors.search.query import Node, parse_query

SORTS = ("relevance", "newest")
SOURCE_FIELDS = ["id", "url", "source", "title", "lead", "published", "language", "tags",
                 "event_types", "countries", "locations", "story_id", "fatalities", "actors"]
HIGHLIGHT_TAGS = ("<mark>", "</mark>")
_RELATIVE = re.compile(r"^(\d{1,5})([hdw])$")
_UNITS = {"h": "hours", "d": "days", "w": "weeks"}


@dataclass(frozen=True)
class SearchLimits:
    """Bounds that keep one search cheap: query size, page size, paging depth and time."""

    max_query_chars: int = 1000
    max_clauses: int = 64
    max_limit: int = 100
    max_window: int = 10_000
    timeout_seconds: float = 10.0


@dataclass(frozen=True)
class SearchRequest:
    """What an analyst asked for; tuples hold repeated filters (OR within one, AND across)."""

    query: str = ""
    tags: tuple[str, ...] = ()
    event_types: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None
    sort: str = "relevance"
    limit: int = 20
    page: int = 1
    cursor: str | None = None
    group: bool = True
    recency: str | None = None
    exact: bool = False
    now: datetime = field(default_factory=lambda: datetime.now(UTC))


def parse_when(text: str, param: str, now: datetime, end_of_day: bool = False) -> datetime:
    """A date bound from ``7d``/``24h``/``2w`` ago, ``YYYY-MM-DD`` or an ISO 8601 timestamp."""
    text = text.strip()
    if match := _RELATIVE.match(text):
        amount, unit = int(match.group(1)), _UNITS[match.group(2)]
        try:
            return now - timedelta(**{unit: amount})
        except OverflowError as exc:
            raise QueryError(f"{param}: {text} reaches too far back", param) from exc
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            moment = datetime(day.year, day.month, day.day, tzinfo=UTC)
            return moment + timedelta(days=1) if end_of_day else moment
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise QueryError(
            f"{param}: {text!r} is not a valid date; use YYYY-MM-DD, an ISO 8601 timestamp "
            "or an age such as 24h, 7d, 2w", param) from exc
    if not 1900 <= moment.year <= 2200:
        raise QueryError(f"{param}: year {moment.year} is out of range (1900-2200)", param)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def date_filter(request: SearchRequest) -> list[dict[str, Any]]:
    """The ``published`` range for since/until, checked for order."""
    bounds: dict[str, str] = {}
    since = until = None
    if request.since:
        since = parse_when(request.since, "since", request.now)
        bounds["gte"] = since.isoformat()
    if request.until:
        until = parse_when(request.until, "until", request.now, end_of_day=True)
        bounds["lt"] = until.isoformat()
    if since and until and since >= until:
        raise QueryError("since must be earlier than until", "until")
    return [{"range": {"published": bounds}}] if bounds else []


def filters(request: SearchRequest) -> list[dict[str, Any]]:
    """Keyword filters (tag, event type, country, source, language) plus the date range."""
    wanted = (("tags", "tag", request.tags), ("event_types", "event", request.event_types),
              ("countries", "country", request.countries), ("source", "source", request.sources),
              ("language", "lang", request.languages))
    clauses = [
        {"terms": {index_field: sorted({normalise_keyword(kind, v) for v in values if v.strip()})}}
        for index_field, kind, values in wanted if any(v.strip() for v in values)
    ]
    return clauses + date_filter(request)


def encode_cursor(state: dict[str, Any]) -> str:
    """An opaque token for the next page (search_after values, or an offset when grouping)."""
    raw = json.dumps(state, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(token: str) -> dict[str, Any]:
    """The paging state in a cursor; anything we did not make is a clear error."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        state = json.loads(raw)
    except (binascii.Error, ValueError) as exc:
        raise QueryError("cursor is not one this server issued; start again without it", "cursor") from exc
    valid_after = isinstance(state, dict) and isinstance(state.get("after"), list)
    valid_offset = isinstance(state, dict) and isinstance(state.get("offset"), int)
    if not (valid_after or valid_offset):
        raise QueryError("cursor is not one this server issued; start again without it", "cursor")
    return state


def check_paging(request: SearchRequest, limits: SearchLimits) -> dict[str, Any]:
    """``from``/``search_after`` for the requested page, within the window Elasticsearch allows."""
    if not 1 <= request.limit <= limits.max_limit:
        raise QueryError(f"limit must be between 1 and {limits.max_limit}", "limit")
    if request.page < 1:
        raise QueryError("page must be 1 or more", "page")
    if request.sort not in SORTS:
        raise QueryError(f"sort must be one of {', '.join(SORTS)}", "sort")
    if request.cursor:
        state = decode_cursor(request.cursor)
        if "after" in state:
            if request.group:
                raise QueryError("this cursor is for ungrouped results; add group=false", "cursor")
            return {"search_after": state["after"]}
        offset = state["offset"]
    else:
        offset = (request.page - 1) * request.limit
    if offset < 0 or offset + request.limit > limits.max_window:
        how = "follow the cursor of the previous page with group=false (--no-group)"
        raise QueryError(
            f"page {request.page} of {request.limit} goes past the first {limits.max_window} results; "
            f"narrow the query or {how}", "page")
    return {"from": offset} if offset else {}


def sort_clause(request: SearchRequest) -> list[Any]:
    """Sort order with a unique tie-breaker, as search_after needs."""
    newest = {"published": {"order": "desc", "missing": "_last"}}
    if request.sort == "newest":
        return [newest, {"id": "asc"}]
    return [{"_score": "desc"}, newest, {"id": "asc"}]


def highlight_fields(exact: bool) -> list[str]:
    """The fields whose matches are marked: the ones searched, but for the own fields of the
    languages whose inflections the neutral clauses carry (English, `inflect`): marking them again
    in ``text_en`` cost every English hit a second highlight (issue 17)."""
    own = [language for language in languages() if language not in INFLECTED_IN_NEUTRAL]
    return [name for field in ("title", "text")
            for name in ([f"{field}.exact"] if exact else
                         [field, *(language_field(field, language) for language in own)])]


def highlight_clause(node: Node | None, exact: bool = False) -> dict[str, Any]:
    """Snippets of the matched words, HTML-escaped, marked with <mark>, from each field searched,
    each with only its own clauses (a language's own field marks the inflected forms its analyzer
    matched); nothing to mark for an empty query."""
    query = to_dsl(node, exact) if node is not None else None
    fields: dict[str, Any] = {}
    for name in highlight_fields(exact):
        if query is None or (own := field_query(query, name)) is None:
            continue
        whole_title = name.startswith("title")
        size = {"number_of_fragments": 0} if whole_title else {"fragment_size": 180, "number_of_fragments": 2}
        fields[name] = {**size, "highlight_query": own}
    return {"pre_tags": [HIGHLIGHT_TAGS[0]], "post_tags": [HIGHLIGHT_TAGS[1]], "encoder": "html",
            "fields": fields}


def search_body(request: SearchRequest, limits: SearchLimits) -> dict[str, Any]:
    """The complete Elasticsearch search body for one page of results."""
    node = parse_query(request.query, limits.max_query_chars, limits.max_clauses)
    body: dict[str, Any] = {
        "query": relevance_query(node, filters(request), request.exact, validate_recency(request.recency)),
        "size": request.limit,
        "sort": sort_clause(request),
        "track_total_hits": True,
        "timeout": f"{int(limits.timeout_seconds * 1000)}ms",
        "_source": SOURCE_FIELDS,
        "highlight": highlight_clause(node, request.exact),
        "aggs": {"stories": {"cardinality": {"field": "story_id"}}},
    }
    body.update(check_paging(request, limits))
    if request.group:
        body["collapse"] = {"field": "story_id"}
    return body


def validate_recency(value: str | None) -> str | None:
    """A decay scale such as ``7d`` (half the score at that age), or None for no decay."""
    if value in (None, "", "off"):
        return None
    if not re.match(r"^\d{1,4}[hd]$", value):
        raise QueryError("recency must be an age such as 12h or 7d (or off)", "recency")
    return value
