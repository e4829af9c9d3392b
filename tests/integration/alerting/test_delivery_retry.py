"""A notifier that is down: the alert stays pending, attempts are recorded, the next cycle delivers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from alert_fixtures import FIXTURES, SEED_RULES, WebhookReceiver, fixture_article, free_port

from connectors.alerts_store import list_alerts
from pipelines.alerting.cycle import run_alerts

pytestmark = pytest.mark.integration


@pytest.fixture
def down_webhook(monkeypatch: pytest.MonkeyPatch) -> WebhookReceiver:
    """A webhook receiver whose port nobody listens on yet."""
    receiver = WebhookReceiver(port=free_port())
    monkeypatch.setenv("SITREP_ALERT_WEBHOOK_URL", receiver.url)
    yield receiver
    receiver.stop()


@pytest.fixture
def failed_cycle(es_client, alert_es, alert_settings, down_webhook, index_articles):
    """One cycle over the seed article while the webhook is down (SMTP is up)."""
    start = datetime.now(UTC) - timedelta(seconds=1)
    index_articles([fixture_article("seed-article.json")])
    return run_alerts(es_client, alert_es, alert_settings, SEED_RULES, start, datetime.now(UTC))


def test_down_notifier_leaves_alerts_pending(failed_cycle, es_client, alert_es):
    assert {a["status"] for a in list_alerts(es_client, alert_es)} == {"pending"}


def test_down_notifier_attempts_are_recorded_with_the_reason(failed_cycle, es_client, alert_es,
                                                              alert_settings):
    alert = list_alerts(es_client, alert_es)[0]
    failures = [a for a in alert["attempts"] if not a["ok"]]
    assert len(failures) == alert_settings.retries
    assert all(a["target"].startswith("webhook:") and "Connection" in a["error"] for a in failures)


def test_down_notifier_is_retried_next_cycle_and_delivers(failed_cycle, es_client, alert_es, alert_settings,
                                                          down_webhook, smtp):
    down_webhook.start()
    later = run_alerts(es_client, alert_es, alert_settings, SEED_RULES, datetime.now(UTC), datetime.now(UTC))
    assert later.alerts == [] and later.delivery.sent == 2
    assert sorted(b["alerts"][0]["rule"] for b in down_webhook.json_bodies()) == ["ceasefire-collapse",
                                                                                   "cluster-bombs"]
    assert {a["status"] for a in list_alerts(es_client, alert_es)} == {"delivered"}


def test_retry_does_not_resend_to_targets_that_already_took_the_alert(failed_cycle, es_client, alert_es,
                                                                       alert_settings, down_webhook, smtp):
    down_webhook.start()
    run_alerts(es_client, alert_es, alert_settings, SEED_RULES, datetime.now(UTC), datetime.now(UTC))
    assert len(smtp[0].messages) == 2


def test_apprise_json_url_delivers_to_a_local_receiver(es_client, alert_es, alert_settings, webhook,
                                                       index_articles, monkeypatch):
    monkeypatch.setenv("SITREP_TEST_APPRISE_URL", f"json://127.0.0.1:{webhook.port}/apprise")
    start = datetime.now(UTC) - timedelta(seconds=1)
    index_articles([fixture_article("seed-article.json")])
    run_alerts(es_client, alert_es, alert_settings, FIXTURES / "rules-apprise", start, datetime.now(UTC))
    bodies = webhook.json_bodies()
    assert len(bodies) == 1 and bodies[0]["title"].startswith("[sitrep] cluster-bombs-apprise")
    assert webhook.requests[0]["path"] == "/apprise"
