"""A second Kafka / Elasticsearch of the suite's own, to kill and restart: the shared pair is never touched.

Started through the same launcher classes as `sitrep services up`, on other ports, with small
heaps and a state directory under the test's tmp_path; the download cache is shared.
"""

from __future__ import annotations

import contextlib
import os
import signal
from dataclasses import dataclass, replace
from pathlib import Path

from connectors.local_servers.elasticsearch_server import ElasticsearchServer
from connectors.local_servers.kafka_server import KafkaServer
from connectors.local_servers.processes import stop_background
from connectors.settings import LocalServerSettings

# Away from the shared pair (9092/9200) and from test_services_lifecycle.py (19092/19200).
PORTS = {
    "kafka_port": 19192,
    "kafka_controller_port": 19193,
    "elasticsearch_port": 19290,
    "elasticsearch_transport_port": 19390,
}


@dataclass
class OwnServer:
    """One private server: start, wait, SIGKILL, stop gracefully."""

    server: KafkaServer | ElasticsearchServer

    def start(self) -> None:
        """Start (or restart) and block until it answers."""
        self.server.fetch()
        self.server.start()
        self.server.wait_ready()

    def kill(self) -> None:
        """SIGKILL the server's whole process group: no shutdown hook runs."""
        pid = self.server.pid()
        assert pid is not None, f"{self.server.name} is not running"
        os.killpg(pid, signal.SIGKILL)
        _wait_gone(pid)

    def stop(self) -> None:
        """Stop it the way `sitrep services down` does (SIGTERM, then SIGKILL)."""
        stop_background(self.server.pid_file)


def own_settings(shared: LocalServerSettings) -> LocalServerSettings:
    """The launcher settings for the private pair."""
    return replace(shared, **PORTS, kafka_heap="384m", elasticsearch_heap="512m")


def own_kafka(shared: LocalServerSettings, state_dir: Path) -> OwnServer:
    """A private broker (KRaft, single node) under ``state_dir``."""
    return OwnServer(KafkaServer(own_settings(shared), state_dir))


def own_elasticsearch(shared: LocalServerSettings, state_dir: Path) -> OwnServer:
    """A private Elasticsearch node under ``state_dir``."""
    return OwnServer(ElasticsearchServer(own_settings(shared), state_dir))


def _wait_gone(pid: int, timeout: float = 30) -> None:
    """Until ``pid`` is dead (reaped here when it was started by this process)."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
        stat = Path(f"/proc/{pid}/stat")
        if not stat.exists() or stat.read_text().split(")")[-1].split()[0] in ("Z", "X"):
            return
        time.sleep(0.1)
    raise AssertionError(f"process {pid} survived SIGKILL")
