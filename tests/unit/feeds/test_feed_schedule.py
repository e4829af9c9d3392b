"""The feed's own schedule hints: ttl, skipHours and skipDays."""

from datetime import UTC, datetime

import pytest

from connectors.feeds.feed_reader import _skip_days, _skip_hours, _ttl_seconds
from connectors.feeds.poller import _due
from connectors.feeds.state_store import FeedState

pytestmark = pytest.mark.unit
NOON_MONDAY = datetime(2024, 5, 6, 12, 0, tzinfo=UTC).timestamp()


def test_ttl_is_minutes():
    assert _ttl_seconds("60") == 3600.0


def test_nonsense_ttl_is_ignored():
    assert _ttl_seconds("soon") == 0.0


def test_all_skip_hours_are_read():
    assert _skip_hours(b"<skipHours><hour>1</hour><hour>12</hour></skipHours>") == {1, 12}


def test_skip_days_are_read():
    assert _skip_days(b"<skipDays><day>monday</day></skipDays>") == {"Monday"}


def test_feed_is_not_due_before_its_interval_ends():
    assert not _due(FeedState(next_due=NOON_MONDAY + 60), NOON_MONDAY)


def test_feed_is_not_due_in_a_skip_hour():
    assert not _due(FeedState(skip_hours=frozenset({12})), NOON_MONDAY)


def test_feed_is_not_due_on_a_skip_day():
    assert not _due(FeedState(skip_days=frozenset({"Monday"})), NOON_MONDAY)


def test_feed_never_polled_is_due():
    assert _due(FeedState(), NOON_MONDAY)
