"""`sitrep run` end to end on the demo feeds: real Kafka, real Elasticsearch, real webhook."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from kafka import KafkaConsumer, TopicPartition

from connectors.elasticsearch_indices import ensure_indices
from connectors.kafka_topics import ensure_topics
from sitrep.demo.receivers import WebhookReceiver
from sitrep.demo.site import DemoSite
from sitrep.run_lock import run_lock
from tests.sitrep_env import cycle_env

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[3]
DEMO = ROOT / "seeds" / "demo"
DEMO_ARTICLES = 77  # 52 English pages + 5 each in French, Spanish, Arabic, Russian, Ukrainian


@pytest.fixture
def site():
    with DemoSite(DEMO, port=0) as running:
        yield running


@pytest.fixture
def webhook():
    with WebhookReceiver(port=0) as receiver:
        yield receiver


@pytest.fixture
def run_env(isolated_settings, es_client, tmp_path, site, webhook) -> dict[str, str]:
    """Environment for a `sitrep` subprocess using this test's topics, index and state."""
    kafka, es = isolated_settings
    ensure_topics(kafka)
    ensure_indices(es_client, es)
    feeds = (DEMO / "feeds.yaml").read_text().replace("http://127.0.0.1:8765", site.url)
    (tmp_path / "feeds.yaml").write_text(feeds)
    return cycle_env(
        kafka, es, tmp_path, tmp_path / "feeds.yaml",
        SITREP_ALERT_WEBHOOK_URL=webhook.url,
        SITREP_ALERTS_WEBHOOK_SECRET="test-secret",
        SITREP_ALERTS_SMTP_PORT="1",  # nothing listens: e-mail stays pending, webhooks still go
        SITREP_ALERTS_RETRIES="1",
    )


def _sitrep(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sitrep.cli", *args], env=env, capture_output=True,
                          text=True, timeout=600, check=False)


def _produced(kafka) -> int:
    """How many raw articles the poll stage has put into the test's raw topic so far."""
    consumer = KafkaConsumer(**kafka.client_options())
    try:
        numbers = consumer.partitions_for_topic(kafka.raw_topic) or set()
        partitions = [TopicPartition(kafka.raw_topic, number) for number in numbers]
        return sum(consumer.end_offsets(partitions).values())
    finally:
        consumer.close()


def _fired(webhook, title_part: str) -> list[str]:
    """The rules that fired for the article whose title holds ``title_part`` (any language)."""
    return sorted(alert["rule"] for payload in webhook.received if title_part in payload["title"]
                  for alert in payload["alerts"])


def _ids(es_client, alias: str) -> list[str]:
    es_client.indices.refresh(index=alias)
    hits = es_client.search(index=alias, size=1000, _source=False)["hits"]["hits"]
    return sorted(hit["_id"] for hit in hits)


def _beam_internals(stderr: str) -> list[str]:
    """Lines from Beam's own machinery: its loggers, its workers' bare-format bootstrap logging."""
    return [line for line in stderr.splitlines()
            if "apache_beam" in line or "Worker: severity" in line or " root: " in line
            or line.startswith(("WARNING:", "INFO:", "ERROR:"))]


def test_a_cycle_on_the_workers_at_the_default_level_prints_no_beam_internals(run_env):
    on_workers = {**run_env, "SITREP_PIPELINE_IN_PROCESS_BELOW": "0"}  # the multi-process path
    result = _sitrep(on_workers, "run")
    assert result.returncode == 0, result.stderr[-3000:]
    assert _beam_internals(result.stderr) == []
    worker_log = Path(run_env["SITREP_STATE_DIR"]) / "logs" / "beam-workers.log"
    assert "sdk_worker" in worker_log.read_text() or "apitools" in worker_log.read_text()


def test_a_cycle_in_process_at_the_default_level_prints_no_beam_internals(run_env):
    in_process = {**run_env, "SITREP_PIPELINE_IN_PROCESS_BELOW": str(DEMO_ARTICLES + 1)}
    result = _sitrep(in_process, "run", "--json")
    assert result.returncode == 0, result.stderr[-3000:]
    assert _beam_internals(result.stderr) == []
    stages = {stage["name"]: stage for stage in json.loads(result.stdout)["stages"]}
    assert stages["process"]["counts"]["indexed"] == DEMO_ARTICLES
    worker_log = Path(run_env["SITREP_STATE_DIR"]) / "logs" / "beam-workers.log"
    assert "sdk_worker" not in worker_log.read_text(), "no SDK worker process was started"


