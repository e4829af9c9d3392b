"""Feed entries become the feed half of a raw article: clean text, canonical URL, UTC date."""

from datetime import UTC, datetime

import feedparser
import pytest

from connectors.feeds.entries import article_from_entry, plain_text, published_at

pytestmark = pytest.mark.unit
FETCHED = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
BASE = "http://news.example/feeds/world.xml"


def entry(item_xml: str):
    feed = feedparser.parse(f"<rss version='2.0'><channel><item>{item_xml}</item></channel></rss>")
    return feed.entries[0]


def article(item_xml: str):
    return article_from_entry(
        entry(item_xml),
        feed_url=BASE,
        feed_title="World &amp; Co",
        base=BASE,
        labels={"region": "world"},
        fetched_at=FETCHED,
    )


def test_relative_link_is_resolved_and_canonicalised():
    result = article("<link>/a.html?utm_source=x&amp;p=2</link>")
    assert (result["url"], result["canonical_url"]) == (
        "http://news.example/a.html?utm_source=x&p=2",
        "http://news.example/a.html?p=2",
    )


def test_title_is_plain_text():
    assert (
        article("<link>/a</link><title>Strikes &amp;amp; &lt;b&gt;shelling&lt;/b&gt;</title>")["title"]
        == "Strikes & shelling"
    )


def test_summary_markup_is_removed():
    assert (
        article("<link>/a</link><description>&lt;p&gt;Two  killed&lt;/p&gt;</description>")["summary"]
        == "Two killed"
    )


def test_published_is_utc_iso8601():
    assert (
        article("<link>/a</link><pubDate>Fri, 23 Sep 2016 12:15:00 +0200</pubDate>")["published"]
        == "2016-09-23T10:15:00+00:00"
    )


def test_unparseable_date_falls_back_to_dateparser():
    raw = {"published": "23 septembre 2016 12:15 UTC"}
    assert published_at(raw) == "2016-09-23T12:15:00+00:00"


def test_missing_date_is_none():
    assert article("<link>/a</link>")["published"] is None


def test_permalink_guid_stands_in_for_a_missing_link():
    assert article("<guid>https://news.example/story/9</guid>")["url"] == "https://news.example/story/9"


def test_entry_without_any_link_is_unusable():
    assert article("<title>no link</title>") is None


def test_feed_fields_labels_and_source_are_filled():
    result = article("<link>https://www.bbc.co.uk/news/1</link>")
    assert (result["source"], result["feed_title"], result["labels"]) == (
        "bbc.co.uk",
        "World & Co",
        {"region": "world"},
    )


def test_plain_text_of_empty_markup_is_none():
    assert plain_text("<p> </p>") is None


@pytest.mark.parametrize(
    "link",
    ["http://%zz/", "http://xn--/story", "http://[::1/story", "http://news.example:70000/a", "mailto:x@y.z"],
)
def test_entry_with_an_unusable_link_is_no_article(link):
    assert article(f"<link>{link}</link>") is None
