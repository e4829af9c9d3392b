"""Sending pending alerts: retried with backoff, every attempt recorded, failures kept for later.

An alert stays `pending` until each of its targets took it; the next cycle retries only the
targets that failed. Rules with `aggregate` send one digest per rule and window. Targets and
templates come from the rule as currently stored, so fixing a broken URL fixes the backlog;
an alert whose rule was removed still goes to the targets it was recorded with.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from elasticsearch import Elasticsearch

from connectors.alerts_store import pending_alerts, stored_rules, update_alerts
from connectors.notifiers import Notification, Notifier, NotifierError, notifier_for, target_id
from connectors.settings import AlertSettings, ElasticsearchSettings
from pipelines.alerting.queries import iso
from pipelines.alerting.render import render

log = logging.getLogger(__name__)
# An alert that can never be delivered is retried every cycle; keep its latest attempts only.
MAX_ATTEMPTS_KEPT = 100


@dataclass
class DeliveryReport:
    """What one delivery pass did: notifications sent and failed, alerts still pending."""

    sent: int = 0
    failed: int = 0
    delivered_alerts: list[str] = field(default_factory=list)
    pending_alerts: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def send_with_retries(notifier: Notifier, notification: Notification, settings: AlertSettings,
                      sleep: Callable[[float], None] = time.sleep) -> list[dict[str, Any]]:
    """Try up to `settings.retries` times with doubling backoff; the attempt records, last one decisive."""
    attempts: list[dict[str, Any]] = []
    for number in range(1, max(settings.retries, 1) + 1):
        record = {"at": iso(datetime.now(UTC)), "target": notifier.label,
                  "target_id": target_id(notifier.target), "attempt": number, "ok": True, "error": None}
        try:
            notifier.send(notification)
        except NotifierError as exc:
            record.update(ok=False, error=str(exc))
        attempts.append(record)
        if record["ok"]:
            break
        if number < settings.retries:
            sleep(settings.retry_backoff * 2 ** (number - 1))
    return attempts


def delivery_groups(
    pending: list[dict[str, Any]], rules: dict[str, dict[str, Any]]
) -> list[list[dict[str, Any]]]:
    """One group per notification: a digest per (rule, window) for aggregating rules, else one alert."""
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for alert in pending:
        spec = rules.get(alert["rule"], {}).get("rule", {})
        window = alert["deliver_after"] if "aggregate" in spec else alert["id"]
        groups[(alert["rule"], window)].append(alert)
    return list(groups.values())


def deliver_group(group: list[dict[str, Any]], spec: dict[str, Any] | None, settings: AlertSettings,
                  report: DeliveryReport) -> dict[str, dict[str, Any]]:
    """Send one notification to every target the group's alerts still miss; the alert updates."""
    targets = spec.get("notify", []) if spec else group[0].get("notify", [])
    template = spec.get("template") if spec else group[0].get("template")
    notification = render(group, template)
    attempts: list[dict[str, Any]] = []
    delivered = set.intersection(*(set(a.get("delivered_targets") or []) for a in group))
    for target in targets:
        if target_id(target) in delivered:
            continue
        try:
            notifier = notifier_for(target, settings)
        except NotifierError as exc:
            report.errors.append(str(exc))
            continue
        tries = send_with_retries(notifier, notification, settings)
        attempts += tries
        if tries[-1]["ok"]:
            report.sent += 1
            delivered.add(target_id(target))
        else:
            report.failed += 1
            report.errors.append(str(tries[-1]["error"]))
            log.warning("alert delivery failed", extra={"rule": group[0]["rule"], "target": notifier.label,
                                                         "error": tries[-1]["error"]})
    done = all(target_id(t) in delivered for t in targets)
    return {alert["id"]: _alert_update(alert, attempts, delivered, done) for alert in group}


def _alert_update(alert: dict[str, Any], attempts: list[dict[str, Any]], delivered: set[str],
                  done: bool) -> dict[str, Any]:
    kept = [*(alert.get("attempts") or []), *attempts][-MAX_ATTEMPTS_KEPT:]
    update: dict[str, Any] = {"attempts": kept,
                              "delivered_targets": sorted(delivered)}
    if done:
        update.update(status="delivered", delivered_at=iso(datetime.now(UTC)))
    return update


def deliver_pending(es: Elasticsearch, settings: ElasticsearchSettings, alert_settings: AlertSettings,
                    now: datetime) -> DeliveryReport:
    """Send every pending alert due by `now`; record attempts; leave failures pending for next cycle."""
    report = DeliveryReport()
    pending = pending_alerts(es, settings, iso(now), alert_settings.max_pending)
    if not pending:
        return report
    rules = stored_rules(es, settings)
    changes: dict[str, dict[str, Any]] = {}
    for group in delivery_groups(pending, rules):
        spec = rules.get(group[0]["rule"], {}).get("rule")
        changes.update(deliver_group(group, spec, alert_settings, report))
    update_alerts(es, settings, changes)
    for alert_id, change in changes.items():
        done = change.get("status") == "delivered"
        (report.delivered_alerts if done else report.pending_alerts).append(alert_id)
    return report
