"""Canonical URLs, article ids and source domains."""

import hashlib

import pytest

from connectors.feeds.urls import article_id, canonical_url, source_domain

pytestmark = pytest.mark.unit


def test_tracking_parameters_are_removed():
    url = "https://example.com/a?utm_source=rss&id=7&fbclid=X&utm_medium=feed&gclid=1"
    assert canonical_url(url) == "https://example.com/a?id=7"


def test_query_without_real_parameters_is_dropped_entirely():
    assert canonical_url("https://example.com/a?utm_source=rss") == "https://example.com/a"


def test_host_and_scheme_are_lower_cased():
    assert canonical_url("HTTPS://News.Example.COM/Story") == "https://news.example.com/Story"


def test_relative_link_is_resolved_against_the_feed():
    assert (
        canonical_url("../pages/a.html", "http://example.com/feeds/x.xml")
        == "http://example.com/pages/a.html"
    )


def test_fragment_and_default_port_are_dropped():
    assert canonical_url("http://example.com:80/a#comments") == "http://example.com/a"


def test_query_parameters_are_sorted():
    assert canonical_url("http://example.com/a?b=2&a=1") == "http://example.com/a?a=1&b=2"


def test_tracked_and_clean_links_share_one_id():
    tracked = canonical_url("https://example.com/story?utm_campaign=x")
    assert article_id(tracked) == article_id(canonical_url("https://example.com/story"))


def test_article_id_is_md5_hex_of_the_canonical_url():
    assert article_id("https://example.com/a") == hashlib.md5(b"https://example.com/a").hexdigest()


def test_source_is_the_registered_domain():
    assert source_domain("https://www.bbc.co.uk/news/world") == "bbc.co.uk"


def test_source_of_an_ip_address_is_the_address():
    assert source_domain("http://127.0.0.1:8765/p.html") == "127.0.0.1"
