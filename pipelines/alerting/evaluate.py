"""Matching one processed batch against every active rule, then throttling what fired.

The percolator module is absent from the Elasticsearch build sitrep runs on, so the batch is
"percolated in reverse": one msearch holds one search per rule, each the rule's query AND a
filter to this batch (ids, or indexed_at since the cycle started). Rules that count
(frequency, spike, flatline) add a second, size-0 msearch for their windows, only when needed.
Event rules read the events that hold this cycle's articles: one search for the ids, one for the
events, shared by every event rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from elasticsearch import Elasticsearch

from connectors.alerts_store import batch_article_ids, create_alerts, msearch, recent_keys, refresh_articles
from connectors.events_store import events_holding
from connectors.settings import ElasticsearchSettings
from pipelines.alerting.alerts import Alert, ArticleMatch, Candidate, article_match, to_alert
from pipelines.alerting.queries import batch_search, iso, range_search, window_counts, window_search
from pipelines.alerting.rule_types import Counts, rule_type
from pipelines.alerting.rules import Rule

DEFAULT_MAX_MATCHES = 500


def match_batch(
    es: Elasticsearch, settings: ElasticsearchSettings, rules: Sequence[Rule], since: datetime,
    ids: Sequence[str] | None = None, size: int = DEFAULT_MAX_MATCHES,
) -> dict[str, list[ArticleMatch]]:
    """Each batch-matching rule's hits among this cycle's articles, in one msearch."""
    matching = [r for r in rules if rule_type(r).matches_batch]
    bodies = [batch_search(rule, since, size, ids) for rule in matching]
    responses = msearch(es, settings.articles_alias, bodies) if bodies else []
    return {
        rule.name: [article_match(hit, (rule.query_key,) if rule.query_key else ())
                    for hit in response["hits"]["hits"]]
        for rule, response in zip(matching, responses, strict=True)
    }


def count_windows(es: Elasticsearch, settings: ElasticsearchSettings, rules: Sequence[Rule],
                  matches: dict[str, list[ArticleMatch]], now: datetime) -> dict[str, Counts]:
    """Window counts for the rules whose type needs them this cycle, in one msearch."""
    counting = [r for r in rules if rule_type(r).needs_windows(matches.get(r.name, []))]
    bodies = [window_search(rule, now) for rule in counting]
    responses = msearch(es, settings.articles_alias, bodies) if bodies else []
    pairs = zip(counting, responses, strict=True)
    return {rule.name: window_counts(rule, response) for rule, response in pairs}


def candidates_for(rules: Sequence[Rule], matches: dict[str, list[ArticleMatch]],
                   counts: dict[str, Counts]) -> list[Candidate]:
    """What every rule would fire for, before throttling."""
    found: list[Candidate] = []
    for rule in rules:
        found += rule_type(rule).candidates(rule, matches.get(rule.name, []), counts.get(rule.name, {}))
    return found


def touched_events(es: Elasticsearch, settings: ElasticsearchSettings, rules: Sequence[Rule], since: datetime,
                   ids: Sequence[str] | None = None) -> tuple[list[dict[str, Any]], set[str]]:
    """The events holding this cycle's articles, and those article ids; nothing if no rule reads events."""
    if not any(rule_type(rule).reads_events for rule in rules):
        return [], set()
    batch = set(ids) if ids is not None else set(batch_article_ids(es, settings, iso(since)))
    return events_holding(es, settings.events_index, sorted(batch)), batch


def event_candidates_for(rules: Sequence[Rule], events: list[dict[str, Any]],
                         batch_ids: set[str]) -> list[Candidate]:
    """What every event rule would fire for among the touched events, before throttling."""
    return [c for rule in rules for c in rule_type(rule).event_candidates(rule, events, batch_ids)]


def throttle(es: Elasticsearch, settings: ElasticsearchSettings, candidates: Sequence[Candidate],
             now: datetime) -> list[Candidate]:
    """Drop candidates whose (rule, key) already fired within the rule's realert window."""
    windows: dict[str, tuple[str, list[str]]] = {}
    for candidate in candidates:
        _since, keys = windows.setdefault(candidate.rule.name, (iso(now - candidate.rule.realert), []))
        keys.append(candidate.key)
    quiet = recent_keys(es, settings, windows)
    return [c for c in candidates if (c.rule.name, c.key) not in quiet]


def record(es: Elasticsearch, settings: ElasticsearchSettings, candidates: Sequence[Candidate],
           now: datetime) -> list[Alert]:
    """Record the candidates as pending alerts; ids already stored (a re-run) are not returned."""
    alerts = {alert.id: alert for alert in (to_alert(c, now) for c in candidates)}
    created = set(create_alerts(es, settings, {i: a.document() for i, a in alerts.items()}))
    return [alert for alert_id, alert in alerts.items() if alert_id in created]


def evaluate_batch(es: Elasticsearch, settings: ElasticsearchSettings, rules: Sequence[Rule], since: datetime,
                   now: datetime, *, ids: Sequence[str] | None = None,
                   max_matches: int = DEFAULT_MAX_MATCHES) -> list[Alert]:
    """Match the batch (articles indexed since `since`, or `ids`), throttle, record: the new alerts."""
    active = [rule for rule in rules if rule.enabled]
    if not active:
        return []
    refresh_articles(es, settings)
    matches = match_batch(es, settings, active, since, ids, max_matches)
    counts = count_windows(es, settings, active, matches, now)
    found = candidates_for(active, matches, counts)
    found += event_candidates_for(active, *touched_events(es, settings, active, since, ids))
    return record(es, settings, throttle(es, settings, found, now), now)


def dry_run(es: Elasticsearch, settings: ElasticsearchSettings, rule: Rule, since: datetime, now: datetime,
            size: int = DEFAULT_MAX_MATCHES) -> list[Candidate]:
    """What `rule` would fire for over [since, now], ignoring throttling, recording and sending nothing."""
    matches: dict[str, list[ArticleMatch]] = {}
    if rule_type(rule).matches_batch:
        response = msearch(es, settings.articles_alias, [range_search(rule, since, now, size)])[0]
        key_fields = (rule.query_key,) if rule.query_key else ()
        matches[rule.name] = [article_match(hit, key_fields) for hit in response["hits"]["hits"]]
    counts = count_windows(es, settings, [rule], matches, now)
    events = event_candidates_for([rule], *touched_events(es, settings, [rule], since))
    return candidates_for([rule], matches, counts) + events
