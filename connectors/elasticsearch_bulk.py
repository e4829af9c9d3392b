"""Bulk indexing with retries: whole requests on 429 / 5xx / connection loss, items on 429.

Returns the items Elasticsearch rejected for good (mapping errors and the like) so the caller
can dead-letter them; raises once retries are exhausted so a cycle never commits offsets for
documents that were not written.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from elasticsearch import ApiError, Elasticsearch
from elasticsearch import ConnectionError as EsConnectionError
from elasticsearch import ConnectionTimeout as EsConnectionTimeout
from tenacity import Retrying, retry_if_exception, stop_after_attempt, wait_exponential_jitter

RETRYABLE_STATUS = {429, 500, 502, 503, 504}


@dataclass(frozen=True)
class ItemFailure:
    """One document Elasticsearch refused, with its status and reason."""

    doc_id: str
    status: int
    reason: str


class RetryableBulkError(RuntimeError):
    """Some items were refused with a status worth retrying (429 / 5xx)."""


@dataclass(frozen=True)
class BulkPolicy:
    """How hard to try: attempts per request and the first backoff in seconds (doubles)."""

    attempts: int = 6
    backoff: float = 0.5
    max_backoff: float = 30.0


def _retryable(exc: BaseException) -> bool:
    if isinstance(exc, (EsConnectionError, EsConnectionTimeout, RetryableBulkError)):
        return True
    return isinstance(exc, ApiError) and exc.meta.status in RETRYABLE_STATUS


def bulk_index(
    client: Elasticsearch, index: str, docs: Sequence[dict[str, Any]], policy: BulkPolicy = BulkPolicy()
) -> list[ItemFailure]:
    """Index ``docs`` (``_id`` = ``doc["id"]``) through ``index``; return the permanent failures."""
    remaining = {doc["id"]: doc for doc in docs}
    failures: list[ItemFailure] = []
    retrying = Retrying(
        stop=stop_after_attempt(policy.attempts),
        wait=wait_exponential_jitter(initial=policy.backoff, max=policy.max_backoff),
        retry=retry_if_exception(_retryable),
        reraise=True,
    )
    for attempt in retrying:
        with attempt:
            _send(client, index, remaining, failures)
    return failures


def _send(
    client: Elasticsearch, index: str, remaining: dict[str, dict[str, Any]], failures: list[ItemFailure]
) -> None:
    """One bulk request; drops written ids from ``remaining``, moves refused ones to ``failures``."""
    if not remaining:
        return
    operations: list[dict[str, Any]] = []
    for doc_id, doc in remaining.items():
        operations.append({"index": {"_index": index, "_id": doc_id}})
        operations.append(doc)
    response = client.bulk(operations=operations, require_alias=True)
    retry_later = False
    for item in response["items"]:
        result = item["index"]
        doc_id, status = result["_id"], result["status"]
        if status < 300:
            remaining.pop(doc_id, None)
        elif status in RETRYABLE_STATUS:
            retry_later = True
        else:
            failures.append(ItemFailure(doc_id, status, json.dumps(result.get("error"))[:2000]))
            remaining.pop(doc_id, None)
    if retry_later:
        raise RetryableBulkError(f"{len(remaining)} items refused with 429/5xx")


def refresh(client: Elasticsearch, index: str) -> None:
    """Make what a cycle wrote visible to the next cycle's story lookup and to searches."""
    client.indices.refresh(index=index)
