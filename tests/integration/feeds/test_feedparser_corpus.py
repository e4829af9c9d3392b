"""Every file of feedparser's own test corpus, served over HTTP with the headers it names.

Ill-formed, encoding, entity and well-formed cases: no crash, a summary line per feed, every
usable entry produced to Kafka, and the feeds feedparser's suite expects to be bozo reported.
"""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import feedparser
import pytest

from connectors.feeds.entries import article_from_entry
from connectors.feeds.feeds_file import FeedSpec
from connectors.feeds.poller import poll_pass
from tests.fixture_http import CORPUS_HEADER
from tests.integration.feeds.conftest import CORPUS, fetch_settings, loopback_resolver, read_topic

pytestmark = pytest.mark.integration
EXPECTS_BOZO = re.compile(rb"^\s*Expect:\s*bozo\b", re.M)
FILES = sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.suffix == ".xml")


def corpus_url(server, file: Path) -> str:
    return server.url("/corpus/" + file.relative_to(CORPUS).as_posix())


@pytest.fixture(scope="module")
def corpus_pass(fixture_server, raw_topic, kafka_settings, tmp_path_factory) -> dict[str, Any]:
    feeds = [
        FeedSpec(url=corpus_url(fixture_server, f), name=str(f.relative_to(CORPUS)), local=True)
        for f in FILES
    ]
    summaries = poll_pass(
        feeds,
        fetch=fetch_settings(fetch_articles=False, concurrency=16),
        kafka=kafka_settings,
        state_dir=tmp_path_factory.mktemp("corpus-state"),
        topic=raw_topic,
        resolver=loopback_resolver,
    )
    return {"summaries": {s.name: s for s in summaries}, "messages": read_topic(kafka_settings, raw_topic)}


def expected_ids(server, file: Path) -> set[str]:
    """Ids of the entries feedparser recovers from the file on its own, with a usable link."""
    body = file.read_bytes()
    url = corpus_url(server, file)
    headers = {k.decode().lower(): v.decode("latin-1") for k, v in CORPUS_HEADER.findall(body[:2048])}
    headers["content-location"] = headers.get("content-location", url)
    parsed = feedparser.parse(io.BytesIO(body), response_headers=headers)
    articles = (
        article_from_entry(
            e, feed_url=url, feed_title=None, base=url, labels={}, fetched_at=datetime.now(UTC)
        )
        for e in parsed.entries
    )
    return {a["id"] for a in articles if a is not None}


def test_corpus_is_present():
    assert len(FILES) > 900


def test_every_corpus_file_gets_a_summary_line(corpus_pass):
    assert set(corpus_pass["summaries"]) == {str(f.relative_to(CORPUS)) for f in FILES}


def test_no_feed_fails_inside_the_reader(corpus_pass):
    crashed = [s.line() for s in corpus_pass["summaries"].values() if s.status == "error"]
    assert crashed == []


def test_every_usable_entry_is_produced(corpus_pass, fixture_server):
    expected = set().union(*(expected_ids(fixture_server, f) for f in FILES))
    assert expected and {key for key, _ in corpus_pass["messages"]} == expected


def test_each_entry_is_produced_once(corpus_pass):
    keys = [key for key, _ in corpus_pass["messages"]]
    assert len(keys) == len(set(keys))


def test_feeds_expected_to_be_ill_formed_are_reported(corpus_pass):
    expected = {str(f.relative_to(CORPUS)) for f in FILES if EXPECTS_BOZO.search(f.read_bytes()[:2048])}
    reported = {name for name, s in corpus_pass["summaries"].items() if s.bozo}
    assert expected and expected <= reported


def test_ill_formed_feed_summary_line_names_the_problem(corpus_pass):
    line = corpus_pass["summaries"]["illformed/rss_incomplete_cdata.xml"].line()
    assert "ill-formed feed:" in line
