"""SSRF through feed links, article links and redirects: every hostile target refused before any
connection, unless the feed is explicitly marked local.

Names resolve through a stub (hostile DNS names mapped to internal addresses, numeric host
forms parsed with AI_NUMERICHOST, which never queries DNS); a spy on the HTTP session proves
that the only connection ever attempted is to the loopback fixture server that issues the
redirects. That server (127.0.0.1) is trusted explicitly for the redirect channel only, as an
operator's proxy network would be, so there the targets that are 127.0.0.1 itself are left out
(the feed and article channels, which trust nothing, cover them).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator

import pytest
import requests

from connectors.feeds.address_guard import check_url
from connectors.feeds.errors import AddressRefused
from connectors.feeds.feed_reader import read_feed
from connectors.feeds.feeds_file import FeedSpec
from connectors.feeds.http_client import HttpClient
from connectors.feeds.pages import fetch_page
from connectors.feeds.state_store import FeedState
from tests.fixture_http import FixtureServer, Reply
from tests.integration.feeds.conftest import fetch_settings
from tests.reliability.conftest import Figure

pytestmark = pytest.mark.unit
HOSTILE_DNS = {
    "loopback.attacker.example": ["127.0.0.1"],
    "metadata.attacker.example": ["169.254.169.254"],
    "private.attacker.example": ["10.1.2.3"],
    "rebind.attacker.example": ["93.184.216.34", "192.168.0.10"],
    "v6loop.attacker.example": ["::1"],
    "mapped.attacker.example": ["::ffff:10.0.0.1"],
    "ula.attacker.example": ["fd12:3456::1"],
    "localhost": ["127.0.0.1", "::1"],
}
HOSTILE_URLS = [
    "http://127.0.0.1/admin",
    "http://127.1.2.3:8080/",
    "http://localhost:9200/_all",
    "http://0.0.0.0/",
    "http://0/",
    "http://2130706433/",
    "http://0x7f000001/",
    "http://0177.0.0.1/",
    "http://169.254.169.254/latest/meta-data/",
    "http://169.254.1.1/",
    "http://100.100.100.200/",
    "http://10.0.0.1/",
    "http://172.16.5.4/",
    "http://192.168.1.1/",
    "http://100.64.0.1/",
    "http://224.0.0.1/",
    "http://255.255.255.255/",
    "http://240.0.0.1/",
    "http://[::1]/",
    "http://[::]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:169.254.169.254]/",
    "http://[fe80::1]/",
    "http://[fc00::1]/",
    "http://[fd00:ec2::254]/",
    "http://[::ffff:7f00:1]/",
    "https://127.0.0.1:9092/",
    "http://user:pw@127.0.0.1/",
    *(f"http://{name}/x" for name in HOSTILE_DNS),
    "file:///etc/passwd",
    "file://localhost/etc/shadow",
    "gopher://127.0.0.1:70/_GET",
    "ftp://10.0.0.1/",
    "dict://127.0.0.1:11211/stat",
    "ldap://127.0.0.1/",
    "javascript:alert(1)",
    "data:text/html,<b>x</b>",
    "//127.0.0.1/no-scheme",
    "http:///no-host",
]
LOCAL_ALLOWED = [
    "http://127.0.0.1/feed",
    "http://10.0.0.1/feed",
    "http://[::1]/feed",
    "http://private.attacker.example/feed",
    "file:///tmp/feed.xml",
]
ALWAYS_REFUSED = [
    "http://169.254.169.254/",
    "http://metadata.attacker.example/",
    "http://[fd00:ec2::254]/",
    "http://[::ffff:169.254.169.254]/",
]
FIXTURE = ipaddress.ip_network("127.0.0.1/32")


def hostile_resolver(host: str, port: int) -> list[str]:
    """The attacker's DNS for its names; numeric forms parsed locally; anything else refused."""
    if host in HOSTILE_DNS:
        return HOSTILE_DNS[host]
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_NUMERICHOST)
    except (socket.gaierror, UnicodeError) as exc:
        raise AddressRefused(f"stub resolver: {host!r} is not a test name") from exc
    return [str(info[4][0]) for info in infos]


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every URL an HTTP request was actually sent to."""
    urls: list[str] = []
    real_send = requests.Session.send

    def spy(self: requests.Session, request: requests.PreparedRequest, **kwargs: object) -> object:
        urls.append(str(request.url))
        return real_send(self, request, **kwargs)

    monkeypatch.setattr(requests.Session, "send", spy)
    return urls


@pytest.fixture(scope="module")
def redirector() -> Iterator[FixtureServer]:
    """A loopback server answering /to/<n> with a redirect to hostile URL number n."""
    with FixtureServer() as server:
        for number, url in enumerate(REDIRECT_TARGETS):
            server.routes[f"/to/{number}"] = Reply(302, {"Location": url})
        yield server


def _is_fixture_address(url: str) -> bool:
    """True when every address of ``url``'s host is the (trusted) fixture server's."""
    from urllib.parse import urlsplit

    try:
        host = urlsplit(url).hostname
        addresses = hostile_resolver(host, 80) if host else []
    except AddressRefused:
        return False
    return bool(addresses) and all(ipaddress.ip_address(a) in FIXTURE for a in addresses)


# "http:///no-host" in a Location header is a path on the redirecting server, not a new host.
REDIRECT_TARGETS = [url for url in HOSTILE_URLS if not _is_fixture_address(url) and url != "http:///no-host"]


@pytest.fixture
def client() -> Iterator[HttpClient]:
    """The one HTTP client, with the hostile resolver, trusting nothing."""
    http = HttpClient(fetch_settings(retries=0), resolver=hostile_resolver)
    yield http
    http.close()


@pytest.fixture
def redirect_client() -> Iterator[HttpClient]:
    """The same client trusting the fixture server that issues the redirects."""
    http = HttpClient(fetch_settings(retries=0), resolver=hostile_resolver, trusted=[FIXTURE])
    yield http
    http.close()


@pytest.fixture(scope="module")
def tally() -> Iterator[dict[str, int]]:
    """Cases tried and refused per channel, recorded as the module's figure."""
    counts = {"tried": 0, "refused": 0}
    yield counts


