"""A lock file under the state directory so overlapping scheduled runs never race."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class RunLocked(RuntimeError):
    """Another `sitrep run` holds the lock; the message names its pid."""


@contextmanager
def run_lock(state_dir: Path) -> Iterator[None]:
    """Hold ``<state_dir>/run.lock`` for the duration, or raise RunLocked at once.

    flock is released by the kernel when the process dies, so a crashed run never leaves a
    stale lock behind.
    """
    state_dir.mkdir(parents=True, exist_ok=True)
    path = state_dir / "run.lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = Path(path).read_text().strip() or "unknown"
            raise RunLocked(f"another sitrep run (pid {holder}) holds {path}; not starting") from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield
    finally:
        os.close(fd)


def state_dir_problem(state_dir: Path, exc: BaseException) -> str:
    """One line saying the state directory cannot be written and what to do about it."""
    reason = getattr(exc, "strerror", None) or str(exc)
    return (f"the state directory {state_dir} cannot be written ({reason}); nothing was changed. "
            "Free disk space or fix its permissions (state_dir / SITREP_STATE_DIR), then run again")
