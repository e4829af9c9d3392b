"""The layout of a local cluster: which ports and state directory each node gets, and its peers.

`sitrep services up --nodes N` and the reliability suite run N Kafka nodes (each a broker and a
KRaft controller) and N Elasticsearch nodes on loopback. Node i (from 1) listens on every
``cluster_*`` base port + i - 1 and keeps its files under ``<state>/cluster/node-i``, so the
single-node servers' ports and files are never touched. The launcher classes stay the same;
a `ClusterMember` tells them the lines a node of a cluster adds to its configuration.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, replace
from pathlib import Path

from connectors.settings import LocalServerSettings

CLUSTER_NAME = "sitrep-cluster"


@dataclass(frozen=True)
class ClusterMember:
    """One node's place in the cluster: its id and every node's inter-node ports."""

    node_id: int
    controller_ports: tuple[int, ...]
    transport_ports: tuple[int, ...]
    cluster_dir: Path

    @property
    def size(self) -> int:
        return len(self.controller_ports)

    @property
    def kafka_cluster_id(self) -> str:
        """The KRaft cluster id, the same for every node (derived from the cluster's directory)."""
        digest = hashlib.sha256(str(self.cluster_dir.resolve()).encode()).digest()[:16]
        return base64.urlsafe_b64encode(digest).decode().rstrip("=")

    def kafka_properties(self) -> dict[str, str]:
        """What a combined broker/controller of this cluster sets beyond the single node's config."""
        replicas, in_sync = str(min(3, self.size)), str(max(1, min(3, self.size) - 1))
        return {
            "node.id": str(self.node_id),
            "controller.quorum.voters": ",".join(
                f"{n}@127.0.0.1:{port}" for n, port in enumerate(self.controller_ports, start=1)),
            "default.replication.factor": replicas,
            "min.insync.replicas": in_sync,
            "offsets.topic.replication.factor": replicas,
            "transaction.state.log.replication.factor": replicas,
            "transaction.state.log.min.isr": in_sync,
            "share.coordinator.state.topic.replication.factor": replicas,
            "share.coordinator.state.topic.min.isr": in_sync,
        }

    def elasticsearch_settings(self) -> dict[str, str]:
        """elasticsearch.yml entries that make the node discover and join the others."""
        names = [f"{CLUSTER_NAME}-{n}" for n in range(1, self.size + 1)]
        return {
            "cluster.name": CLUSTER_NAME,
            "node.name": names[self.node_id - 1],
            "discovery.seed_hosts": _yaml_list(f"127.0.0.1:{port}" for port in self.transport_ports),
            # Read only when the cluster first forms; ignored by a node that rejoins.
            "cluster.initial_master_nodes": _yaml_list(names),
        }


@dataclass(frozen=True)
class ClusterNode:
    """What the launcher classes need to run node i: its settings (ports, heaps), state dir, role."""

    settings: LocalServerSettings
    state_dir: Path
    member: ClusterMember


def cluster_layout(settings: LocalServerSettings, state_dir: Path, nodes: int) -> list[ClusterNode]:
    """The ``nodes`` nodes of the local cluster kept under ``state_dir``/cluster."""
    if nodes < 1:
        raise ValueError(f"a cluster needs at least one node, not {nodes}")
    cluster_dir = state_dir / "cluster"
    ids = range(1, nodes + 1)
    controller_ports = tuple(settings.cluster_kafka_controller_port + i - 1 for i in ids)
    transport_ports = tuple(settings.cluster_elasticsearch_transport_port + i - 1 for i in ids)
    return [
        ClusterNode(
            settings=replace(
                settings,
                kafka_port=settings.cluster_kafka_port + i - 1,
                kafka_controller_port=controller_ports[i - 1],
                elasticsearch_port=settings.cluster_elasticsearch_port + i - 1,
                elasticsearch_transport_port=transport_ports[i - 1],
                kafka_heap=settings.cluster_kafka_heap,
                elasticsearch_heap=settings.cluster_elasticsearch_heap,
            ),
            state_dir=cluster_dir / f"node-{i}",
            member=ClusterMember(i, controller_ports, transport_ports, cluster_dir),
        )
        for i in ids
    ]


def cluster_addresses(settings: LocalServerSettings, nodes: int) -> tuple[str, str]:
    """``kafka.bootstrap_servers`` and ``elasticsearch.url`` values that reach every node."""
    kafka = ",".join(f"127.0.0.1:{settings.cluster_kafka_port + i}" for i in range(nodes))
    es = ",".join(f"http://127.0.0.1:{settings.cluster_elasticsearch_port + i}" for i in range(nodes))
    return kafka, es


def _yaml_list(items: object) -> str:
    return "[" + ", ".join(f'"{item}"' for item in items) + "]"
