"""Several guarded children working at once, each reply taken as soon as it arrives.

A DoFn handles one element at a time on one thread. With one child, the process waits while
the child parses a page, and on the in-process path (the whole pipeline in the sitrep
process) that leaves every other core idle. The pool keeps one page in flight per child and
hands back whichever reply comes first, so the children parse side by side while the process
decodes, tags and writes what came back. Each page keeps its own time guard: a child that
overruns is killed and its page reported as timed out, the others carry on.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from pipelines.page_worker import GuardedWorker, PageTimeout, give_back, lease


@dataclass(frozen=True)
class Outcome:
    """One finished call: the caller's tag with the function's value, or why there is none."""

    tag: Any
    value: Any = None
    error: RuntimeError | None = None  # PageTimeout, or the child's failure


class GuardedPool:
    """``size`` guarded workers for ``fn``; `submit` and `drain` return the calls that finished."""

    def __init__(self, fn: Callable[..., Any], timeout: float, size: int) -> None:
        self.idle: list[GuardedWorker] = [lease(fn, timeout) for _ in range(max(1, size))]
        self.busy: dict[Connection, tuple[GuardedWorker, Any, float]] = {}

    def submit(self, tag: Any, args: tuple[Any, ...]) -> list[Outcome]:
        """Start ``fn(*args)`` in an idle child, first waiting for one to finish if none is."""
        done: list[Outcome] = []
        while not self.idle:
            done += self._collect()
        worker = next((w for w in self.idle if w.running), self.idle[-1])  # a started child first
        self.idle.remove(worker)
        try:
            replies = worker.send(args)
        except RuntimeError as exc:
            self.idle.append(worker)
            return [*done, Outcome(tag, error=exc)]
        self.busy[replies] = (worker, tag, time.monotonic() + worker.timeout)
        return done

    def drain(self) -> list[Outcome]:
        """Every call still in flight, once it has finished or timed out."""
        done: list[Outcome] = []
        while self.busy:
            done += self._collect()
        return done

    def close(self) -> None:
        """Hand idle children back for the next pipeline in this process (`give_back`); one
        still busy would answer that pipeline with a stale reply, so it is killed."""
        for worker in self.idle:
            give_back(worker)
        for worker, _, _ in self.busy.values():
            worker.close()
        self.idle, self.busy = [], {}

    def _collect(self) -> list[Outcome]:
        """Wait for at least one reply or the earliest deadline; what finished or overran."""
        soonest = min(deadline for _, _, deadline in self.busy.values())
        ready = wait(list(self.busy), timeout=max(0.0, soonest - time.monotonic()))
        done: list[Outcome] = []
        for replies in ready:
            worker, tag, _ = self.busy.pop(replies)  # type: ignore[call-overload]
            try:
                done.append(Outcome(tag, worker.receive()))
            except RuntimeError as exc:
                done.append(Outcome(tag, error=exc))
            self.idle.append(worker)
        now = time.monotonic()
        for replies, (worker, tag, deadline) in list(self.busy.items()):
            if deadline <= now:
                del self.busy[replies]
                worker.close()
                self.idle.append(worker)
                done.append(Outcome(tag, error=PageTimeout(f"gave up after {worker.timeout:g}s")))
        return done
