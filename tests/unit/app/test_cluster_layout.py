"""The local cluster's layout, the replication `sitrep init` asks for, and the doctor's verdicts on it."""

from __future__ import annotations

from pathlib import Path

from connectors.kafka_topics import replication
from connectors.local_servers.cluster import cluster_addresses, cluster_layout
from connectors.settings import KafkaSettings, LocalServerSettings
from sitrep.doctor import _health, _kafka_replication

SETTINGS = LocalServerSettings()


def test_each_node_gets_its_own_ports_heaps_and_state_dir():
    nodes = cluster_layout(SETTINGS, Path("/state"), 3)
    assert [n.settings.kafka_port for n in nodes] == [29092, 29093, 29094]
    assert [n.settings.elasticsearch_port for n in nodes] == [29200, 29201, 29202]
    assert {n.settings.kafka_heap for n in nodes} == {"256m"}
    assert [n.state_dir for n in nodes] == [Path(f"/state/cluster/node-{i}") for i in (1, 2, 3)]


def test_every_kafka_node_knows_the_same_voters_and_cluster_id():
    members = [n.member for n in cluster_layout(SETTINGS, Path("/state"), 3)]
    voters = {m.kafka_properties()["controller.quorum.voters"] for m in members}
    assert voters == {"1@127.0.0.1:29192,2@127.0.0.1:29193,3@127.0.0.1:29194"}
    assert len({m.kafka_cluster_id for m in members}) == 1
    assert members[0].kafka_properties()["offsets.topic.replication.factor"] == "3"
    assert members[0].kafka_properties()["min.insync.replicas"] == "2"


def test_every_elasticsearch_node_seeds_from_all_three():
    member = cluster_layout(SETTINGS, Path("/state"), 3)[1].member
    node = member.elasticsearch_settings()
    assert node["node.name"] == "sitrep-cluster-2"
    assert node["discovery.seed_hosts"] == '["127.0.0.1:29300", "127.0.0.1:29301", "127.0.0.1:29302"]'


def test_the_addresses_to_configure_name_every_node():
    kafka, es = cluster_addresses(SETTINGS, 3)
    assert kafka == "127.0.0.1:29092,127.0.0.1:29093,127.0.0.1:29094"
    assert es.split(",")[2] == "http://127.0.0.1:29202"


def test_replication_follows_the_cluster_unless_configured():
    assert replication(KafkaSettings(), brokers=1) == (1, 1)
    assert replication(KafkaSettings(), brokers=3) == (3, 2)
    assert replication(KafkaSettings(), brokers=6) == (3, 2)
    assert replication(KafkaSettings(replication_factor=2, min_insync_replicas=2), brokers=3) == (2, 2)


def partition(replicas: list[int], isr: list[int], leader: int = 1) -> dict:
    return {"replica_nodes": replicas, "isr_nodes": isr, "leader_id": leader}


def test_doctor_names_the_broker_out_of_sync():
    described = {"raw": [partition([1, 2, 3], [1, 2]), partition([1, 2, 3], [1, 2, 3])]}
    check = _kafka_replication(described, ["raw"])
    assert not check.ok and "1 under-replicated of 2" in check.detail and "broker(s) 3" in check.detail
    assert "start the missing broker(s)" in check.advice


def test_doctor_passes_partitions_in_sync():
    assert _kafka_replication({"raw": [partition([1, 2, 3], [3, 1, 2])]}, ["raw"]).ok


def health(status: str, nodes: int) -> dict:
    return {"status": status, "number_of_data_nodes": nodes, "unassigned_shards": 2}


def test_yellow_fails_on_a_cluster_with_advice_but_not_on_one_node():
    on_cluster = _health("http://es", health("yellow", 2))
    assert not on_cluster.ok and "start it again" in on_cluster.advice
    assert _health("http://es", health("yellow", 1)).ok


def test_red_fails_with_advice():
    check = _health("http://es", health("red", 3))
    assert not check.ok and "primary shards are unassigned" in check.advice
