"""frequency, spike, flatline and aggregate against real window counts in Elasticsearch."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import yaml
from alert_fixtures import fixture_article

from pipelines.alerting.cycle import run_alerts
from pipelines.alerting.evaluate import evaluate_batch
from pipelines.alerting.rules import load_rules

pytestmark = pytest.mark.integration
HOOK = [{"webhook": "${SITREP_ALERT_WEBHOOK_URL}"}]


def write_rule(tmp_path, **spec):
    (tmp_path / f"{spec['name']}.yaml").write_text(yaml.safe_dump({**spec, "notify": HOOK}))
    return load_rules(tmp_path)


def articles(count, prefix, **changes):
    return [fixture_article("seed-article.json", id=f"{prefix}-{n}", story_id=f"{prefix}-{n}", **changes)
            for n in range(count)]


def test_frequency_fires_when_a_country_reaches_the_threshold(es_client, alert_es, index_articles, tmp_path):
    rules = write_rule(tmp_path, name="sy-airstrikes", type="frequency", query={"tags": ["airstrike"]},
                       num_events=3, timeframe="1h", query_key="countries")
    now = datetime.now(UTC)
    index_articles(articles(3, "sy"), indexed_at=now - timedelta(minutes=1))
    index_articles(articles(2, "ua", countries=["UA"]), indexed_at=now - timedelta(minutes=1))
    alerts = evaluate_batch(es_client, alert_es, rules, now - timedelta(minutes=2), now)
    assert [(a.key, a.count) for a in alerts] == [("SY", 3)]


def test_spike_fires_when_the_current_window_towers_over_the_average(es_client, alert_es, index_articles,
                                                                     tmp_path):
    rules = write_rule(tmp_path, name="aleppo-spike", type="spike", query={"phrases": ["cluster bombs"]},
                       spike_height=3, timeframe="1h", history_windows=4, min_count=3)
    now = datetime.now(UTC)
    for hour in range(1, 5):
        index_articles(articles(1, f"old{hour}"), indexed_at=now - timedelta(hours=hour, minutes=30))
    index_articles(articles(4, "new"), indexed_at=now - timedelta(minutes=1))
    alerts = evaluate_batch(es_client, alert_es, rules, now - timedelta(minutes=2), now)
    assert [(a.rule, a.count) for a in alerts] == [("aleppo-spike", 4)]


def test_spike_stays_quiet_at_the_usual_rate(es_client, alert_es, index_articles, tmp_path):
    rules = write_rule(tmp_path, name="steady", type="spike", query={"phrases": ["cluster bombs"]},
                       spike_height=3, timeframe="1h", history_windows=2, min_count=1)
    now = datetime.now(UTC)
    for hour in (1, 2):
        index_articles(articles(2, f"old{hour}"), indexed_at=now - timedelta(hours=hour, minutes=30))
    index_articles(articles(2, "new"), indexed_at=now - timedelta(minutes=1))
    assert evaluate_batch(es_client, alert_es, rules, now - timedelta(minutes=2), now) == []


def test_flatline_fires_for_a_source_gone_silent(es_client, alert_es, index_articles, tmp_path):
    rules = write_rule(tmp_path, name="silent", type="flatline", threshold=1, timeframe="1h",
                       query_key="source", filters={"sources": ["quiet.example", "busy.example"]})
    now = datetime.now(UTC)
    index_articles(articles(1, "busy", source="busy.example"), indexed_at=now - timedelta(minutes=5))
    alerts = evaluate_batch(es_client, alert_es, rules, now - timedelta(minutes=2), now)
    assert [(a.key, a.count) for a in alerts] == [("quiet.example", 0)]


def test_aggregate_sends_one_digest_per_window(es_client, alert_es, alert_settings, index_articles, tmp_path,
                                               seed_env):
    write_rule(tmp_path, name="digest", query={"phrases": ["cluster bombs"]}, aggregate="1h")
    now = datetime.now(UTC).replace(minute=10, second=0, microsecond=0)
    index_articles(articles(3, "story"), indexed_at=now)
    run_alerts(es_client, alert_es, alert_settings, tmp_path, now - timedelta(minutes=1), now)
    assert seed_env.requests == []
    later = now + timedelta(hours=1)
    report = run_alerts(es_client, alert_es, alert_settings, tmp_path, later, later)
    bodies = seed_env.json_bodies()
    assert report.delivery.sent == 1 and len(bodies) == 1 and len(bodies[0]["alerts"]) == 3
