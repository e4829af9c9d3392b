"""robots.txt is read at most once a day per host, across passes, and a failed read is retried."""

from urllib.parse import urlsplit

import pytest

from connectors.feeds.robots import ROBOTS_MAX_AGE, RobotsCache
from connectors.feeds.state_store import StateStore
from tests.fixture_http import FixtureServer, Reply
from tests.unit.feeds.loopback_client import client

pytestmark = pytest.mark.unit
RULES = b"User-agent: *\nDisallow: /private/\n"


@pytest.fixture
def server():
    with FixtureServer() as running:
        running.routes["/robots.txt"] = Reply(body=RULES, headers={"Content-Type": "text/plain"})
        yield running


def a_pass(store, now):
    """A new cache, as each polling pass builds one, on the shared store and a fixed clock."""
    return RobotsCache(client(), store, clock=lambda: now)


def test_rules_read_in_one_pass_serve_the_next_ones_for_a_day(server, tmp_path):
    store = StateStore(tmp_path)
    assert not a_pass(store, 1000.0).allowed(server.url("/private/a.html"), allow_local=True)
    later = a_pass(store, 1000.0 + ROBOTS_MAX_AGE - 1)
    assert not later.allowed(server.url("/private/b.html"), allow_local=True)
    assert later.allowed(server.url("/news/c.html"), allow_local=True)
    assert server.hits("/robots.txt") == 1


def test_rules_older_than_a_day_are_read_again(server, tmp_path):
    store = StateStore(tmp_path)
    a_pass(store, 1000.0).allowed(server.url("/a.html"), allow_local=True)
    server.routes["/robots.txt"] = Reply(body=b"User-agent: *\nDisallow: /\n")
    next_day = a_pass(store, 1000.0 + ROBOTS_MAX_AGE + 1)
    assert not next_day.allowed(server.url("/a.html"), allow_local=True)
    assert server.hits("/robots.txt") == 2


def test_a_host_without_robots_txt_is_remembered_as_having_no_rules(server, tmp_path):
    store = StateStore(tmp_path)
    server.routes["/robots.txt"] = Reply(404)
    assert a_pass(store, 1000.0).allowed(server.url("/private/a.html"), allow_local=True)
    assert a_pass(store, 2000.0).allowed(server.url("/private/a.html"), allow_local=True)
    assert server.hits("/robots.txt") == 1


def test_a_failed_read_disallows_this_pass_and_is_read_again_next_pass(server, tmp_path):
    store = StateStore(tmp_path)
    server.routes["/robots.txt"] = Reply(503)
    assert not a_pass(store, 1000.0).allowed(server.url("/news/a.html"), allow_local=True)
    server.routes["/robots.txt"] = Reply(body=RULES)
    assert a_pass(store, 1060.0).allowed(server.url("/news/a.html"), allow_local=True)
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(server.url("/")))
    assert StateStore(tmp_path).robots(origin, fetched_since=0.0) == RULES.decode()
