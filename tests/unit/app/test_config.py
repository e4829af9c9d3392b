"""Configuration: YAML, then environment overrides; bad keys and types named with file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitrep.config import ConfigError, load_config

pytestmark = pytest.mark.unit
FIXTURES = Path(__file__).parents[2] / "fixtures" / "config"


def test_defaults_point_at_loopback_servers():
    config = load_config(environ={})
    assert config.kafka.bootstrap_servers == "127.0.0.1:9092"
    assert config.elasticsearch.url == "http://127.0.0.1:9200"
    assert config.kafka.raw_topic == "sitrep.raw"


def test_file_values_override_defaults():
    config = load_config(FIXTURES / "valid.yaml", environ={})
    assert config.kafka.bootstrap_servers == "broker-1:9092,broker-2:9092"
    assert config.kafka.raw_partitions == 12
    assert config.elasticsearch.verify_certs is False
    assert config.state_dir == Path("/var/lib/sitrep")
    assert config.source.endswith("valid.yaml")


def test_environment_overrides_file_with_long_and_short_names():
    config = load_config(FIXTURES / "valid.yaml", environ={
        "SITREP_ES_URL": "http://es.test:9200",
        "SITREP_KAFKA_RAW_PARTITIONS": "3",
        "SITREP_ELASTICSEARCH_VERIFY_CERTS": "yes",
        "SITREP_STATE_DIR": "/tmp/state",
    })
    assert config.elasticsearch.url == "http://es.test:9200"
    assert config.kafka.raw_partitions == 3
    assert config.elasticsearch.verify_certs is True
    assert config.state_dir == Path("/tmp/state")


def test_kafka_bootstrap_alias_is_honoured():
    config = load_config(environ={"SITREP_KAFKA_BOOTSTRAP": "k:1"})
    assert config.kafka.bootstrap_servers == "k:1"


def test_unknown_key_names_file_line_and_key():
    with pytest.raises(ConfigError, match=r"unknown-key\.yaml, line 3, key 'kafka\.partitons': unknown key"):
        load_config(FIXTURES / "unknown-key.yaml", environ={})


def test_wrong_type_names_file_line_and_expected_type():
    with pytest.raises(ConfigError, match=r"line 3, key 'elasticsearch\.request_timeout': expected float"):
        load_config(FIXTURES / "wrong-type.yaml", environ={})


def test_bad_environment_value_says_it_came_from_the_environment():
    with pytest.raises(ConfigError, match=r"from the environment.*expected int, found 'many'"):
        load_config(environ={"SITREP_KAFKA_RAW_PARTITIONS": "many"})


def test_top_level_must_be_a_mapping():
    with pytest.raises(ConfigError, match="top level must be a mapping"):
        load_config(FIXTURES / "not-a-mapping.yaml", environ={})


def test_missing_explicit_file_is_an_error():
    with pytest.raises(ConfigError, match="does not exist"):
        load_config(FIXTURES / "absent.yaml", environ={})


def test_invalid_yaml_is_reported_with_the_file(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("kafka: [unclosed\n")
    with pytest.raises(ConfigError, match=r"broken\.yaml: not valid YAML"):
        load_config(broken, environ={})


def test_the_documented_example_config_loads():
    example = Path(__file__).parents[3] / "deploy" / "sitrep.example.yaml"
    config = load_config(example, environ={})
    assert config.kafka.raw_topic == "sitrep.raw"
    assert config.services.cache_dir.is_absolute()


def test_the_example_config_documents_every_key():
    import dataclasses

    import yaml

    from sitrep.config import Config

    example = Path(__file__).parents[3] / "deploy" / "sitrep.example.yaml"
    text = example.read_text()
    documented = yaml.safe_load(text)
    for section in dataclasses.fields(Config):
        if section.name == "source":
            continue
        assert section.name in documented, f"{section.name} missing from {example.name}"
        value = getattr(Config(), section.name)
        for key in dataclasses.fields(value) if dataclasses.is_dataclass(value) else ():
            assert f"{key.name}:" in text, f"{section.name}.{key.name} missing from {example.name}"
