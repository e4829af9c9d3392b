"""Loopback plumbing the latency and polling benchmarks share: free ports, waiting for a
server to answer, and long-running `sitrep` processes started and stopped cleanly.

Everything binds to 127.0.0.0/8 only; nothing here listens on a public interface.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Self

import requests

SITREP = str(Path(sys.executable).with_name("sitrep"))


def free_port(hosts: Sequence[str] = ("127.0.0.1",)) -> int:
    """A port nobody listens on at any of ``hosts`` (so one server per host can share it)."""
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind((hosts[0], 0))
            port = int(probe.getsockname()[1])
        if all(_bindable(host, port) for host in hosts[1:]):
            return port
    raise RuntimeError(f"no port free on all of {len(hosts)} loopback hosts")


def _bindable(host: str, port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def wait_for_http(url: str, timeout: float = 90.0) -> None:
    """Block until ``url`` answers 2xx; raise with the URL when it never does."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=2).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f} s")


def start_sitrep(args: Sequence[str], env: Mapping[str, str], log_path: Path) -> subprocess.Popen:
    """`sitrep ARGS` in its own process group, output to ``log_path`` (an unread pipe would
    fill up with access logs and stall the server)."""
    log = log_path.open("w", encoding="utf-8")
    try:
        return subprocess.Popen(
            [SITREP, *args],
            env={**os.environ, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    finally:
        log.close()


def stop_process(process: subprocess.Popen, grace: float = 120.0) -> int:
    """SIGTERM the process (it finishes its cycle), then SIGKILL its group if it lingers."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    return process.returncode


class LoopbackServers:
    """Base of the benchmarks' HTTP servers: ``self.servers`` answer on daemon threads for
    the length of a ``with`` block, then shut down and release their ports."""

    servers: list[ThreadingHTTPServer]

    def __enter__(self) -> Self:
        for server in self.servers:
            server.daemon_threads = True
            threading.Thread(target=server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        for server in self.servers:
            server.shutdown()
            server.server_close()
