"""The extraction time guard: a child process that answers, reports errors, and can be killed."""

from __future__ import annotations

import pytest

from pipelines import page_worker
from pipelines.page_worker import GuardedWorker, PageTimeout, give_back, lease

pytestmark = pytest.mark.unit


def test_the_child_answers_with_the_function_result() -> None:
    worker = GuardedWorker(len, 30)
    try:
        assert worker.call("four") == 4
    finally:
        worker.close()


def test_an_exception_in_the_child_comes_back_as_its_reason() -> None:
    worker = GuardedWorker(int, 30)
    try:
        with pytest.raises(RuntimeError, match="ValueError"):
            worker.call("not a number")
        assert worker.call("12") == 12
    finally:
        worker.close()


def test_a_call_over_the_budget_kills_the_child_and_the_next_call_starts_a_new_one() -> None:
    worker = GuardedWorker(len, 0.000001)
    with pytest.raises(PageTimeout):
        worker.call("x" * 1000)
    worker.timeout = 30
    try:
        assert worker.call("abc") == 3
    finally:
        worker.close()


def test_a_worker_given_back_is_leased_again_with_its_child_still_running() -> None:
    first = lease(len, 30)
    first.call("warm")
    child = first._process
    give_back(first)
    again = lease(len, 30)
    try:
        assert again is first and again._process is child and child.poll() is None
        assert again.call("abc") == 3
    finally:
        again.close()


def test_a_worker_given_back_beyond_one_per_core_is_closed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(page_worker, "_MAX_SPARE", 1)
    kept, extra = lease(len, 30), GuardedWorker(len, 30)
    kept.call("a")
    extra.call("b")
    child = extra._process
    give_back(kept)
    give_back(extra)
    try:
        assert child.wait(5) is not None and extra._process is None
    finally:
        lease(len, 30).close()
