"""`sitrep poll` end to end: feeds file in, JSON summary and exit code out, real Kafka behind."""

from __future__ import annotations

import argparse
import json
from dataclasses import replace

import pytest

from sitrep.commands import poll
from sitrep.config import Config
from tests.integration.feeds.conftest import closed_port, fetch_settings, read_topic, write_feeds_file

pytestmark = pytest.mark.integration


@pytest.fixture
def config(kafka_settings, raw_topic, tmp_path):
    return Config(
        kafka=replace(kafka_settings, raw_topic=raw_topic),
        fetch=fetch_settings(),
        state_dir=tmp_path / "state",
        feeds_file=tmp_path / "feeds.yaml",
    )


def run_poll(config, *, as_json: bool = True) -> int:
    return poll.run(argparse.Namespace(json=as_json, feeds=None), config)


def test_register_adds_the_poll_command():
    parser = argparse.ArgumentParser()
    poll.register(parser.add_subparsers())
    args = parser.parse_args(["poll", "--json"])
    assert args.json and args.func is poll.run


def test_poll_prints_a_json_summary_per_feed(config, fixture_server, capsys):
    write_feeds_file(
        config.feeds_file,
        [{"name": "world", "url": fixture_server.url("/feeds/world-conflict.xml"), "local": True}],
    )
    assert run_poll(config) == 0
    assert json.loads(capsys.readouterr().out)["feeds"][0]["name"] == "world"


def test_poll_produces_to_the_configured_topic(config, fixture_server, kafka_settings):
    write_feeds_file(
        config.feeds_file,
        [{"name": "africa", "url": fixture_server.url("/feeds/africa.atom"), "local": True}],
    )
    run_poll(config)
    titles = {value["title"] for _, value in read_topic(kafka_settings, config.kafka.raw_topic)}
    assert "Sudan's warring parties agree to resume truce talks" in titles


def test_text_summary_has_one_line_per_feed(config, fixture_server, capsys):
    write_feeds_file(
        config.feeds_file,
        [{"name": "world", "url": fixture_server.url("/feeds/world-conflict.xml"), "local": True}],
    )
    run_poll(config, as_json=False)
    assert capsys.readouterr().out.splitlines()[0].startswith("world: ok, ")


def test_exit_code_is_non_zero_when_nothing_could_be_polled(config):
    write_feeds_file(
        config.feeds_file, [{"name": "down", "url": f"http://127.0.0.1:{closed_port()}/f.xml", "local": True}]
    )
    assert run_poll(config) == 1


def test_exit_code_is_zero_when_one_of_several_feeds_fails(config, fixture_server):
    write_feeds_file(
        config.feeds_file,
        [
            {"name": "down", "url": f"http://127.0.0.1:{closed_port()}/f.xml", "local": True},
            {"name": "world", "url": fixture_server.url("/feeds/world-conflict.xml"), "local": True},
        ],
    )
    assert run_poll(config) == 0


def test_invalid_feeds_file_exits_2_naming_the_field(config, capsys):
    config.feeds_file.write_text("feeds:\n  - name: x\n    url: gopher://a\n")
    assert run_poll(config) == 2
    assert "feed 'x', field 'url'" in capsys.readouterr().err


def test_loopback_feed_not_marked_local_is_refused(config, fixture_server, capsys):
    write_feeds_file(
        config.feeds_file, [{"name": "sneaky", "url": fixture_server.url("/feeds/world-conflict.xml")}]
    )
    assert run_poll(config) == 1
    assert "non-public address 127.0.0.1" in json.loads(capsys.readouterr().out)["feeds"][0]["error"]
