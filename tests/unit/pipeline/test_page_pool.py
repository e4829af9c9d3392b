"""Several guarded children at once: every call comes back exactly once, overruns are killed."""

from __future__ import annotations

import time

import pytest

from pipelines.page_pool import GuardedPool
from pipelines.page_worker import PageTimeout

pytestmark = pytest.mark.unit


def test_every_call_comes_back_once_with_its_tag() -> None:
    pool = GuardedPool(len, 30, size=2)
    try:
        done = [
            outcome for word in ("a", "bb", "ccc", "dddd", "eeeee") for outcome in pool.submit(word, (word,))
        ]
        done += pool.drain()
    finally:
        pool.close()
    assert sorted((outcome.tag, outcome.value) for outcome in done) == [
        ("a", 1),
        ("bb", 2),
        ("ccc", 3),
        ("dddd", 4),
        ("eeeee", 5),
    ]
    assert all(outcome.error is None for outcome in done)


def test_a_call_over_the_guard_times_out_and_the_others_carry_on() -> None:
    pool = GuardedPool(time.sleep, 1.0, size=2)
    try:
        done = [*pool.submit("slow", (60,)), *pool.submit("quick", (0,)), *pool.drain()]
        by_tag = {outcome.tag: outcome for outcome in done}
        assert isinstance(by_tag["slow"].error, PageTimeout) and by_tag["quick"].error is None
        again = [*pool.submit("after", (0,)), *pool.drain()]  # the killed child was replaced
        assert [(outcome.tag, outcome.error) for outcome in again] == [("after", None)]
    finally:
        pool.close()


def test_a_failing_call_reports_the_childs_reason() -> None:
    pool = GuardedPool(len, 30, size=1)
    try:
        (outcome,) = [*pool.submit("no length", (7,)), *pool.drain()]
    finally:
        pool.close()
    assert isinstance(outcome.error, RuntimeError) and "TypeError" in str(outcome.error)
