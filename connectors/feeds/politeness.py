"""Per-host politeness: at most one request at a time per host, and a pause between them.

A pass polls many feeds concurrently, but many of them live on a few big news sites; the
gate keeps the pool wide across hosts and narrow (one, spaced out) within each host.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager


class HostGate:
    """Serialises requests per host and spaces them by ``delay`` seconds."""

    def __init__(
        self,
        delay: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._delay = delay
        self._clock = clock
        self._sleep = sleep
        self._guard = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}
        self._last: dict[str, float] = {}

    def _lock_for(self, host: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(host, threading.Lock())

    @contextmanager
    def slot(self, host: str) -> Iterator[None]:
        """Hold the host's single slot, waiting out the delay since its last request ended."""
        host = host.lower()
        with self._lock_for(host):
            last = self._last.get(host)
            if last is not None:
                wait = last + self._delay - self._clock()
                if wait > 0:
                    self._sleep(wait)
            try:
                yield
            finally:
                self._last[host] = self._clock()
