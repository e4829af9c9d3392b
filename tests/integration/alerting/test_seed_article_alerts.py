"""The reference case: the seed article fires `ceasefire-collapse` and `cluster-bombs`, once."""

from __future__ import annotations

import email
import hashlib
import hmac
from datetime import UTC, datetime, timedelta

import pytest
from alert_fixtures import SEED_RULES, WEBHOOK_SECRET, fixture_article

from connectors.alerts_store import list_alerts
from connectors.notifiers import SIGNATURE_HEADER
from pipelines.alerting.cycle import run_alerts

pytestmark = pytest.mark.integration


def _cycle(es_client, alert_es, alert_settings, since, now=None):
    return run_alerts(es_client, alert_es, alert_settings, SEED_RULES, since, now or datetime.now(UTC))


@pytest.fixture
def seed_cycle(es_client, alert_es, alert_settings, seed_env, index_articles):
    """One cycle over a batch holding only the seed article."""
    start = datetime.now(UTC) - timedelta(seconds=1)
    index_articles([fixture_article("seed-article.json")])
    return _cycle(es_client, alert_es, alert_settings, start)


def test_seed_article_fires_ceasefire_collapse_and_cluster_bombs_once_each(seed_cycle):
    assert sorted(alert.rule for alert in seed_cycle.alerts) == ["ceasefire-collapse", "cluster-bombs"]


def test_seed_article_alerts_reach_the_webhook_once_per_rule(seed_cycle, seed_env):
    rules = sorted(body["alerts"][0]["rule"] for body in seed_env.json_bodies())
    assert rules == ["ceasefire-collapse", "cluster-bombs"]


def test_seed_article_alerts_reach_smtp_once_per_rule(seed_cycle, smtp):
    sink, _port = smtp
    subjects = sorted(email.message_from_string(m["data"])["Subject"].split(":")[0] for m in sink.messages)
    assert subjects == ["[sitrep] ceasefire-collapse", "[sitrep] cluster-bombs"]


def test_seed_article_email_goes_to_the_rule_recipients(seed_cycle, smtp):
    assert [m["to"] for m in smtp[0].messages] == [["analysts@example.org"]] * 2


def test_webhook_body_is_signed_with_hmac_sha256(seed_cycle, seed_env):
    request = seed_env.requests[0]
    expected = "sha256=" + hmac.new(WEBHOOK_SECRET.encode(), request["body"], hashlib.sha256).hexdigest()
    assert request["headers"][SIGNATURE_HEADER] == expected


def test_notification_highlights_the_matched_phrase(seed_cycle, seed_env):
    bodies = {body["alerts"][0]["rule"]: body for body in seed_env.json_bodies()}
    assert "**cluster bombs**" in bodies["cluster-bombs"]["text"]
    assert "cluster bombs" in bodies["cluster-bombs"]["alerts"][0]["matched"]


def test_notification_shows_source_tags_fatalities_and_link(seed_cycle, seed_env):
    text = seed_env.json_bodies()[0]["text"]
    for expected in ("news.example.org", "cluster_munitions", "Fatalities: 20",
                     "https://news.example.org/world/aleppo-bombardment", "2016-09-23"):
        assert expected in text


def test_second_cycle_fires_nothing_new(seed_cycle, es_client, alert_es, alert_settings, seed_env, smtp):
    again = _cycle(es_client, alert_es, alert_settings, datetime.now(UTC) - timedelta(hours=1))
    assert again.alerts == []
    assert len(seed_env.requests) == 2 and len(smtp[0].messages) == 2


def test_reindexed_story_in_a_later_cycle_fires_nothing_new(seed_cycle, es_client, alert_es, alert_settings,
                                                             index_articles):
    start = datetime.now(UTC) - timedelta(seconds=1)
    index_articles([fixture_article("seed-article.json", id="seed-copy", url="https://b.example/x")])
    assert _cycle(es_client, alert_es, alert_settings, start).alerts == []


def test_same_story_from_three_outlets_fires_once(es_client, alert_es, alert_settings, seed_env,
                                                  index_articles):
    start = datetime.now(UTC) - timedelta(seconds=1)
    copies = [
        fixture_article("seed-article.json", id=f"copy-{n}", source=f"outlet{n}.example",
                        url=f"https://outlet{n}.example/aleppo", story_id="story-aleppo")
        for n in range(3)
    ]
    index_articles(copies)
    report = _cycle(es_client, alert_es, alert_settings, start)
    fired = [a for a in report.alerts if a.rule == "cluster-bombs"]
    assert len(fired) == 1 and sorted(fired[0].article_ids) == ["copy-0", "copy-1", "copy-2"]


def test_unrelated_article_fires_nothing(es_client, alert_es, alert_settings, seed_env, index_articles):
    start = datetime.now(UTC) - timedelta(seconds=1)
    index_articles([fixture_article("unrelated-article.json")])
    assert _cycle(es_client, alert_es, alert_settings, start).alerts == []


def test_articles_from_before_the_batch_are_not_matched(es_client, alert_es, alert_settings, seed_env,
                                                        index_articles):
    index_articles([fixture_article("seed-article.json")], indexed_at=datetime.now(UTC) - timedelta(hours=2))
    report = _cycle(es_client, alert_es, alert_settings, datetime.now(UTC) - timedelta(minutes=5))
    assert report.alerts == []


def test_alerts_are_recorded_as_delivered_with_their_attempts(seed_cycle, es_client, alert_es):
    stored = list_alerts(es_client, alert_es)
    assert {a["status"] for a in stored} == {"delivered"}
    assert all(len(a["attempts"]) == 2 and all(t["ok"] for t in a["attempts"]) for a in stored)
