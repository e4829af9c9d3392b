"""Reading and writing `sitrep-events`: the neighbourhood a batch relinks, writes, listings.

The linker rebuilds every event near a batch's reports from the reports stored inside them,
so this store only ever needs one kind of lookup per batch: events whose day range meets
some date intervals (one search, whatever the number of articles).
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Iterable, Sequence
from typing import Any

from elasticsearch import ApiError, BadRequestError, Elasticsearch, TransportError, helpers

from schemas import load_json

log = logging.getLogger(__name__)
NEIGHBOURHOOD_LIMIT = 10_000
TERMS_CHUNK = 60_000  # under Elasticsearch's index.max_terms_count (65,536) per terms query
SUMMARY_FIELDS = [
    "id",
    "event_type",
    "sub_event_type",
    "tags",
    "event_date",
    "location",
    "countries",
    "actors",
    "fatalities",
    "fatalities_basis",
    "fatalities_min",
    "fatalities_max",
    "report_count",
    "outlets",
    "languages",
    "first_seen",
    "last_seen",
    "title",
]


class EventStoreError(RuntimeError):
    """Elasticsearch could not answer or refused an events write; the message says which."""


def ensure_events_index(client: Elasticsearch, index: str) -> bool:
    """Create the events index from its schema when absent (True if created).

    The cycle calls this before its first write, so an install upgraded without re-running
    `sitrep init` never gets an index Elasticsearch guessed the mapping of.
    """
    if client.indices.exists(index=index):
        return False
    body = copy.deepcopy(load_json("elasticsearch/events-index.json"))
    body.pop("_meta", None)
    try:
        client.indices.create(index=index, **body)
    except BadRequestError as exc:  # created meanwhile by another writer
        if "resource_already_exists" not in str(exc):
            raise
        return False
    return True


def events_near(
    client: Elasticsearch,
    index: str,
    cells: Sequence[tuple[str, str, Sequence[str] | None]],
    article_ids: Sequence[str] = (),
) -> list[dict[str, Any]]:
    """Stored events whose day range meets a cell's (first, last) ISO days and, when the cell
    names countries, that share one of them or name none; and events holding any of the
    articles (an earlier version of a report may sit elsewhere). One search for the batch."""
    if not cells and not article_ids:
        return []
    should: list[dict[str, Any]] = [{"terms": {"article_ids": list(article_ids)}}] if article_ids else []
    for lo, hi, countries in cells:
        clause: list[dict[str, Any]] = [
            {"range": {"date_range": {"gte": lo, "lte": hi, "relation": "intersects"}}}
        ]
        if countries:
            unplaced = {"bool": {"must_not": [{"exists": {"field": "countries"}}]}}
            clause.append({"bool": {"should": [{"terms": {"countries": list(countries)}}, unplaced]}})
        should.append({"bool": {"filter": clause}})
    try:
        response = client.search(
            index=index,
            size=NEIGHBOURHOOD_LIMIT,
            query={"bool": {"should": should, "minimum_should_match": 1}},
            sort=[{"id": "asc"}],
            track_total_hits=True,
            ignore_unavailable=True,
        )
    except (ApiError, TransportError) as exc:
        raise EventStoreError(f"events lookup in {index} failed: {exc}") from exc
    total = response["hits"]["total"]["value"]
    if total > NEIGHBOURHOOD_LIMIT:
        raise EventStoreError(f"{total} events near one batch in {index}: more than {NEIGHBOURHOOD_LIMIT}")
    return [hit["_source"] for hit in response["hits"]["hits"]]


def write_events(
    client: Elasticsearch, index: str, put: Iterable[dict[str, Any]], delete: Iterable[str]
) -> tuple[int, int]:
    """Index ``put`` (by id), then delete ``delete``, then refresh; returns (written, deleted).

    Writing before deleting means a crash in between leaves a report in two events, never in
    none; the next relink of that neighbourhood removes the stale one.
    """
    actions: list[dict[str, Any]] = [
        {"_op_type": "index", "_index": index, "_id": doc["id"], "_source": doc} for doc in put
    ]
    written = len(actions)
    actions += [{"_op_type": "delete", "_index": index, "_id": event_id} for event_id in delete]
    if not actions:
        return 0, 0
    try:
        _ok, errors = helpers.bulk(client, actions, raise_on_error=False, max_retries=3)
    except (ApiError, TransportError) as exc:
        raise EventStoreError(f"events write to {index} failed: {exc}") from exc
    refused = [e for e in errors if next(iter(e.values())).get("status") != 404]
    if refused:
        raise EventStoreError(f"{len(refused)} event writes refused by {index}: {str(refused[0])[:500]}")
    client.indices.refresh(index=index)
    return written, len(actions) - written


def get_event(client: Elasticsearch, index: str, event_id: str) -> dict[str, Any] | None:
    """One event with its reports, or None."""
    try:
        response = client.options(ignore_status=404).get(index=index, id=event_id)
    except (ApiError, TransportError) as exc:
        raise EventStoreError(f"event lookup in {index} failed: {exc}") from exc
    return response["_source"] if response.get("found") else None


def list_events(
    client: Elasticsearch,
    index: str,
    filters: dict[str, Any],
    limit: int = 100,
    full: bool = False,
) -> tuple[int, list[dict[str, Any]]]:
    """Events matching the filters, latest event day first (then most deaths): (total, events).

    Filters: ``tags``, ``event_types``, ``countries`` (lists, any of), ``since``/``until``
    (event day, inclusive), ``min_fatalities``. ``full`` returns the stored reports too.
    """
    clauses: list[dict[str, Any]] = []
    for name, field in (("tags", "tags"), ("event_types", "event_types"), ("countries", "countries")):
        if filters.get(name):
            clauses.append({"terms": {field: list(filters[name])}})
    day = {k: filters[f] for k, f in (("gte", "since"), ("lte", "until")) if filters.get(f)}
    if day:
        clauses.append({"range": {"event_date": day}})
    if filters.get("min_fatalities") is not None:
        clauses.append({"range": {"fatalities": {"gte": filters["min_fatalities"]}}})
    try:
        response = client.search(
            index=index,
            size=limit,
            query={"bool": {"filter": clauses}},
            sort=[
                {"event_date": "desc"},
                {"fatalities": {"order": "desc", "missing": "_last"}},
                {"id": "asc"},
            ],
            source=True if full else SUMMARY_FIELDS,
            track_total_hits=True,
        )
    except (ApiError, TransportError) as exc:
        raise EventStoreError(f"events listing from {index} failed: {exc}") from exc
    return response["hits"]["total"]["value"], [hit["_source"] for hit in response["hits"]["hits"]]


def events_holding(client: Elasticsearch, index: str, article_ids: Sequence[str]) -> list[dict[str, Any]]:
    """The events that hold any of the articles, with their stored reports: one search.

    Alerting asks this once per cycle with the cycle's article ids, which is how it knows the
    events the cycle touched without a clock field that would break the events' idempotence.
    """
    if not article_ids:
        return []
    ids = sorted(set(article_ids))
    chunks = [ids[i:i + TERMS_CHUNK] for i in range(0, len(ids), TERMS_CHUNK)]
    query = {"bool": {"should": [{"terms": {"article_ids": chunk}} for chunk in chunks],
                      "minimum_should_match": 1}}
    try:
        response = client.search(index=index, size=NEIGHBOURHOOD_LIMIT, query=query, sort=[{"id": "asc"}],
                                 track_total_hits=True, ignore_unavailable=True)
    except (ApiError, TransportError) as exc:
        raise EventStoreError(f"events lookup in {index} failed: {exc}") from exc
    total = response["hits"]["total"]["value"]
    if total > NEIGHBOURHOOD_LIMIT:
        limit = NEIGHBOURHOOD_LIMIT
        raise EventStoreError(f"{total} events hold one cycle's articles in {index}: over {limit}")
    return [hit["_source"] for hit in response["hits"]["hits"]]
