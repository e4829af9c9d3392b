"""The alerting step of a processing cycle, for the cycle runner: load, sync, evaluate, deliver.

Call `run_alerts` after the cycle's articles are written and before Kafka offsets are
committed. Every step is idempotent (rules by digest, alerts by deterministic id, delivery by
status), so a cycle re-run after a crash neither loses nor repeats a notification.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from elasticsearch import Elasticsearch

from connectors.settings import AlertSettings, ElasticsearchSettings
from pipelines.alerting.alerts import Alert
from pipelines.alerting.delivery import DeliveryReport, deliver_pending
from pipelines.alerting.evaluate import evaluate_batch
from pipelines.alerting.rules import Rule, RuleError, load_rules
from pipelines.alerting.sync import SyncReport, sync_rules

__all__ = [
    "Alert",
    "AlertReport",
    "DeliveryReport",
    "Rule",
    "RuleError",
    "SyncReport",
    "deliver_pending",
    "evaluate_batch",
    "load_rules",
    "run_alerts",
    "sync_rules",
]


@dataclass
class AlertReport:
    """What the alerting step of one cycle did, for the cycle's run report."""

    rules: int
    sync: SyncReport
    alerts: list[Alert] = field(default_factory=list)
    delivery: DeliveryReport = field(default_factory=DeliveryReport)

    def summary(self) -> dict[str, object]:
        """Plain data for logs and the --json run report."""
        return {
            "rules": self.rules,
            "rules_added": self.sync.added, "rules_changed": self.sync.changed,
            "rules_removed": self.sync.removed,
            "fired": [{"id": a.id, "rule": a.rule, "key": a.key} for a in self.alerts],
            "sent": self.delivery.sent, "failed": self.delivery.failed,
            "pending": len(self.delivery.pending_alerts),
        }


def run_alerts(es: Elasticsearch, es_settings: ElasticsearchSettings, alert_settings: AlertSettings,
               rules_dir: str | Path, since: datetime, now: datetime) -> AlertReport:
    """Load and sync the rules, match the batch indexed since `since`, record and deliver alerts."""
    rules = load_rules(rules_dir)
    sync = sync_rules(es, es_settings, rules, now)
    limit = alert_settings.max_matches_per_rule
    alerts = evaluate_batch(es, es_settings, rules, since, now, max_matches=limit)
    delivery = deliver_pending(es, es_settings, alert_settings, now)
    return AlertReport(rules=len(rules), sync=sync, alerts=alerts, delivery=delivery)