def test_one_cycle_indexes_every_article_and_fires_each_seed_alert_once(run_env, es_client, webhook,
                                                                          isolated_settings):
    first = _sitrep(run_env, "run", "--json")
    assert first.returncode == 0, first.stderr[-3000:]
    report = json.loads(first.stdout)
    stages = {stage["name"]: stage for stage in report["stages"]}
    assert stages["poll"]["counts"]["new"] == DEMO_ARTICLES
    assert stages["process"]["counts"]["indexed"] == DEMO_ARTICLES
    assert len(_ids(es_client, isolated_settings[1].articles_alias)) == DEMO_ARTICLES
    seed_alerts = [p for p in webhook.received if "Aleppo come under heavy bombardment" in p["title"]]
    fired = sorted(alert["rule"] for payload in seed_alerts for alert in payload["alerts"])
    assert fired == ["ceasefire-collapse", "cluster-bombs"]
    distractor_alerts = [p["title"] for p in webhook.received if "trade truce" in p["title"]]
    assert distractor_alerts == [], "a trade war's truce must not fire the conflict rule"
    assert _fired(webhook, "la trêve vole en éclats autour de Sake") == ["ceasefire-collapse"]
    assert _fired(webhook, "غارة مسيّرة إسرائيلية على سيارة قرب النبطية") == ["ceasefire-collapse"]
    assert _fired(webhook, "ракетой с кассетной боевой частью") == ["cluster-bombs"]
    assert _fired(webhook, "حرب أسعار") == _fired(webhook, "Цінова війна") == [], "price-war truces"

    search = _sitrep(run_env, "search", '"ceasefire collapse"', "--json")
    assert search.returncode == 0, search.stderr[-3000:]
    top = json.loads(search.stdout)["results"][0]
    assert "Aleppo come under heavy bombardment" in top["title"]
    assert any("<mark>ceasefire collapse" in snippet for snippet in top["snippets"])
    saved = json.loads((Path(run_env["SITREP_STATE_DIR"]) / "last-run.json").read_text())
    assert saved["ok"] is True

    delivered = len(webhook.received)
    second = _sitrep(run_env, "run", "--json")
    assert second.returncode == 0, second.stderr[-3000:]
    again = {stage["name"]: stage for stage in json.loads(second.stdout)["stages"]}
    assert again["poll"]["counts"]["new"] == 0
    assert again["process"]["counts"]["planned"] == 0
    assert len(webhook.received) == delivered


def test_a_run_while_another_holds_the_lock_exits_3(run_env):
    with run_lock(Path(run_env["SITREP_STATE_DIR"])):
        result = _sitrep(run_env, "run")
    assert result.returncode == 3
    assert "another sitrep run" in result.stderr


def test_sigterm_mid_cycle_finishes_the_cycle_then_a_rerun_changes_nothing(run_env, es_client,
                                                                             isolated_settings):
    alias = isolated_settings[1].articles_alias
    process = subprocess.Popen([sys.executable, "-m", "sitrep.cli", "run"], env=run_env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and _produced(isolated_settings[0]) < DEMO_ARTICLES:
        time.sleep(0.2)
    process.send_signal(signal.SIGTERM)  # polling is done: the processing stage is under way
    _out, err = process.communicate(timeout=600)
    assert process.returncode == 0, err[-3000:]
    assert "finishing the current cycle" in err
    after_signal = _ids(es_client, alias)
    assert len(after_signal) == DEMO_ARTICLES
    rerun = _sitrep(run_env, "run")
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    assert _ids(es_client, alias) == after_signal


def test_metrics_textfile_is_written_for_cron_users(run_env, tmp_path):
    target = tmp_path / "textfile" / "sitrep.prom"
    result = _sitrep(run_env, "run", "--metrics-textfile", str(target))
    assert result.returncode == 0, result.stderr[-3000:]
    text = target.read_text()
    assert 'sitrep_runs_total{outcome="all"} 1.0' in text
    assert f'sitrep_stage_items_total{{item="indexed",stage="process"}} {DEMO_ARTICLES}.0' in text
