"""Per-feed summary lines and the pass's exit status."""

import pytest

from connectors.feeds.summary import FeedSummary, pass_failed

pytestmark = pytest.mark.unit


def test_line_shows_counts():
    line = FeedSummary("wire", "http://f", "ok", new=3, unchanged=2, errors=1, last_problem="HTTP 404").line()
    assert line == "wire: ok, 3 new, 2 unchanged, 1 errors (last: HTTP 404)"


def test_line_reports_an_ill_formed_feed():
    assert (
        "ill-formed feed: SAXParseException" in FeedSummary("x", "u", "ok", bozo="SAXParseException").line()
    )


def test_error_line_gives_the_reason():
    assert FeedSummary("x", "u", "error", error="HTTP 500").line() == "x: error: HTTP 500"


def test_pass_fails_when_every_attempted_feed_failed():
    assert pass_failed([FeedSummary("a", "u", "error"), FeedSummary("b", "u", "disabled")])


def test_pass_succeeds_when_one_feed_was_polled():
    assert not pass_failed([FeedSummary("a", "u", "error"), FeedSummary("b", "u", "not_modified")])


def test_pass_with_nothing_due_is_not_a_failure():
    assert not pass_failed([FeedSummary("a", "u", "not_due")])
