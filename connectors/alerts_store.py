"""Elasticsearch IO for alerting: the rules index, the batch msearch, and the alerts index.

The alerts index is the throttling state and the delivery queue, so restarts lose nothing:
an alert is created once (deterministic id, `op_type=create`), stays `pending` until every
target took it, and keeps each delivery attempt. Everything here takes and returns plain data;
the meaning of rules lives in `pipelines/alerting`.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from typing import Any

from elasticsearch import ApiError, Elasticsearch, helpers

from connectors.settings import ElasticsearchSettings
from schemas import load_json

MAX_RULES = 10_000
MSEARCH_CHUNK = 200


class AlertStoreError(RuntimeError):
    """Elasticsearch refused an alerting request; the message says which and why."""


def upgrade_mappings(es: Elasticsearch, settings: ElasticsearchSettings) -> list[str]:
    """Add new fields to rules and alerts indices created by an older schema (additive only)."""
    upgraded = []
    for index, name in ((settings.rules_index, "elasticsearch/rules-index.json"),
                        (settings.alerts_index, "elasticsearch/alerts-index.json")):
        wanted = load_json(name)
        current = es.indices.get_mapping(index=index)
        meta = next(iter(current.body.values()))["mappings"].get("_meta", {})
        if meta.get("schema_version", 1) < wanted["_meta"]["schema_version"]:
            es.indices.put_mapping(index=index, properties=copy.deepcopy(wanted["mappings"]["properties"]),
                                   meta=wanted["_meta"])
            upgraded.append(index)
    return upgraded


def stored_rules(es: Elasticsearch, settings: ElasticsearchSettings) -> dict[str, dict[str, Any]]:
    """The rules index as {name: document}."""
    response = es.search(index=settings.rules_index, size=MAX_RULES, query={"match_all": {}})
    return {hit["_id"]: hit["_source"] for hit in response["hits"]["hits"]}


def write_rules(es: Elasticsearch, settings: ElasticsearchSettings, put: dict[str, dict[str, Any]],
                delete: Iterable[str]) -> None:
    """Index the added/changed rule documents and delete the removed ones, visible at once."""
    actions: list[dict[str, Any]] = [
        {"_op_type": "index", "_index": settings.rules_index, "_id": name, "_source": doc}
        for name, doc in put.items()
    ]
    actions += [{"_op_type": "delete", "_index": settings.rules_index, "_id": name} for name in delete]
    if actions:
        helpers.bulk(es, actions, refresh="wait_for")


def query_problem(es: Elasticsearch, index: str, query: dict[str, Any]) -> str | None:
    """Elasticsearch's own reason a query cannot run against `index`, or None when it is valid."""
    response = es.indices.validate_query(index=index, query=query, explain=True)
    if response.get("valid"):
        return None
    explanations = response.get("explanations") or [{}]
    return str(explanations[0].get("error") or response.get("error") or "invalid query")


