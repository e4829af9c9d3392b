"""Keeping the rules index in step with the rule files, and proving each query runs.

Each rule is stored as its Elasticsearch query (plus the rule as written) under its name;
a digest of the rule tells a changed rule from an unchanged one, so a sync with nothing
new writes nothing. Elasticsearch itself validates every added or changed query, so a
broken `query.text` is refused with the parser's own explanation and the rule's file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from elasticsearch import Elasticsearch

from connectors.alerts_store import query_problem, stored_rules, upgrade_mappings, write_rules
from connectors.settings import ElasticsearchSettings
from pipelines.alerting.queries import iso, rule_query
from pipelines.alerting.rules import Rule, RuleError


@dataclass
class SyncReport:
    """Which rules the sync added, changed and removed in the rules index."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0

    @property
    def touched(self) -> bool:
        """True when the rules index was written."""
        return bool(self.added or self.changed or self.removed)


def query_errors(
    es: Elasticsearch, settings: ElasticsearchSettings, rules: Sequence[Rule]
) -> list[RuleError]:
    """Rules whose query Elasticsearch refuses, each as a RuleError naming file, rule and field."""
    errors = []
    for rule in rules:
        problem = query_problem(es, settings.articles_alias, rule_query(rule))
        if problem:
            field_path = "query.text" if rule.spec.get("query", {}).get("text") else "query"
            reason = f"Elasticsearch refuses the query: {problem}"
            errors.append(RuleError(rule.file, rule.name, field_path, reason))
    return errors


def sync_rules(es: Elasticsearch, settings: ElasticsearchSettings, rules: Sequence[Rule],
               now: datetime | None = None) -> SyncReport:
    """Add, change and remove stored rules to match `rules`; raise RuleError on a broken query."""
    upgrade_mappings(es, settings)
    stored = stored_rules(es, settings)
    wanted = {rule.name: rule for rule in rules if rule.enabled}
    report = SyncReport(removed=sorted(set(stored) - set(wanted)))
    fresh = [r for name, r in wanted.items() if stored.get(name, {}).get("digest") != r.digest]
    errors = query_errors(es, settings, fresh)
    if errors:
        raise errors[0]
    stamp = iso(now or datetime.now(UTC))
    put = {}
    for rule in fresh:
        (report.changed if rule.name in stored else report.added).append(rule.name)
        put[rule.name] = {"name": rule.name, "file": rule.file, "type": rule.type, "digest": rule.digest,
                          "query": rule_query(rule), "rule": rule.spec, "updated_at": stamp}
    report.unchanged = len(wanted) - len(fresh)
    write_rules(es, settings, put, report.removed)
    report.added.sort()
    report.changed.sort()
    return report
