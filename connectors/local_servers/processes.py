"""Background server processes with pid files, so `up`, `status` and `down` agree across runs."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from connectors.local_servers.tooling import ServiceError


def read_pid(pid_file: Path) -> int | None:
    """The pid recorded in ``pid_file`` if that process is still alive, else None."""
    try:
        pid = int(pid_file.read_text().strip())
    except (FileNotFoundError, ValueError):
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        return pid
    return None if _is_zombie(pid) else pid


def _is_zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] == "Z"
    except (FileNotFoundError, IndexError):
        return False


def start_background(
    command: list[str], log_file: Path, pid_file: Path, env: dict[str, str], cwd: Path
) -> int:
    """Start ``command`` detached in its own session (so `down` can stop its whole group)."""
    log_file.parent.mkdir(parents=True, exist_ok=True)
    pid_file.parent.mkdir(parents=True, exist_ok=True)
    with open(log_file, "ab") as log:
        process = subprocess.Popen(
            command,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=env,
            cwd=cwd,
            start_new_session=True,
        )
    pid_file.write_text(f"{process.pid}\n")
    return process.pid


def stop_background(pid_file: Path, timeout: float = 60.0) -> bool:
    """Stop the process group recorded in ``pid_file``: SIGTERM, then SIGKILL after timeout.

    Returns whether anything was running.
    """
    pid = read_pid(pid_file)
    if pid is None:
        pid_file.unlink(missing_ok=True)
        return False
    _signal_group(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and _group_alive(pid):
        time.sleep(0.3)
    if _group_alive(pid):
        _signal_group(pid, signal.SIGKILL)
        time.sleep(0.5)
    pid_file.unlink(missing_ok=True)
    return True


def _signal_group(pid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, sig)


def _group_alive(pgid: int) -> bool:
    """Whether any live (non-zombie) process is still in the group, so no stray JVM remains."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, IndexError, ProcessLookupError):
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            return True
    return False


def tail(log_file: Path, lines: int = 30) -> str:
    """The last lines of a server log, quoted in error messages."""
    try:
        return "\n".join(log_file.read_text(errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return f"(no log at {log_file})"


def wait_until(
    ready: Callable[[], bool], alive: Callable[[], bool], timeout: float, what: str, log_file: Path
) -> None:
    """Poll ``ready`` until true; fail with the log's tail if the process died or time ran out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ready():
            return
        if not alive():
            raise ServiceError(f"{what} exited during start-up. Last lines of {log_file}:\n{tail(log_file)}")
        time.sleep(1.0)
    raise ServiceError(
        f"{what} did not become ready within {timeout:.0f}s. Last lines of {log_file}:\n{tail(log_file)}"
    )
