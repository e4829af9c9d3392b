"""`up`, `status` and `down` over the local Kafka and Elasticsearch together."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from connectors.local_servers.cluster import cluster_layout
from connectors.local_servers.elasticsearch_server import ElasticsearchServer
from connectors.local_servers.kafka_server import KafkaServer
from connectors.local_servers.processes import stop_background
from connectors.settings import LocalServerSettings


class LocalServer(Protocol):
    """What `services` needs of each server."""

    name: str
    pid_file: Path
    log_file: Path

    def fetch(self) -> None: ...
    def start(self) -> None: ...
    def wait_ready(self) -> None: ...
    def ready(self) -> bool: ...
    def pid(self) -> int | None: ...


@dataclass(frozen=True)
class ServiceStatus:
    """One server's state as `sitrep services status` reports it."""

    name: str
    address: str
    running: bool
    ready: bool
    pid: int | None
    managed: bool
    log_file: Path
    notice: str = ""

    def describe(self) -> str:
        """A one-line human summary, and a second line when something needs the reader's action."""
        if self.ready:
            owner = f"pid {self.pid}" if self.managed else "not started by sitrep"
            line = f"{self.name:<15} up      {self.address}  ({owner})"
            return f"{line}\n{'':<15} ! {self.notice}" if self.notice else line
        if self.running:
            return f"{self.name:<15} starting {self.address}  (pid {self.pid}, log {self.log_file})"
        return f"{self.name:<15} down    {self.address}"


def _servers(settings: LocalServerSettings, state_dir: Path, nodes: int = 1) -> list[LocalServer]:
    """The single-node pair, or with ``nodes`` > 1 the cluster's Kafka nodes then its Elasticsearch nodes."""
    if nodes == 1:
        return [KafkaServer(settings, state_dir), ElasticsearchServer(settings, state_dir)]
    layout = cluster_layout(settings, state_dir, nodes)
    return [*(KafkaServer(n.settings, n.state_dir, n.member) for n in layout),
            *(ElasticsearchServer(n.settings, n.state_dir, n.member) for n in layout)]


def _address(server: LocalServer) -> str:
    return getattr(server, "address", None) or server.url


def services_up(settings: LocalServerSettings, state_dir: Path, nodes: int = 1) -> list[ServiceStatus]:
    """Fetch (once), start what is not already up, and wait until every server is ready.

    A server already answering on its port, started by us or not, is reused: `up` twice is
    harmless. An Elasticsearch of another version than the configured one is reused too (others
    may be using it), and its status says so with what to do. With ``nodes`` > 1 the local
    cluster (cluster.py) is started instead of the single-node pair.
    """
    servers = _servers(settings, state_dir, nodes)
    one_per_kind = list({type(server): server for server in servers}.values())  # one shared download each
    with ThreadPoolExecutor(len(one_per_kind)) as pool:
        list(pool.map(lambda server: server.fetch(), one_per_kind))
    for server in servers:
        if server.pid() is None and not server.ready():
            server.start()
    with ThreadPoolExecutor(len(servers)) as pool:
        list(pool.map(lambda server: server.wait_ready(), servers))
    return services_status(settings, state_dir, nodes)


def services_status(settings: LocalServerSettings, state_dir: Path, nodes: int = 1) -> list[ServiceStatus]:
    """Each server's pid and readiness, without changing anything."""
    statuses = []
    for server in _servers(settings, state_dir, nodes):
        pid = server.pid()
        statuses.append(ServiceStatus(
            name=server.name, address=_address(server), running=pid is not None,
            ready=server.ready(), pid=pid, managed=pid is not None, log_file=server.log_file,
            notice=_version_notice(server, managed=pid is not None),
        ))
    return statuses


def _version_notice(server: LocalServer, managed: bool) -> str:
    """What to do when the node on the port runs another version than services.elasticsearch_version."""
    if not isinstance(server, ElasticsearchServer):
        return ""
    running, wanted = server.running_version(), server.settings.elasticsearch_version
    if running is None or running == wanted:
        return ""
    switch = ("`sitrep services down` then `sitrep services up` starts the configured one" if managed else
              "stop that node (sitrep did not start it) or set services.elasticsearch_port to a free port")
    return (f"Elasticsearch {running} is running here, not the configured {wanted}; it was kept, "
            f"not restarted: {switch}")


def services_down(settings: LocalServerSettings, state_dir: Path, nodes: int = 1) -> list[str]:
    """Stop the servers sitrep started (whole process groups); names of those stopped.

    A cluster's nodes stop together: one by one, the last Kafka nodes would wait out their
    controlled shutdown for a quorum that has already left.
    """
    servers = list(reversed(_servers(settings, state_dir, nodes)))
    with ThreadPoolExecutor(len(servers)) as pool:
        stopped = list(pool.map(lambda server: stop_background(server.pid_file), servers))
    return [server.name for server, was_running in zip(servers, stopped, strict=True) if was_running]
