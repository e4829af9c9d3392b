"""Two polling passes over the fixture feeds, read back from the real Kafka.

One module-scoped scenario (two passes over seeds, a feed of misbehaving pages, a feed whose
server is down and a feed that answers 500); each test asserts one behaviour of its result.
"""

from __future__ import annotations

import ipaddress
from collections import Counter
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from connectors.feeds.feeds_file import load_feeds
from connectors.feeds.poller import poll_pass
from connectors.feeds.urls import article_id, canonical_url
from schemas import load_json
from tests.fixture_http import FixtureServer, Reply
from tests.integration.feeds.conftest import (
    closed_port,
    fetch_settings,
    loopback_resolver,
    read_topic,
    write_feeds_file,
)

pytestmark = pytest.mark.integration
TEN_MB = 10 * 1024 * 1024


def script_odd_routes(server: FixtureServer) -> None:
    server.routes.update(
        {
            "/robots.txt": Reply(
                body=b"User-agent: *\nDisallow: /private/\n", headers={"Content-Type": "text/plain"}
            ),
            "/odd/slow.html": Reply(
                body=b"<html>late</html>", headers={"Content-Type": "text/html"}, delay=1.5
            ),
            "/odd/500.html": Reply(500),
            "/odd/to-intranet.html": Reply(302, {"Location": "http://intranet.example/admin"}),
            "/odd/huge.html": Reply(body=b"<html>" + b"x" * TEN_MB, headers={"Content-Type": "text/html"}),
            "/odd/report.pdf": Reply(body=b"%PDF-1.4", headers={"Content-Type": "application/pdf"}),
            "/feeds/broken-500.xml": Reply(500),
        }
    )


@pytest.fixture(scope="module")
def scenario(fixture_server, raw_topic, kafka_settings, tmp_path_factory) -> dict[str, Any]:
    script_odd_routes(fixture_server)
    base = fixture_server.base_url
    feeds_file = write_feeds_file(
        tmp_path_factory.mktemp("feeds") / "feeds.yaml",
        [
            {
                "name": "world",
                "url": f"{base}/feeds/world-conflict.xml",
                "local": True,
                "labels": {"region": "world"},
            },
            {"name": "africa", "url": f"{base}/feeds/africa.atom", "local": True},
            # Not local: the loopback server is trusted as if public, so the intranet redirect is refused.
            {"name": "odd", "url": f"{base}/test-feeds/odd-cases.xml"},
            {"name": "down", "url": f"http://127.0.0.1:{closed_port()}/feed.xml", "local": True},
            {"name": "failing", "url": f"{base}/feeds/broken-500.xml", "local": True},
        ],
    )
    feeds = load_feeds(feeds_file)
    state_dir = tmp_path_factory.mktemp("state")
    run = dict(
        fetch=fetch_settings(),
        kafka=kafka_settings,
        state_dir=state_dir,
        topic=raw_topic,
        resolver=loopback_resolver,
        trusted=[ipaddress.ip_network("127.0.0.1/32")],
    )
    first = {s.name: s for s in poll_pass(feeds, **run)}
    requests_after_first = len(fixture_server.requests)
    second = {s.name: s for s in poll_pass(feeds, **run)}
    return {
        "first": first,
        "second": second,
        "server": fixture_server,
        "second_requests": fixture_server.requests[requests_after_first:],
        "messages": read_topic(kafka_settings, raw_topic),
    }


def by_title(scenario, title: str) -> dict[str, Any]:
    return next(value for _, value in scenario["messages"] if value["title"] == title)


def page_id(server: FixtureServer, path: str) -> str:
    return article_id(canonical_url(server.url(path)))


def test_each_article_arrives_exactly_once_over_two_passes(scenario):
    counts = Counter(key for key, _ in scenario["messages"])
    assert len(counts) == 4 + 8 and set(counts.values()) == {1}  # 4 seed articles, 8 odd pages


def test_article_in_two_feeds_is_produced_once(scenario):
    sahel = page_id(scenario["server"], "/pages/sahel-convoy-attack.html")
    assert [key for key, _ in scenario["messages"]].count(sahel) == 1


def test_tracking_parameters_do_not_change_the_id(scenario):
    aleppo = page_id(scenario["server"], "/pages/aleppo-bombardment.html")
    assert aleppo in {key for key, _ in scenario["messages"]}


