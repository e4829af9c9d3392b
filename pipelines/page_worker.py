"""A time guard for page extraction: the work runs in a child process that can be killed.

trafilatura cannot be interrupted from inside (and signals only reach a process's main
thread, which a Beam worker's DoFns do not run on), so a page that takes too long costs us
one child process, never a stuck worker.

The child is long-lived (replaced only after a kill; a DoFn holds one per core on the
in-process path, one on the workers: `pipelines.page_pool`) and is started
as ``python -m pipelines.page_worker``, not by multiprocessing's spawn: spawn re-imports the
parent's main module, which in a Beam worker is the whole SDK harness. This way the child
imports only the function's module (Beam-free ``pipelines.page_text``) and trafilatura, at a
third of the start-up CPU and memory. Requests and replies are pickles over two OS pipes.

Starting a child still costs about a second (Python, trafilatura, lxml), so a DoFn's
teardown hands its workers back (`give_back`) and the next setup in the same process
(`lease`) takes them: when pipelines run inside one long-lived process (the windows of a
cycle, the cycles of `sitrep run --every`) the same children serve them all. A child whose parent exits sees
its request pipe close and exits too.
"""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from typing import Any

# Idle workers per (function, timeout) left by finished pipelines in this process: at most one
# per core (a pool on the in-process path holds that many).
_SPARE: dict[tuple[str, str, float], list[GuardedWorker]] = {}
_MAX_SPARE = os.cpu_count() or 1


class PageTimeout(RuntimeError):
    """The page took longer than the guard allows."""


def _serve(requests: Connection, replies: Connection, fn: Callable[..., Any]) -> None:
    """Child loop: call ``fn`` on each request, send back ("ok", result) or ("error", reason)."""
    while True:
        try:
            args = requests.recv()
        except EOFError:
            return
        try:
            replies.send(("ok", fn(*args)))
        except Exception as exc:
            replies.send(("error", f"{type(exc).__name__}: {exc}"))


class GuardedWorker:
    """Calls a module-level function in a child process, giving up (and killing it) after a timeout."""

    def __init__(self, fn: Callable[..., Any], timeout: float) -> None:
        self.fn = fn
        self.timeout = timeout
        self._process: subprocess.Popen[bytes] | None = None
        self._requests: Connection | None = None
        self._replies: Connection | None = None

    def _start(self) -> None:
        request_read, request_write = os.pipe()
        reply_read, reply_write = os.pipe()
        argv = [
            sys.executable,
            "-m",
            "pipelines.page_worker",
            self.fn.__module__,
            self.fn.__qualname__,
            str(request_read),
            str(reply_write),
        ]
        try:
            self._process = subprocess.Popen(
                argv, pass_fds=(request_read, reply_write), stdin=subprocess.DEVNULL, close_fds=True
            )
        finally:
            os.close(request_read)
            os.close(reply_write)
        self._requests = Connection(request_write, readable=False)
        self._replies = Connection(reply_read, writable=False)

    @property
    def running(self) -> bool:
        """True while its child is alive (a new worker starts its child on the first call)."""
        return self._process is not None and self._process.poll() is None

    def call(self, *args: Any) -> Any:
        """``fn(*args)`` in the child; raises PageTimeout or RuntimeError with the child's reason."""
        replies = self.send(args)
        try:
            ready = replies.poll(self.timeout)
        except (EOFError, OSError) as exc:
            self.close()
            raise RuntimeError("extraction process died") from exc
        if not ready:
            self.close()
            raise PageTimeout(f"gave up after {self.timeout:g}s")
        return self.receive()

    def send(self, args: tuple[Any, ...]) -> Connection:
        """Hand ``args`` to the child (started first if it is not running); returns the
        connection its reply will arrive on, for `receive` once it is readable."""
        if self._process is None or self._process.poll() is not None:
            self.close()
            self._start()
        assert self._requests is not None and self._replies is not None
        try:
            self._requests.send(args)
        except (BrokenPipeError, EOFError, OSError) as exc:
            self.close()
            raise RuntimeError("extraction process died") from exc
        return self._replies

    def receive(self) -> Any:
        """The reply to the last `send` (waits for it); raises RuntimeError with the child's reason."""
        assert self._replies is not None
        try:
            status, value = self._replies.recv()
        except (EOFError, OSError) as exc:
            self.close()
            raise RuntimeError("extraction process died") from exc
        if status == "error":
            raise RuntimeError(value)
        return value

    def close(self) -> None:
        """Kill the child, if any; the next call starts a fresh one."""
        if self._process is not None:
            self._process.kill()
            self._process.wait(5)
        for conn in (self._requests, self._replies):
            if conn is not None:
                conn.close()
        self._process, self._requests, self._replies = None, None, None


def _key(fn: Callable[..., Any], timeout: float) -> tuple[str, str, float]:
    return fn.__module__, fn.__qualname__, timeout


def lease(fn: Callable[..., Any], timeout: float) -> GuardedWorker:
    """A worker for ``fn``: an idle one a finished pipeline of this process left, else a new one."""
    spare = _SPARE.get(_key(fn, timeout))
    return spare.pop() if spare else GuardedWorker(fn, timeout)


def give_back(worker: GuardedWorker) -> None:
    """Keep ``worker`` (its child running) for the next `lease`, or close it if enough are kept."""
    spare = _SPARE.setdefault(_key(worker.fn, worker.timeout), [])
    if len(spare) < _MAX_SPARE:
        spare.append(worker)
    else:
        worker.close()


def main(argv: Sequence[str]) -> None:
    """Child entry point: ``module function request_fd reply_fd``."""
    module, name, request_fd, reply_fd = argv
    fn = getattr(importlib.import_module(module), name)
    _serve(Connection(int(request_fd), writable=False), Connection(int(reply_fd), readable=False), fn)


if __name__ == "__main__":
    main(sys.argv[1:])
