"""A time guard for page extraction: the work runs in a child process that can be killed.

trafilatura cannot be interrupted from inside (and signals only reach a process's main
thread, which a Beam worker's DoFns do not run on), so a page that takes too long costs us
one child process, never a stuck worker.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any


class PageTimeout(RuntimeError):
    """The page took longer than the guard allows."""


def _serve(conn: Connection, fn: Callable[..., Any]) -> None:
    """Child loop: call ``fn`` on each request, send back ("ok", result) or ("error", reason)."""
    while True:
        try:
            args = conn.recv()
        except EOFError:
            return
        try:
            conn.send(("ok", fn(*args)))
        except Exception as exc:
            conn.send(("error", f"{type(exc).__name__}: {exc}"))


class GuardedWorker:
    """Calls a module-level function in a child process, giving up (and killing it) after a timeout."""

    def __init__(self, fn: Callable[..., Any], timeout: float) -> None:
        self.fn = fn
        self.timeout = timeout
        self._context = multiprocessing.get_context("spawn")
        self._process: multiprocessing.process.BaseProcess | None = None
        self._conn: Connection | None = None

    def _start(self) -> None:
        parent, child = self._context.Pipe()
        self._process = self._context.Process(target=_serve, args=(child, self.fn), daemon=True)
        self._process.start()
        child.close()
        self._conn = parent

    def call(self, *args: Any) -> Any:
        """``fn(*args)`` in the child; raises PageTimeout or RuntimeError with the child's reason."""
        if self._process is None or not self._process.is_alive():
            self._start()
        assert self._conn is not None
        self._conn.send(args)
        if not self._conn.poll(self.timeout):
            self.close()
            raise PageTimeout(f"gave up after {self.timeout:g}s")
        try:
            status, value = self._conn.recv()
        except EOFError as exc:
            self.close()
            raise RuntimeError("extraction process died") from exc
        if status == "error":
            raise RuntimeError(value)
        return value

    def close(self) -> None:
        """Kill the child, if any; the next call starts a fresh one."""
        if self._process is not None:
            self._process.kill()
            self._process.join(5)
        if self._conn is not None:
            self._conn.close()
        self._process, self._conn = None, None