def test_every_message_satisfies_the_raw_article_contract(scenario):
    validator = jsonschema.Draft202012Validator(
        load_json("raw-article.json"), format_checker=jsonschema.FormatChecker()
    )
    for _, value in scenario["messages"]:
        validator.validate(value)


def test_message_key_is_the_article_id(scenario):
    assert all(key == value["id"] for key, value in scenario["messages"])


def test_fetched_page_html_is_carried(scenario):
    aleppo = by_title(scenario, "Rebel-held areas of Aleppo come under heavy bombardment for second day")
    assert "cluster bombs fell" in aleppo["html"] and aleppo["fetch_error"] is None


def test_feed_labels_are_copied_onto_articles(scenario):
    assert by_title(scenario, "Shelling of Donetsk suburbs kills four civilians")["labels"] == {
        "region": "world"
    }


def test_second_pass_sends_conditional_get(scenario):
    feed_requests = [r for r in scenario["second_requests"] if r.path == "/feeds/world-conflict.xml"]
    assert feed_requests and "if-none-match" in feed_requests[0].headers


def test_unchanged_feed_is_reported_not_modified(scenario):
    assert scenario["second"]["world"].status == "not_modified"


def test_first_pass_counts_new_and_already_seen_entries(scenario):
    africa, world = scenario["first"]["africa"], scenario["first"]["world"]
    assert world.new + africa.new == 4 and world.unchanged + africa.unchanged == 1


def test_server_that_is_down_is_an_error_line(scenario):
    assert scenario["first"]["down"].status == "error" and "cannot connect" in scenario["first"]["down"].error


def test_feed_answering_500_is_retried_and_reported(scenario):
    assert scenario["first"]["failing"].status == "error" and "HTTP 500" in scenario["first"]["failing"].error


def test_other_feeds_are_polled_despite_failing_ones(scenario):
    assert {scenario["first"][name].status for name in ("world", "africa", "odd")} == {"ok"}


def test_slow_page_is_a_fetch_error_with_the_feed_summary(scenario):
    slow = by_title(scenario, "Slow page")
    assert "timed out" in slow["fetch_error"] and slow["summary"] == "slow summary" and slow["html"] is None


def test_page_answering_500_is_a_fetch_error(scenario):
    assert "HTTP 500" in by_title(scenario, "Failing page")["fetch_error"]


def test_missing_page_is_a_fetch_error_with_its_status(scenario):
    missing = by_title(scenario, "Missing page")
    assert (missing["http_status"], missing["fetch_error"].startswith("HTTP 404")) == (404, True)


def test_redirect_to_a_private_address_is_refused(scenario):
    assert "10.0.0.1" in by_title(scenario, "Redirect to the intranet")["fetch_error"]


def test_page_over_the_cap_is_a_fetch_error(scenario):
    assert "cap" in by_title(scenario, "Ten megabyte page")["fetch_error"]


def test_mislabelled_charset_is_decoded_correctly(scenario):
    assert "Zürich-based monitors counted 12 déplacés" in by_title(scenario, "Mislabelled charset")["html"]


def test_robots_disallowed_page_is_not_fetched(scenario):
    forbidden = by_title(scenario, "Forbidden by robots")
    assert "robots.txt" in forbidden["fetch_error"] and scenario["server"].hits("/private/secret.html") == 0


def test_non_html_page_is_a_fetch_error(scenario):
    assert "application/pdf" in by_title(scenario, "A PDF, not a page")["fetch_error"]


def test_entry_without_a_link_is_counted_not_produced(scenario):
    assert scenario["first"]["odd"].unusable == 1


def test_page_fetch_errors_are_counted_in_the_summary(scenario):
    assert scenario["first"]["odd"].errors == 7


def test_second_pass_produces_nothing_new(scenario):
    assert sum(s.new for s in scenario["second"].values()) == 0


def test_seed_feeds_file_points_at_the_demo_fixture_server():
    feeds = load_feeds(Path(__file__).resolve().parents[3] / "seeds" / "feeds.yaml")
    assert all(f.url.startswith("http://127.0.0.1:8765/") for f in feeds if f.enabled)
