"""Deduplication and story grouping.

Exact duplicates (same id, i.e. same canonical URL, read twice) collapse to one article.
Near-duplicates (wire copy republished by many outlets) are found by MinHash LSH: an article
whose signature is close enough to an earlier one gets that one as ``duplicate_of`` and
shares its ``story_id``, so alerts fire once per story. Earlier means: a story head already
in Elasticsearch from a previous cycle first, else the earliest (published, id) in this batch.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

import apache_beam as beam
from apache_beam.metrics import Metrics

from connectors.elasticsearch_client import make_client
from connectors.settings import ElasticsearchSettings
from connectors.story_lookup import StoredHead, find_story_heads
from pipelines.deadletter import PROVENANCE
from pipelines.minhash import Signer, pack, similarity
from pipelines.settings import PipelineSettings

STORED_HEAD = "_stored_head"


class Candidate(NamedTuple):
    """What a band group needs to know of an article to elect heads."""

    id: str
    sort_key: tuple[str, str]
    story_hint: str
    minhash: bytes


def sort_key(article: dict[str, Any]) -> tuple[str, str]:
    """Earliest published (else fetched) first; the id breaks ties so runs agree."""
    return (article.get("published") or article.get("fetched_at") or "", article["id"])


def latest_copy(copies: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Of several reads of one article id, the latest fetch (then highest offset) wins."""
    return max(copies, key=lambda a: (a.get("fetched_at") or "", (a.get(PROVENANCE) or {}).get("offset", -1)))


class SignArticle(beam.DoFn):
    """Add the MinHash signature and LSH band keys to an article."""

    def __init__(self, settings: PipelineSettings) -> None:
        self.settings = settings

    def setup(self) -> None:
        s = self.settings
        self.signer = Signer(s.num_perm, s.lsh_bands, s.shingle_words)

    def process(self, article: dict[str, Any]) -> Iterator[dict[str, Any]]:
        signature = self.signer.minhash(f"{article.get('title', '')}\n{article.get('text', '')}")
        yield {**article, "minhash": list(signature), "lsh_bands": self.signer.band_keys(signature)}


def best_stored_head(
    article: dict[str, Any], heads: Iterable[StoredHead], threshold: float
) -> StoredHead | None:
    """The most similar stored story head above the threshold (never the article itself)."""
    bands = set(article["lsh_bands"])
    scored = [
        (similarity(article["minhash"], head.minhash), head.id, head)
        for head in heads
        if head.id != article["id"] and bands & head.bands
    ]
    scored = [item for item in scored if item[0] >= threshold]
    if not scored:
        return None
    return min(scored, key=lambda item: (-item[0], item[1]))[2]


class LookupStoredHeads(beam.DoFn):
    """For a batch of articles, one Elasticsearch query for story heads sharing band keys."""

    def __init__(self, es: ElasticsearchSettings, settings: PipelineSettings) -> None:
        self.es, self.settings = es, settings

    def setup(self) -> None:
        self.client = make_client(self.es)

    def process(self, batch: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        heads = find_story_heads(
            self.client, self.es.articles_alias, (k for a in batch for k in a["lsh_bands"])
        )
        for article in batch:
            head = best_stored_head(article, heads, self.settings.duplicate_threshold)
            yield {**article, STORED_HEAD: (head.id, head.story_id) if head else None}

    def teardown(self) -> None:
        self.client.close()


def band_entries(article: dict[str, Any]) -> Iterator[tuple[str, Candidate]]:
    """(band key, candidate) for every band of the article."""
    stored = article.get(STORED_HEAD)
    hint = stored[1] if stored else article["id"]
    candidate = Candidate(article["id"], sort_key(article), hint, pack(article["minhash"]))
    for key in article["lsh_bands"]:
        yield key, candidate


def heads_in_band(
    keyed: tuple[str, Iterable[Candidate]], threshold: float
) -> Iterator[tuple[str, Candidate]]:
    """(article id, its earliest similar predecessor) within one band's members."""
    members = sorted(set(keyed[1]), key=lambda c: c.sort_key)
    for i, member in enumerate(members):
        for earlier in members[:i]:
            if earlier.id != member.id and similarity(member.minhash, earlier.minhash) >= threshold:
                yield member.id, earlier
                break


class ResolveStory(beam.DoFn):
    """Per id: keep one copy (counting exact duplicates), then set ``story_id``/``duplicate_of``.

    A stored head from an earlier cycle wins, else the batch's earliest similar article.
    """

    def __init__(self) -> None:
        self.duplicates = Metrics.counter("sitrep", "duplicates")
        self.near = Metrics.counter("sitrep", "near_duplicates")

    def process(self, keyed: tuple[str, dict[str, list[Any]]]) -> Iterator[dict[str, Any]]:
        copies, heads = keyed[1]["article"], keyed[1]["head"]
        if not copies:
            return
        if len(copies) > 1:
            self.duplicates.inc(len(copies) - 1)
        article = dict(latest_copy(copies))
        stored = article.pop(STORED_HEAD, None)
        if stored:
            article["duplicate_of"], article["story_id"] = stored
        elif heads:
            head = min(heads, key=lambda c: c.sort_key)
            article["duplicate_of"], article["story_id"] = head.id, head.story_hint
        else:
            article["duplicate_of"], article["story_id"] = None, article["id"]
        if article["duplicate_of"]:
            self.near.inc()
        yield article


class AssignStories(beam.PTransform):
    """Articles in; one per id out, each with minhash, lsh_bands, story_id and duplicate_of.

    With ``es`` unset the lookup of earlier cycles' stories is skipped (unit tests).
    """

    def __init__(self, settings: PipelineSettings, es: ElasticsearchSettings | None = None) -> None:
        super().__init__()
        self.settings, self.es = settings, es

    def expand(self, articles: beam.PCollection) -> beam.PCollection:
        s = self.settings
        signed = articles | "Sign" >> beam.ParDo(SignArticle(s))
        if self.es is not None:
            signed = (
                signed
                | "LookupBatches" >> beam.BatchElements(min_batch_size=1, max_batch_size=s.lookup_batch)
                | "LookupStored" >> beam.ParDo(LookupStoredHeads(self.es, s))
            )
        heads = (
            signed
            | "BandEntries" >> beam.FlatMap(band_entries)
            | "GroupByBand" >> beam.GroupByKey()
            | "HeadsInBand" >> beam.FlatMap(heads_in_band, s.duplicate_threshold)
        )
        return (
            {"article": signed | "KeyForJoin" >> beam.Map(lambda a: (a["id"], a)), "head": heads}
            | "Join" >> beam.CoGroupByKey()
            | "Resolve" >> beam.ParDo(ResolveStory())
        )