def _refused_without_contact(
    error: str | None, sent: list[str], channel: str, tally: dict[str, int], allowed_contacts: int = 0
) -> None:
    tally["tried"] += 1
    assert error and ("refused" in error or "not a test name" in error), f"{channel}: {error}"
    assert len(sent) == allowed_contacts, f"{channel}: contacted {sent}"
    tally["refused"] += 1


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_feed_url_to_internal_target_is_refused_before_connecting(url, client, sent, tally):
    read = read_feed(client, FeedSpec(url=url, name="hostile"), FeedState())
    assert read.status == "error"
    _refused_without_contact(read.error, sent, "feed", tally)


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_article_link_to_internal_target_is_refused_before_connecting(url, client, sent, tally):
    page = fetch_page(client, None, url, allow_local=False)
    _refused_without_contact(page.fetch_error, sent, "article", tally)


@pytest.mark.parametrize("number", range(len(REDIRECT_TARGETS)))
def test_redirect_to_internal_target_is_refused_before_following(
    number, redirect_client, sent, redirector, tally
):
    page = fetch_page(redirect_client, None, redirector.url(f"/to/{number}"), allow_local=False)
    _refused_without_contact(page.fetch_error, sent, "redirect", tally, allowed_contacts=1)
    assert sent == [redirector.url(f"/to/{number}")]


@pytest.mark.parametrize("url", LOCAL_ALLOWED)
def test_feed_marked_local_may_reach_the_local_network(url):
    check_url(url, allow_local=True, allow_file=True, resolver=hostile_resolver)


@pytest.mark.parametrize("url", ALWAYS_REFUSED)
def test_metadata_service_is_refused_even_for_local_feeds(url):
    with pytest.raises(AddressRefused, match="metadata"):
        check_url(url, allow_local=True, allow_file=True, resolver=hostile_resolver)


def test_ssrf_figures(tally, record):
    """Not a check of its own: records how many hostile cases the table above refused."""
    record(
        Figure(
            "ssrf",
            "SSRF: feed links, article links, redirects",
            tally["tried"],
            notes=f"{len(HOSTILE_URLS)} hostile targets via feed and article links, "
            f"{len(REDIRECT_TARGETS)} via redirects; refused {tally['refused']} of "
            f"{tally['tried']}, 0 connections to them; {len(LOCAL_ALLOWED)} allowed for "
            f"`local: true`, metadata refused even then",
        )
    )
    assert tally["refused"] == tally["tried"]
