"""Rules as Elasticsearch queries: the stored query, the per-batch match and the window counts.

Pure functions from a `Rule` to request bodies, so what a rule means can be unit-tested and
printed (`sitrep rules test`) without a server. Windows count by `indexed_at` (when sitrep
learned of the article), which is what "arrived within the last hour" means for alerting.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from connectors.language_analysis import TEXT_FIELDS, language_field
from pipelines.alerting.rules import Rule

TIME_FIELD = "indexed_at"
DEFAULT_FIELDS = ("title", "text")
HIT_SOURCE = ["id", "url", "title", "source", "published", "indexed_at", "tags", "fatalities",
              "story_id", "countries", "feed_url", "language", "event_types", "actors"]
HIGHLIGHT_PRE, HIGHLIGHT_POST = "<mark>", "</mark>"
MAX_KEYS = 1000
FILTER_FIELDS = {"tags": "tags", "event_types": "event_types", "countries": "countries",
                 "sources": "source", "feeds": "feed_url", "languages": "language"}


def iso(moment: datetime) -> str:
    """ISO 8601 UTC with a Z, as every sitrep timestamp is written."""
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")


def rule_query(rule: Rule) -> dict[str, Any]:
    """The rule's query AND its filters: what is stored in the rules index, and what matches."""
    spec = rule.spec.get("query", {})
    fields = list(spec.get("fields", DEFAULT_FIELDS))
    should = phrase_clauses(spec.get("phrases", []), fields)
    if spec.get("tags"):
        should.append({"terms": {"tags": spec["tags"]}})
    if spec.get("event_types"):
        should.append({"terms": {"event_types": spec["event_types"]}})
    if spec.get("text"):
        should.append({"query_string": {"query": spec["text"], "fields": fields,
                                        "default_operator": "AND"}})
    query: dict[str, Any] = {"filter": rule_filters(rule)}
    if should:
        query.update(should=should, minimum_should_match=1)
    return {"bool": query}


def phrase_clauses(phrases: list[str] | dict[str, list[str]], fields: list[str]) -> list[dict[str, Any]]:
    """Phrase matches: a list in any language as written; a mapping, each language in its own.

    A language's phrases match only articles detected in that language, on the fields as
    written and on their analysed `<field>_<lang>` counterparts, so "trêve rompue" also finds
    "trêves rompues" where the index stems French.
    """
    if isinstance(phrases, list):
        return [{"multi_match": {"query": phrase, "type": "phrase", "fields": fields}} for phrase in phrases]
    return [
        {"bool": {"filter": [{"term": {"language": code}}],
                  "must": [{"multi_match": {"query": phrase, "type": "phrase",
                                            "fields": language_fields(fields, code)}}]}}
        for code, listed in phrases.items() for phrase in listed
    ]


def language_fields(fields: Sequence[str], code: str) -> list[str]:
    """The fields as written and their counterparts analysed for one language (title, text)."""
    return [*fields, *(language_field(name, code) for name in fields if name in TEXT_FIELDS)]


def rule_filters(rule: Rule) -> list[dict[str, Any]]:
    """The rule's filters as Elasticsearch filter clauses: all must hold."""
    filters = rule.spec.get("filters", {})
    clauses = [{"terms": {field: filters[name]}} for name, field in FILTER_FIELDS.items() if name in filters]
    if "min_fatalities" in filters:
        clauses.append({"range": {"fatalities": {"gte": filters["min_fatalities"]}}})
    return clauses


def highlight(rule: Rule) -> dict[str, Any]:
    """Highlight settings that capture the matched phrase with <mark> around it, HTML-escaped."""
    spec = rule.spec.get("query", {})
    fields = list(spec.get("fields", DEFAULT_FIELDS))
    phrases = spec.get("phrases")
    if isinstance(phrases, dict):
        fields = sorted({name for code in phrases for name in language_fields(fields, code)}, key=len)
    return {
        "pre_tags": [HIGHLIGHT_PRE], "post_tags": [HIGHLIGHT_POST], "encoder": "html",
        "require_field_match": True,
        "fields": {name: {"number_of_fragments": 1, "fragment_size": 180} for name in fields},
    }


def batch_search(rule: Rule, since: datetime, size: int, ids: Sequence[str] | None = None) -> dict[str, Any]:
    """One msearch body: the rule's query restricted to this cycle's articles, never the whole index."""
    restrict: dict[str, Any] = {"ids": {"values": list(ids)}} if ids is not None else {
        "range": {TIME_FIELD: {"gte": iso(since)}}}
    return {
        "query": {"bool": {"must": [rule_query(rule)], "filter": [restrict]}},
        "size": size, "_source": HIT_SOURCE, "highlight": highlight(rule),
        "sort": [{TIME_FIELD: "asc"}, {"id": "asc"}], "track_total_hits": True,
    }


def range_search(rule: Rule, start: datetime, end: datetime, size: int) -> dict[str, Any]:
    """The rule's matches over an arbitrary period: the dry run of `sitrep rules test`."""
    body = batch_search(rule, start, size)
    body["query"]["bool"]["filter"] = [{"range": {TIME_FIELD: {"gte": iso(start), "lte": iso(end)}}}]
    return body


def window_search(rule: Rule, now: datetime) -> dict[str, Any]:
    """Counts for frequency, spike and flatline rules: per window, split by `query_key`."""
    timeframe = rule.timeframe or timedelta(hours=1)
    windows = 1 if rule.type == "frequency" else 1 + int(rule.spec.get("history_windows", 6))
    ranges = [
        {"key": str(i), "from": iso(now - timeframe * (i + 1)), "to": iso(now - timeframe * i)}
        for i in range(windows)
    ]
    ranges[0]["to"] = iso(now + timedelta(seconds=1))
    windowed = {"windows": {"date_range": {"field": TIME_FIELD, "ranges": ranges, "keyed": True}}}
    aggs: dict[str, Any] = windowed
    if rule.query_key:
        aggs = {"keys": {"terms": {"field": rule.query_key, "size": MAX_KEYS}, "aggs": windowed}}
    query = rule_query(rule) if rule.spec.get("query") else {"bool": {"filter": rule_filters(rule)}}
    period = {"range": {TIME_FIELD: {"gte": ranges[-1]["from"], "lt": ranges[0]["to"]}}}
    return {"query": {"bool": {"must": [query], "filter": [period]}}, "size": 0, "aggs": aggs,
            "track_total_hits": False}


def window_counts(rule: Rule, response: dict[str, Any]) -> dict[str | None, list[int]]:
    """From a window_search response: per key (None when unsplit), counts newest window first."""
    def counts(aggs: dict[str, Any]) -> list[int]:
        buckets = aggs["windows"]["buckets"]
        return [int(buckets[str(i)]["doc_count"]) for i in range(len(buckets))]

    aggs = response.get("aggregations", {})
    if not rule.query_key:
        return {None: counts(aggs)}
    return {str(bucket["key"]): counts(bucket) for bucket in aggs["keys"]["buckets"]}
