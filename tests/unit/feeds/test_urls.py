"""Canonical URLs, article ids and source domains."""

import hashlib
import re

import pytest

from connectors.feeds.urls import BadURL, article_id, canonical_url, source_domain, web_url

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


# URLs from feeds and pages that no fetch could use: each is one clear BadURL, never a crash
# deep inside w3lib, urllib or requests.
UNUSABLE_URLS = [
    ("http://%zz/", "forbidden character"),  # percent-encoded garbage as a host
    ("http://ex%41mple.com/a", "forbidden character"),
    ("http://exa mple.com/a", "forbidden character"),
    ("http://xn--/a", "not a valid domain name"),  # IDNA that fails to decode
    ("http://" + "a" * 64 + ".example/a", "not a valid domain name"),  # an over-long label
    ("http://[::1/a", "Invalid IPv6 URL"),  # a broken IPv6 literal
    ("http://[zz::1]/a", "IPv6"),
    ("http://example.com:99999/a", "out of range"),
    ("http:///a", "no host"),
    ("mailto:desk@example.com", "not http(s)"),
    ("javascript:alert(1)", "not http(s)"),
]


@pytest.mark.parametrize(("url", "reason"), UNUSABLE_URLS)
def test_unusable_url_is_refused_with_its_reason(url, reason):
    with pytest.raises(BadURL, match=re.escape(reason)) as refused:
        canonical_url(url)
    assert repr(url) in str(refused.value)


# "http:///a" against a base is a valid same-scheme relative reference (RFC 3986)
@pytest.mark.parametrize(("url", "reason"), [case for case in UNUSABLE_URLS if case[0] != "http:///a"])
def test_unusable_url_is_refused_as_a_relative_link_too(url, reason):
    with pytest.raises(BadURL):
        web_url(url, "http://news.example/feed.xml")


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("http://[::1]:8080/a", "http://[::1]:8080/a"),
        ("http://[2001:db8::1]/a?b=1", "http://[2001:db8::1]/a?b=1"),
        ("https://bücher.example/ä", "https://xn--bcher-kva.example/%C3%A4"),
        ("http://127.0.0.1/a", "http://127.0.0.1/a"),
    ],
)
def test_ipv6_literals_and_international_names_stay_usable(url, canonical):
    assert canonical_url(url) == canonical
