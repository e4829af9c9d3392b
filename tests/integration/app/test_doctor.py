"""`sitrep doctor` says what is wrong and how to fix it."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

pytestmark = pytest.mark.integration


def _doctor(**env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sitrep.cli", "doctor"], env=dict(os.environ, **env),
                          capture_output=True, text=True, timeout=120, check=False)


def test_healthy_setup_passes_every_check(servers):
    init = subprocess.run([sys.executable, "-m", "sitrep.cli", "init"], capture_output=True, text=True,
                          timeout=120, check=False)
    assert init.returncode == 0, init.stderr
    result = _doctor()
    assert result.returncode == 0, result.stdout
    assert "FAIL" not in result.stdout
    for name in ("kafka", "elasticsearch", "topic sitrep.raw", "write alias sitrep-articles", "feeds file",
                 "tagger: compiled"):
        assert f"ok   {name}" in result.stdout


def test_the_interpreted_tagger_on_request_is_reported(servers):
    result = _doctor(SITREP_TAGGER_COMPILED="0")
    assert "ok   tagger: interpreted (SITREP_TAGGER_COMPILED=0)" in result.stdout


def test_broken_config_is_reported_with_the_key_and_advice(tmp_path):
    config = tmp_path / "sitrep.yaml"
    config.write_text("kafka:\n  bootstrap_servers: 127.0.0.1:9092\n  partitons: 3\n")
    result = _doctor(SITREP_CONFIG=str(config))
    assert result.returncode == 1
    assert "FAIL config" in result.stdout and "line 3, key 'kafka.partitons'" in result.stdout
    assert "-> fix the key named above" in result.stdout


def test_elasticsearch_down_advises_starting_the_servers(servers):
    result = _doctor(SITREP_ES_URL="http://127.0.0.1:9")
    assert result.returncode == 1
    assert "FAIL elasticsearch: no answer from http://127.0.0.1:9" in result.stdout
    assert "sitrep services up" in result.stdout
    assert "ok   kafka" in result.stdout


def test_missing_topics_advise_init(servers, unique_name):
    result = _doctor(SITREP_KAFKA_RAW_TOPIC=unique_name("absent"))
    assert result.returncode == 1
    assert "missing" in result.stdout and "-> run `sitrep init`" in result.stdout


def test_a_broken_rule_file_is_named_with_advice(servers, tmp_path):
    (tmp_path / "bad.yaml").write_text("name: bad-rule\nquery:\n  tags: [clusterbombs]\nnotify: []\n")
    result = _doctor(SITREP_RULES_DIR=str(tmp_path))
    assert result.returncode == 1
    assert "FAIL alert rules" in result.stdout and "bad.yaml" in result.stdout
    assert "sitrep rules validate" in result.stdout


def test_kafka_down_is_named_at_once_not_after_the_clients_bootstrap_wait(servers):
    started = time.monotonic()
    result = _doctor(SITREP_KAFKA_BOOTSTRAP="127.0.0.1:9")
    elapsed = time.monotonic() - started
    assert result.returncode == 1
    assert "FAIL kafka: nothing listens at 127.0.0.1:9" in result.stdout
    assert "sitrep services up" in result.stdout
    # kafka-python 3 would wait its 30 s bootstrap timeout; the TCP probe answers in about 1 s
    assert elapsed < 5, f"doctor took {elapsed:.1f}s with nothing on the Kafka port"
