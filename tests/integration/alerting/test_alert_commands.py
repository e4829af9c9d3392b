"""`sitrep rules validate|test` and `sitrep alerts list` against the real index."""

from __future__ import annotations

import argparse
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from alert_fixtures import FIXTURES, SEED_RULES, fixture_article

from pipelines.alerting.cycle import run_alerts
from sitrep.commands import alerts, rules
from sitrep.config import Config

pytestmark = pytest.mark.integration


def sitrep(argv, config):
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers()
    rules.register(commands)
    alerts.register(commands)
    args = parser.parse_args(argv)
    return args.func(args, config)


@pytest.fixture
def config(alert_es, alert_settings):
    return replace(Config(), elasticsearch=alert_es, alerts=alert_settings, rules_dir=SEED_RULES)


def test_validate_accepts_the_seed_rules(config, capsys):
    assert sitrep(["rules", "validate"], config) == 0
    assert "ok: 7 rules in 3 files" in capsys.readouterr().out


def test_validate_rejects_a_broken_query_with_a_clear_message(config, capsys):
    assert sitrep(["rules", "--dir", str(FIXTURES / "rules-broken"), "validate"], config) == 1
    err = capsys.readouterr().err
    assert "broken-query.yaml, rule 'broken-query', field 'query.text'" in err and "Cannot parse" in err


def test_rules_test_is_a_dry_run_over_the_index(config, es_client, alert_es, index_articles, capsys):
    index_articles([fixture_article("seed-article.json")])
    assert sitrep(["rules", "test", "cluster-bombs", "--since", "1d"], config) == 0
    assert "would fire 1 alert(s)" in capsys.readouterr().out
    assert es_client.count(index=alert_es.alerts_index)["count"] == 0


def test_alerts_list_shows_fired_alerts_by_rule(config, es_client, alert_es, alert_settings, seed_env,
                                                index_articles, capsys):
    start = datetime.now(UTC) - timedelta(seconds=1)
    index_articles([fixture_article("seed-article.json")])
    run_alerts(es_client, alert_es, alert_settings, SEED_RULES, start, datetime.now(UTC))
    assert sitrep(["alerts", "list", "--rule", "cluster-bombs", "--since", "1h"], config) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1 and "cluster-bombs" in lines[0] and "delivered" in lines[0]
