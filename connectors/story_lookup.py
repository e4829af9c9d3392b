"""Finding stored story heads that share LSH band keys with new articles, across cycles."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from elasticsearch import Elasticsearch


@dataclass(frozen=True)
class StoredHead:
    """An indexed article that leads its story: the candidate a new near-duplicate joins."""

    id: str
    story_id: str
    minhash: tuple[int, ...]
    bands: frozenset[str]


def find_story_heads(
    client: Elasticsearch, index: str, band_keys: Iterable[str], limit: int = 1000
) -> list[StoredHead]:
    """Indexed story heads (``duplicate_of`` unset) that share at least one band key.

    Only heads are returned so that re-running a cycle never makes an article a duplicate of
    a copy of itself written by the failed run.
    """
    keys = sorted(set(band_keys))
    if not keys:
        return []
    response = client.search(
        index=index,
        size=limit,
        query={
            "bool": {
                "filter": [{"terms": {"lsh_bands": keys}}],
                "must_not": [{"exists": {"field": "duplicate_of"}}],
            }
        },
        source=["id", "story_id", "minhash", "lsh_bands"],
        ignore_unavailable=True,
    )
    heads = []
    for hit in response["hits"]["hits"]:
        src = hit["_source"]
        if not src.get("minhash"):
            continue
        heads.append(
            StoredHead(
                id=src["id"],
                story_id=src.get("story_id") or src["id"],
                minhash=tuple(src["minhash"]),
                bands=frozenset(src.get("lsh_bands") or ()),
            )
        )
    return heads
