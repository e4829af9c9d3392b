"""The state store remembers ids and validators across runs and keeps pollers apart."""

import pytest

from connectors.feeds.state_store import FeedState, PollerLocked, StateStore

pytestmark = pytest.mark.unit


def test_marked_ids_are_seen_after_reopening(tmp_path):
    StateStore(tmp_path).mark_seen([("a" * 32, "http://f")], when=1.0)
    assert StateStore(tmp_path).seen("a" * 32)


def test_unmarked_ids_are_not_seen(tmp_path):
    assert not StateStore(tmp_path).seen("b" * 32)


def test_feed_validators_and_schedule_round_trip(tmp_path):
    state = FeedState(
        '"etag"', "Tue, 14 Nov 2023 22:13:20 GMT", 10.0, 310.0, frozenset({3, 4}), frozenset({"Sunday"})
    )
    StateStore(tmp_path).save_feed_state("http://f", state)
    assert StateStore(tmp_path).feed_state("http://f") == state


def test_unknown_feed_has_empty_state(tmp_path):
    assert StateStore(tmp_path).feed_state("http://new") == FeedState()


def test_second_poller_is_refused_while_the_first_holds_the_lock(tmp_path):
    first, second = StateStore(tmp_path), StateStore(tmp_path)
    with first.lock(), pytest.raises(PollerLocked), second.lock():
        pass


def test_lock_is_free_again_after_a_pass(tmp_path):
    store = StateStore(tmp_path)
    with store.lock():
        pass
    with StateStore(tmp_path).lock():
        pass