def msearch(es: Elasticsearch, index: str, bodies: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Run many searches in one request per chunk; a failed search raises with its position."""
    responses: list[dict[str, Any]] = []
    for start in range(0, len(bodies), MSEARCH_CHUNK):
        lines: list[dict[str, Any]] = []
        for body in bodies[start:start + MSEARCH_CHUNK]:
            lines += [{"index": index}, body]
        responses += es.msearch(searches=lines)["responses"]
    for position, response in enumerate(responses):
        if "error" in response:
            raise AlertStoreError(f"search {position} failed: {response['error']}")
    return responses


def refresh_articles(es: Elasticsearch, settings: ElasticsearchSettings) -> None:
    """Make the cycle's writes searchable before matching them."""
    es.indices.refresh(index=settings.articles_alias)


def batch_article_ids(es: Elasticsearch, settings: ElasticsearchSettings, since: str) -> list[str]:
    """Ids of the articles with a conflict event type indexed since `since`: the ones linked into
    events this cycle (ids only, scrolled, so a large cycle costs a few small pages)."""
    query = {"bool": {"filter": [{"range": {"indexed_at": {"gte": since}}},
                                 {"exists": {"field": "event_types"}}]}}
    return [hit["_id"] for hit in helpers.scan(es, index=settings.articles_alias, query={"query": query},
                                               _source=False, size=5000)]


def recent_keys(es: Elasticsearch, settings: ElasticsearchSettings,
                windows: dict[str, tuple[str, list[str]]]) -> set[tuple[str, str]]:
    """(rule, key) pairs already alerted within each rule's realert window: {rule: (since, keys)}."""
    if not windows:
        return set()
    should = [
        {"bool": {"filter": [{"term": {"rule": rule}}, {"terms": {"key": keys}},
                             {"range": {"fired_at": {"gte": since}}}]}}
        for rule, (since, keys) in windows.items()
    ]
    found: set[tuple[str, str]] = set()
    query = {"bool": {"should": should, "minimum_should_match": 1}}
    for hit in helpers.scan(es, index=settings.alerts_index, query={"query": query},
                            _source=["rule", "key"]):
        found.add((hit["_source"]["rule"], hit["_source"]["key"]))
    return found


def create_alerts(es: Elasticsearch, settings: ElasticsearchSettings,
                  docs: dict[str, dict[str, Any]]) -> list[str]:
    """Create alert documents; ids already present are skipped. Returns the ids created."""
    if not docs:
        return []
    actions = [{"_op_type": "create", "_index": settings.alerts_index, "_id": alert_id, "_source": doc}
               for alert_id, doc in docs.items()]
    created = []
    for ok, item in helpers.streaming_bulk(es, actions, raise_on_error=False, chunk_size=2000):
        result = item["create"]
        if ok:
            created.append(result["_id"])
        elif result.get("status") != 409:
            raise AlertStoreError(f"alert {result['_id']} not recorded: {result.get('error')}")
    es.indices.refresh(index=settings.alerts_index)
    return created


def pending_alerts(es: Elasticsearch, settings: ElasticsearchSettings, now: str,
                   limit: int) -> list[dict[str, Any]]:
    """Pending alerts due by `now`, oldest first, each with its `_id` under `id`."""
    response = es.search(
        index=settings.alerts_index, size=limit, sort=[{"fired_at": "asc"}],
        query={"bool": {"filter": [{"term": {"status": "pending"}},
                                   {"range": {"deliver_after": {"lte": now}}}]}},
    )
    return [{"id": hit["_id"], **hit["_source"]} for hit in response["hits"]["hits"]]


def update_alerts(es: Elasticsearch, settings: ElasticsearchSettings,
                  changes: dict[str, dict[str, Any]]) -> None:
    """Partial updates (attempts, status, delivered targets), visible before the call returns."""
    actions = [{"_op_type": "update", "_index": settings.alerts_index, "_id": alert_id, "doc": doc}
               for alert_id, doc in changes.items()]
    if actions:
        helpers.bulk(es, actions, refresh="wait_for")


def list_alerts(
    es: Elasticsearch, settings: ElasticsearchSettings, *, rule: str | None = None,
    since: str | None = None, status: str | None = None, limit: int = 100,
) -> list[dict[str, Any]]:
    """Alert history, newest first: what `sitrep alerts list` and `GET /alerts` show."""
    filters: list[dict[str, Any]] = []
    if rule:
        filters.append({"term": {"rule": rule}})
    if since:
        filters.append({"range": {"fired_at": {"gte": since}}})
    if status:
        filters.append({"term": {"status": status}})
    try:
        response = es.search(index=settings.alerts_index, size=limit, sort=[{"fired_at": "desc"}],
                             query={"bool": {"filter": filters}})
    except ApiError as exc:
        raise AlertStoreError(f"cannot read alerts from {settings.alerts_index}: {exc}") from exc
    return [{"id": hit["_id"], **hit["_source"]} for hit in response["hits"]["hits"]]
