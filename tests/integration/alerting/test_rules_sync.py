"""The rules index follows the rule files: added, changed, removed; broken queries refused."""

from __future__ import annotations

import shutil

import pytest
from alert_fixtures import FIXTURES, SEED_RULES

from connectors.alerts_store import stored_rules
from pipelines.alerting.rules import RuleError, load_rules
from pipelines.alerting.sync import sync_rules

pytestmark = pytest.mark.integration


@pytest.fixture
def rules_dir(tmp_path):
    """A writable copy of the seed rules."""
    target = tmp_path / "rules"
    shutil.copytree(SEED_RULES, target)
    return target


def test_first_sync_adds_every_enabled_rule(es_client, alert_es):
    report = sync_rules(es_client, alert_es, load_rules(SEED_RULES))
    assert report.added == ["ceasefire-collapse", "cluster-bombs"]
    assert sorted(stored_rules(es_client, alert_es)) == ["ceasefire-collapse", "cluster-bombs"]


def test_stored_rule_holds_its_elasticsearch_query(es_client, alert_es):
    sync_rules(es_client, alert_es, load_rules(SEED_RULES))
    query = stored_rules(es_client, alert_es)["cluster-bombs"]["query"]
    assert {"terms": {"tags": ["cluster_munitions"]}} in query["bool"]["should"]


def test_second_sync_writes_nothing(es_client, alert_es):
    sync_rules(es_client, alert_es, load_rules(SEED_RULES))
    report = sync_rules(es_client, alert_es, load_rules(SEED_RULES))
    assert not report.touched and report.unchanged == 2


def test_sync_reports_a_changed_rule(es_client, alert_es, rules_dir):
    sync_rules(es_client, alert_es, load_rules(rules_dir))
    path = rules_dir / "cluster-bombs.yaml"
    path.write_text(path.read_text().replace("realert: 7d", "realert: 1d"))
    assert sync_rules(es_client, alert_es, load_rules(rules_dir)).changed == ["cluster-bombs"]


def test_sync_removes_a_deleted_rule(es_client, alert_es, rules_dir):
    sync_rules(es_client, alert_es, load_rules(rules_dir))
    (rules_dir / "cluster-bombs.yaml").unlink()
    report = sync_rules(es_client, alert_es, load_rules(rules_dir))
    assert report.removed == ["cluster-bombs"]
    assert list(stored_rules(es_client, alert_es)) == ["ceasefire-collapse"]


def test_broken_query_is_rejected_naming_file_rule_and_field(es_client, alert_es):
    with pytest.raises(RuleError) as caught:
        sync_rules(es_client, alert_es, load_rules(FIXTURES / "rules-broken"))
    error = caught.value
    assert (error.rule, error.field) == ("broken-query", "query.text")
    assert error.file.endswith("broken-query.yaml") and "Cannot parse" in str(error)


def test_broken_query_is_not_stored(es_client, alert_es):
    with pytest.raises(RuleError):
        sync_rules(es_client, alert_es, load_rules(FIXTURES / "rules-broken"))
    assert stored_rules(es_client, alert_es) == {}
