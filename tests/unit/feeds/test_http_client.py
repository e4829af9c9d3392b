"""The guarded HTTP client against a loopback fixture server (no Kafka needed)."""

import gzip
import ipaddress

import pytest
from urllib3.util import connection as urllib3_connection

from connectors.feeds.errors import AddressRefused, FetchError
from connectors.feeds.http_client import HttpClient
from tests.fixture_http import FixtureServer, Reply
from tests.unit.feeds.loopback_client import FAST, client, loopback

pytestmark = pytest.mark.unit


@pytest.fixture
def server():
    with FixtureServer() as running:
        yield running


def test_user_agent_is_sent(server):
    server.routes["/a"] = Reply(body=b"ok")
    client().get(server.url("/a"), allow_local=True, max_bytes=100)
    assert server.requests[0].headers["user-agent"] == "sitrep-test/1"


def test_gzip_body_is_decoded(server):
    server.routes["/z"] = Reply(headers={"Content-Encoding": "gzip"}, body=gzip.compress(b"hello"))
    assert client().get(server.url("/z"), allow_local=True, max_bytes=100).body == b"hello"


def test_server_errors_are_retried_then_reported(server):
    server.routes["/500"] = Reply(500)
    with pytest.raises(FetchError, match=r"HTTP 500.*3 attempts"):
        client().get(server.url("/500"), allow_local=True, max_bytes=100)
    assert server.hits("/500") == 3


def test_client_errors_are_returned_without_retrying(server):
    server.routes["/gone"] = Reply(410)
    assert client().get(server.url("/gone"), allow_local=True, max_bytes=100).status == 410
    assert server.hits("/gone") == 1


def test_slow_host_times_out(server):
    server.routes["/slow"] = Reply(body=b"late", delay=1.5)
    with pytest.raises(FetchError, match="timed out"):
        client(retries=0).get(server.url("/slow"), allow_local=True, max_bytes=100)


def test_body_over_the_cap_is_refused(server):
    server.routes["/big"] = Reply(body=b"x" * 5000)
    with pytest.raises(FetchError, match="cap"):
        client().get(server.url("/big"), allow_local=True, max_bytes=1000)


def test_redirects_are_followed(server):
    server.routes["/old"] = Reply(301, {"Location": "/new"})
    server.routes["/new"] = Reply(body=b"moved")
    response = client().get(server.url("/old"), allow_local=True, max_bytes=100)
    assert (response.url, response.body) == (server.url("/new"), b"moved")


def test_redirect_loop_stops_at_the_limit(server):
    server.routes["/loop"] = Reply(302, {"Location": "/loop"})
    with pytest.raises(FetchError, match="redirects"):
        client(max_redirects=3).get(server.url("/loop"), allow_local=True, max_bytes=100)
    assert server.hits("/loop") == 4


@pytest.mark.parametrize("location", ["http://%zz/", "http://[::1/x", "http://xn--/x", "http://a.example:99999/"])
def test_redirect_to_an_unusable_url_is_a_clear_fetch_error(server, location):
    server.routes["/r"] = Reply(302, {"Location": location})
    with pytest.raises(AddressRefused, match=r"refused redirect from .*unusable URL"):
        client().get(server.url("/r"), allow_local=True, max_bytes=100)


def test_redirect_to_a_private_address_is_refused_before_connecting(server, monkeypatch):
    server.routes["/r"] = Reply(302, {"Location": "http://intranet.example/admin"})
    connected = []
    real_connect = urllib3_connection.create_connection

    def recording_connect(address, *args, **kwargs):
        connected.append(address[0])
        return real_connect(address, *args, **kwargs)

    monkeypatch.setattr(urllib3_connection, "create_connection", recording_connect)
    public_fixture = HttpClient(FAST, resolver=loopback, trusted=[ipaddress.ip_network("127.0.0.1/32")])
    with pytest.raises(AddressRefused, match=r"10\.0\.0\.1"):
        public_fixture.get(server.url("/r"), allow_local=False, max_bytes=100)
    assert set(connected) == {"127.0.0.1"}


def test_local_feed_redirect_to_metadata_service_is_refused(server):
    server.routes["/r"] = Reply(302, {"Location": "http://metadata.example/latest/meta-data/"})
    with pytest.raises(AddressRefused, match="metadata"):
        client().get(server.url("/r"), allow_local=True, max_bytes=100)


def test_loopback_is_refused_for_ordinary_feeds(server):
    server.routes["/a"] = Reply(body=b"ok")
    with pytest.raises(AddressRefused):
        client().get(server.url("/a"), allow_local=False, max_bytes=100)
    assert server.requests == []


def test_file_url_is_read_for_local_feeds(tmp_path):
    feed = tmp_path / "f.xml"
    feed.write_bytes(b"<rss/>")
    assert client().get(feed.as_uri(), allow_local=True, max_bytes=100).body == b"<rss/>"


def test_dns_rebinding_between_check_and_connect_is_refused(monkeypatch):
    """The name answers a public address when checked, then a private one: no connection opens."""
    answers = iter([["93.184.216.34"], ["10.0.0.7"]])
    connected = []

    def refuse_to_connect(address, *args, **kwargs):
        connected.append(address)
        pytest.fail(f"a connection to {address} was attempted")

    monkeypatch.setattr(urllib3_connection, "create_connection", refuse_to_connect)
    rebinding = HttpClient(FAST, resolver=lambda host, port: next(answers))
    with pytest.raises(AddressRefused, match=r"10\.0\.0\.7"):
        rebinding.get("http://rebind.example/feed.xml", allow_local=False, max_bytes=100)
    assert connected == []
