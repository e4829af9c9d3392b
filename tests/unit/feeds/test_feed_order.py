"""Feeds start one host at a time in turn, so politeness waits never queue every worker behind one site."""

from __future__ import annotations

import pytest

from connectors.feeds.feeds_file import FeedSpec
from connectors.feeds.poller import host_interleaved

pytestmark = pytest.mark.unit


def _feeds(*urls: str) -> list[FeedSpec]:
    return [FeedSpec(url=url, name=f"f{i}") for i, url in enumerate(urls)]


def test_each_sites_feeds_listed_together_are_started_in_turn():
    feeds = _feeds(
        "https://a.example/world.xml", "https://a.example/africa.xml", "https://a.example/asia.xml",
        "https://B.example/rss", "https://b.example/rss2",
        "https://c.example/feed",
    )
    order = [feeds[i].url for i in host_interleaved(feeds)]
    assert order == [
        "https://a.example/world.xml", "https://B.example/rss", "https://c.example/feed",
        "https://a.example/africa.xml", "https://b.example/rss2",
        "https://a.example/asia.xml",
    ]


def test_every_feed_is_started_exactly_once():
    feeds = _feeds(*(f"https://h{i % 7}.example/{i}" for i in range(100)))
    assert sorted(host_interleaved(feeds)) == list(range(100))
    assert host_interleaved([]) == []
