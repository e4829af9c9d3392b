"""A three-node Kafka and a three-node Elasticsearch of the suite's own, to kill nodes of.

Started by the same launcher as `sitrep services up --nodes 3` (connectors/local_servers/
cluster.py), on ports away from the shared pair, from `sitrep services up --nodes 3`'s defaults
and from own_servers.py, with small heaps and state under the test's tmp dir. The shared
servers are never touched. `cluster_fixture` starts it for a module and stops it after; a
start-up failure fails the tests that need it (never a skip).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import requests
from kafka import KafkaAdminClient

from connectors.local_servers.cluster import cluster_addresses, cluster_layout
from connectors.local_servers.elasticsearch_server import ElasticsearchServer
from connectors.local_servers.kafka_server import KafkaServer
from connectors.local_servers.services import services_down, services_up
from connectors.settings import LocalServerSettings
from tests.reliability.own_servers import OwnServer

NODES = 3
# Below Linux's ephemeral range (32768+), where an outgoing connection may hold a port by chance.
PORTS = {
    "cluster_kafka_port": 28092,
    "cluster_kafka_controller_port": 28192,
    "cluster_elasticsearch_port": 28200,
    "cluster_elasticsearch_transport_port": 28300,
    "cluster_kafka_heap": "256m",
    "cluster_elasticsearch_heap": "384m",
}


@dataclass
class OwnCluster:
    """The running cluster: its nodes, its addresses, and waits for it to be whole again."""

    settings: LocalServerSettings
    state_dir: Path

    def __post_init__(self) -> None:
        layout = cluster_layout(self.settings, self.state_dir, NODES)
        self.brokers = [OwnServer(KafkaServer(n.settings, n.state_dir, n.member)) for n in layout]
        self.es_nodes = [OwnServer(ElasticsearchServer(n.settings, n.state_dir, n.member)) for n in layout]
        self.bootstrap, self.es_url = cluster_addresses(self.settings, NODES)

    def up(self) -> None:
        """Start every node (as `sitrep services up --nodes 3`) and wait for a green cluster."""
        services_up(self.settings, self.state_dir, NODES)
        self.wait_whole()

    def down(self) -> None:
        """Stop every node (as `sitrep services down --nodes 3`)."""
        services_down(self.settings, self.state_dir, NODES)

    def active_controller(self) -> OwnServer:
        """The KRaft quorum leader: the newest leader epoch recorded by the nodes still running."""
        states = []
        for broker in self.brokers:
            state_file = broker.server.dir / "data" / "__cluster_metadata-0" / "quorum-state"
            if broker.server.pid() is not None and state_file.exists():
                state = json.loads(state_file.read_text())
                states.append((state["leaderEpoch"], state["leaderId"]))
        leader = max(states)[1]
        return self.brokers[leader - 1]

    def es_node_with_primary(self, index: str) -> OwnServer:
        """The Elasticsearch node holding the primary of ``index``'s first shard."""
        rows = self.es_get(f"/_cat/shards/{index}?format=json&h=shard,prirep,node")
        node = next(row["node"] for row in rows if row["prirep"] == "p" and row["shard"] == "0")
        return self.es_nodes[int(node.rsplit("-", 1)[1]) - 1]

    def es_get(self, path: str) -> object:
        """GET from the first node that answers."""
        for url in self.es_url.split(","):
            try:
                return requests.get(url + path, timeout=10).json()
            except requests.RequestException:
                continue
        raise AssertionError(f"no Elasticsearch node answers {path}")

    def under_replicated(self) -> int:
        """Partitions of every topic whose in-sync replicas are fewer than their replicas."""
        admin = KafkaAdminClient(bootstrap_servers=self.bootstrap.split(","), request_timeout_ms=10_000)
        try:
            live = sum(1 for b in admin.describe_cluster()["brokers"] if not b.get("is_fenced"))
            partitions = [p for t in admin.describe_topics() for p in t["partitions"]]
        finally:
            admin.close()
        lagging = sum(1 for p in partitions if len(p["isr_nodes"]) < len(p["replica_nodes"]))
        return lagging + (NODES - live)

    def whole(self) -> bool:
        """Every broker in sync and Elasticsearch green with every node."""
        health = self.es_get("/_cluster/health")
        return (health.get("status") == "green" and health.get("number_of_nodes") == NODES
                and self.under_replicated() == 0)

    def heal(self) -> float:
        """Start every node that is not running; seconds until the cluster is whole again."""
        for node in [*self.brokers, *self.es_nodes]:
            if node.server.pid() is None:
                node.start()
        return self.wait_whole()

    def wait_whole(self, timeout: float = 300) -> float:
        """Block until the cluster is whole again; the seconds it took (fails after ``timeout``)."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            try:
                if self.whole():
                    return time.monotonic() - started
            except Exception:  # a node still starting answers with errors; keep waiting
                pass
            time.sleep(1)
        raise AssertionError(f"the cluster is not whole {timeout:.0f}s after a node returned: "
                             f"{self.es_get('/_cluster/health')}, {self.under_replicated()} under-replicated")


def own_cluster(shared: LocalServerSettings, state_dir: Path) -> OwnCluster:
    """The private cluster's description (nothing started yet)."""
    return OwnCluster(replace(shared, **PORTS), state_dir)


def cluster_fixture(shared: LocalServerSettings, state_dir: Path) -> Iterator[OwnCluster]:
    """Start the cluster, hand it over, stop it: the body of a module-scoped fixture."""
    cluster = own_cluster(shared, state_dir)
    try:
        cluster.up()
        yield cluster
    finally:
        cluster.down()
