"""The SSRF guard refuses before connecting; names are resolved by a stub, never the network."""

import pytest

from connectors.feeds.address_guard import check_url
from connectors.feeds.errors import AddressRefused

pytestmark = pytest.mark.unit

HOSTS = {
    "news.example": ["93.184.216.34"],
    "intranet.example": ["10.0.0.1"],
    "metadata.example": ["169.254.169.254"],
    "loopback6.example": ["::1"],
    "mapped.example": ["::ffff:127.0.0.1"],
    "mixed.example": ["93.184.216.34", "192.168.1.5"],
    "linklocal.example": ["fe80::1"],
    "cgnat.example": ["100.64.0.1"],
}


def stub_resolver(host: str, port: int) -> list[str]:
    return HOSTS[host]


@pytest.mark.parametrize(
    "host",
    [
        "intranet.example",
        "metadata.example",
        "loopback6.example",
        "mapped.example",
        "mixed.example",
        "linklocal.example",
        "cgnat.example",
    ],
)
def test_non_public_addresses_are_refused_for_ordinary_feeds(host):
    with pytest.raises(AddressRefused):
        check_url(f"http://{host}/feed", allow_local=False, resolver=stub_resolver)


def test_public_address_is_allowed():
    assert check_url("https://news.example/a", allow_local=False, resolver=stub_resolver) == ["93.184.216.34"]


def test_local_feed_may_use_private_addresses():
    assert check_url("http://intranet.example/f", allow_local=True, resolver=stub_resolver) == ["10.0.0.1"]


def test_metadata_address_is_refused_even_for_local_feeds():
    with pytest.raises(AddressRefused, match="metadata"):
        check_url("http://metadata.example/latest", allow_local=True, resolver=stub_resolver)


def test_literal_private_ip_is_refused_without_resolving():
    def no_dns(host, port):
        return [host]

    with pytest.raises(AddressRefused, match=r"127\.0\.0\.1"):
        check_url("http://127.0.0.1:8080/admin", allow_local=False, resolver=no_dns)


@pytest.mark.parametrize("url", ["ftp://news.example/f", "gopher://news.example/", "javascript:alert(1)"])
def test_only_http_schemes_are_allowed(url):
    with pytest.raises(AddressRefused, match="scheme"):
        check_url(url, allow_local=True, resolver=stub_resolver)


def test_file_urls_need_permission():
    with pytest.raises(AddressRefused, match="file://"):
        check_url("file:///etc/passwd", allow_local=False, resolver=stub_resolver)


def test_file_urls_pass_when_allowed():
    assert check_url("file:///tmp/feed.xml", allow_local=True, allow_file=True, resolver=stub_resolver) == []


def test_broken_ipv6_literal_is_refused_before_resolving():
    with pytest.raises(AddressRefused, match="malformed URL"):
        check_url("http://[::1/feed", allow_local=True, resolver=lambda host, port: [host])
