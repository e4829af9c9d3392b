"""Three Kafka nodes and three Elasticsearch nodes, one of each SIGKILLed mid-cycle.

Topics are created by `sitrep init` with replication factor 3 and min.insync.replicas 2, indices
with one replica, so no single lost node loses an acknowledged write. After each kill the cycle
finishes (or the next one does, once the node is back): every unique article indexed once, every
offset committed, every alert delivered once; the node rejoins and the cluster is green again.
Last, the same cycle on Beam's FlinkRunner with parallelism 2 against the cluster indexes what
the DirectRunner does. Runs on a cluster of the suite's own (own_cluster.py); `make reliability` only.
"""

from __future__ import annotations

import json
import subprocess
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from kafka import KafkaAdminClient
from kafka.admin import ConfigResource, ConfigResourceType
from process_fixtures import TEST_SETTINGS, seed_html

from connectors.alerts_store import list_alerts
from connectors.elasticsearch_client import make_client
from connectors.elasticsearch_indices import ensure_indices
from connectors.kafka_topics import ensure_topics
from pipelines.cycle import run_cycle
from tests.fixture_http import FixtureServer, Reply
from tests.integration.pipeline.conftest import Stage
from tests.integration.pipeline.test_flink_runner import _articles, _comparable, flink_job_server  # noqa: F401
from tests.reliability.conftest import Figure
from tests.reliability.harness import (
    ROOT,
    SITREP,
    duplicated,
    finish,
    indexed_count,
    process_env,
    snapshot,
    spawn,
    uncommitted,
    wait_for,
)
from tests.reliability.own_cluster import OwnCluster, cluster_fixture
from tests.reliability.test_kafka_broker_kill import ARTICLES, COPIES, repeat_until_ok, site  # noqa: F401
from tests.reliability.test_notifier_faults import ScriptedWebhook

pytestmark = [pytest.mark.integration, pytest.mark.reliability_full]
RULES = Path(__file__).parent / "fixtures" / "rules"
SEED_PAGES = 120
WORKERS = ["--", "--direct_num_workers=2"]


@pytest.fixture(scope="module")
def cluster(servers, tmp_path_factory):
    """The private three-node Kafka + Elasticsearch, started once for this module."""
    yield from cluster_fixture(servers.services, tmp_path_factory.mktemp("cluster"))


@pytest.fixture
def on_cluster(cluster: OwnCluster, isolated_settings, tmp_path: Path):
    """This test's topics, group and indices on the cluster, and a client reaching every node."""
    kafka, es = isolated_settings
    kafka = replace(kafka, bootstrap_servers=cluster.bootstrap, raw_partitions=3)
    es = replace(es, url=cluster.es_url)
    client = make_client(es)
    yield kafka, es, client
    client.close()
    cluster.heal()  # the next test starts on a whole cluster, whatever this one left


@pytest.fixture
def seed_site():
    """A loopback feed of SEED_PAGES articles, each the reference article (it fires alerts)."""
    html = seed_html()
    with FixtureServer() as server:
        links = [server.url(f"/s/{i}") for i in range(SEED_PAGES)]
        items = "".join(f"<item><title>Seed {n}</title><link>{u}</link></item>" for n, u in enumerate(links))
        feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>seed</title>{items}</channel></rss>'
        server.routes["/feed.xml"] = Reply(200, {"Content-Type": "application/rss+xml"}, feed.encode())
        for i in range(SEED_PAGES):
            page = html.replace("<title>", f"<title>Seed {i} ").encode()
            server.routes[f"/s/{i}"] = Reply(200, {"Content-Type": "text/html"}, page, delay=0.02)
        yield server


@pytest.fixture
def hook():
    """The webhook the fixture rule notifies; it records every delivery."""
    receiver = ScriptedWebhook()
    yield receiver
    receiver.close()


def env_for(kafka, es, tmp_path: Path, site_url: str, **extra: str) -> dict[str, str]:
    """`sitrep` pointed at the cluster, this test's feed, state dir and the fixture rule."""
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text(yaml.safe_dump({"feeds": [{"name": "cluster", "url": site_url, "local": True}]}))
    return process_env(
        kafka, es, SITREP_STATE_DIR=str(tmp_path / "state"), SITREP_FEEDS_FILE=str(feeds),
        SITREP_FETCH_PER_HOST_DELAY="0", SITREP_FETCH_CONCURRENCY="4", SITREP_RULES_DIR=str(RULES),
        SITREP_ELASTICSEARCH_RULES_INDEX=es.rules_index, SITREP_ELASTICSEARCH_ALERTS_INDEX=es.alerts_index,
        **extra,
    )


def sitrep(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run a sitrep command to the end."""
    command = [str(SITREP), *args]
    return subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=600)


def init(env: dict[str, str]) -> None:
    """`sitrep init` against the cluster, as an operator would run it."""
    result = sitrep(["init"], env)
    assert result.returncode == 0, result.stdout + result.stderr


def alerts_sent_once(client, es, hook: ScriptedWebhook) -> tuple[int, int]:
    """Alerts recorded and deliveries received; fails unless each alert was delivered exactly once."""
    alerts = list_alerts(client, es, limit=1000)
    posted = Counter(a["id"] for body in hook.accepted for a in json.loads(body)["alerts"])
    assert alerts and {a["status"] for a in alerts} == {"delivered"}, alerts
    assert posted == Counter({a["id"]: 1 for a in alerts}), posted
    return len(alerts), sum(posted.values())


def return_and_rejoin(cluster: OwnCluster) -> float:
    """Start the killed node(s) again; seconds from the restart until the cluster is in sync and green."""
    started = time.monotonic()
    cluster.heal()
    return round(time.monotonic() - started, 1)


def test_init_on_the_cluster_replicates_topics_and_indices(on_cluster, tmp_path):
    kafka, es, client = on_cluster
    env = env_for(kafka, es, tmp_path, "http://127.0.0.1:9/feed.xml")
    init(env)
    admin = KafkaAdminClient(**kafka.client_options())
    try:
        topics = [kafka.raw_topic, kafka.enriched_topic, kafka.deadletter_topic]
        described = admin.describe_topics(topics)
        configs = admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, t) for t in topics])
    finally:
        admin.close()
    assert {len(p["replica_nodes"]) for t in described for p in t["partitions"]} == {3}
    min_isr = {name: c["min.insync.replicas"]["value"] for name, c in configs["topic"].items()}
    assert min_isr == dict.fromkeys(topics, "2")
    indices = [es.rules_index, es.alerts_index, es.events_index, f"{es.articles_alias}-000001"]
    replicas = {name: s["settings"]["index"]["number_of_replicas"]
                for name, s in client.indices.get_settings(index=",".join(indices)).items()}
    assert replicas == dict.fromkeys(indices, "1")
    doctor = sitrep(["doctor"], env).stdout
    assert "ok   kafka replication" in doctor and "health green, 3 data node(s)" in doctor, doctor


def test_doctor_names_a_lost_broker_and_a_lost_node_with_advice(cluster, on_cluster, tmp_path):
    kafka, es, _client = on_cluster
    env = env_for(kafka, es, tmp_path, "http://127.0.0.1:9/feed.xml")
    init(env)
    broker, node = cluster.brokers[2], cluster.es_nodes[2]
    broker.kill()
    node.kill()
    assert wait_for(lambda: "under-replicated" in sitrep(["doctor"], env).stdout, timeout=60, every=2)
    down = sitrep(["doctor"], env).stdout
    assert "FAIL kafka replication" in down and "broker(s) 3" in down, down
    assert "FAIL elasticsearch" in down and "health yellow, 2 data node(s)" in down, down
    assert "start the missing broker(s) again" in down and "start it again" in down, down
    return_and_rejoin(cluster)
    healed = sitrep(["doctor"], env).stdout
    assert "ok   kafka replication" in healed and "health green, 3 data node(s)" in healed, healed


def test_broker_killed_during_poll_and_during_process(cluster, on_cluster, site, tmp_path, record):  # noqa: F811
    kafka, es, client = on_cluster
    env = env_for(kafka, es, tmp_path, site.url("/feed.xml"))
    init(env)
    poll = spawn([str(SITREP), "poll"], env)
    assert wait_for(lambda: site.hits("/a/0") + site.hits("/a/50") > 0, poll, timeout=120)
    time.sleep(2)
    poll_alive, poll_victim = poll.poll() is None, cluster.brokers[0]
    poll_victim.kill()
    poll_codes = [finish(poll)[0]]
    if poll_codes[0] != 0:
        poll_codes += repeat_until_ok([str(SITREP), "poll"], env)
    poll_rejoin = return_and_rejoin(cluster)

    process = spawn([str(SITREP), "process", *WORKERS], env)
    assert wait_for(lambda: indexed_count(client, es.articles_alias) > 0, process, timeout=600)
    process_alive, process_victim = process.poll() is None, cluster.brokers[1]
    process_victim.kill()
    process_codes = [finish(process)[0]]
    if process_codes[0] != 0:
        process_codes += repeat_until_ok([str(SITREP), "process", *WORKERS], env)
    process_rejoin = return_and_rejoin(cluster)
    docs = snapshot(client, es.articles_alias)
    record(Figure(
        "cluster-broker-kill", "3-broker Kafka: one broker SIGKILLed during poll, another during process",
        2, fed=ARTICLES + COPIES, found=len(docs), lost=ARTICLES - len(docs), duplicated=duplicated(docs),
        full=True,
        notes=f"{ARTICLES} unique URLs + {COPIES} tracking copies; RF 3, min ISR 2; broker left down until "
              f"the command ended; poll running at the kill: {poll_alive}, exits {poll_codes}; process "
              f"running at the kill: {process_alive}, exits {process_codes}; restarted, in sync and "
              f"green in {poll_rejoin}s / {process_rejoin}s",
    ))
    assert poll_alive and process_alive, "a kill landed after the command had finished"
    assert uncommitted(kafka) == 0
    assert len(docs) == ARTICLES and duplicated(docs) == 0


def run_cycle_with_kill(cluster, on_cluster, seed_site, hook, tmp_path, choose_victim) -> dict:
    """`sitrep run` with one node SIGKILLed once articles are being indexed; the node returns after.

    Returns the figures: exit codes, documents, alerts, seconds to rejoin.
    """
    kafka, es, client = on_cluster
    env = env_for(kafka, es, tmp_path, seed_site.url("/feed.xml"), SITREP_RELIABILITY_WEBHOOK_URL=hook.url)
    init(env)
    run = spawn([str(SITREP), "run", *WORKERS], env)
    assert wait_for(lambda: indexed_count(client, es.articles_alias) > 0, run, timeout=600, every=0.2)
    alive, victim = run.poll() is None, choose_victim(es)
    at_kill = indexed_count(client, es.articles_alias)
    victim.kill()
    codes = [finish(run)[0]]
    rejoin = return_and_rejoin(cluster)
    if codes[0] != 0:
        codes += repeat_until_ok([str(SITREP), "run", *WORKERS], env)
    docs = snapshot(client, es.articles_alias)
    alerts, sent = alerts_sent_once(client, es, hook)
    assert alive, "the kill landed after the cycle had finished"
    assert uncommitted(kafka) == 0
    assert len(docs) == SEED_PAGES and duplicated(docs) == 0
    return {"victim": victim.server.name, "codes": codes, "docs": docs, "alerts": alerts, "sent": sent,
            "rejoin": rejoin, "at_kill": at_kill}


def record_cycle(record, key: str, title: str, seen: dict) -> None:
    """One figure row for a `sitrep run` cycle with a node killed."""
    docs = seen["docs"]
    record(Figure(
        key, title, 1, fed=SEED_PAGES, found=len(docs), lost=SEED_PAGES - len(docs),
        duplicated=duplicated(docs), full=True,
        notes=f"killed {seen['victim']} while `sitrep run` indexed ({seen['at_kill']} of {SEED_PAGES} "
              f"indexed at the kill); run exits {seen['codes']}; alerts {seen['alerts']} recorded, "
              f"{seen['sent']} delivered (each once); restarted, in sync and green in {seen['rejoin']}s",
    ))


def test_elasticsearch_node_killed_mid_bulk(cluster, on_cluster, seed_site, hook, tmp_path, record):
    seen = run_cycle_with_kill(cluster, on_cluster, seed_site, hook, tmp_path,
                               lambda es: cluster.es_node_with_primary(f"{es.articles_alias}-000001"))
    record_cycle(record, "cluster-es-node-kill",
                 "3-node Elasticsearch: the node holding the write primary SIGKILLed mid-bulk", seen)


def test_active_kafka_controller_killed_mid_cycle(cluster, on_cluster, seed_site, hook, tmp_path, record):
    seen = run_cycle_with_kill(cluster, on_cluster, seed_site, hook, tmp_path,
                               lambda es: cluster.active_controller())
    record_cycle(record, "cluster-controller-kill",
                 "3-node KRaft Kafka: the active controller SIGKILLed mid-cycle", seen)


@pytest.mark.filterwarnings(
    "ignore:Exception in thread read_grpc_client_inputs:pytest.PytestUnhandledThreadExceptionWarning"
)
def test_flink_with_parallelism_2_on_the_cluster_indexes_what_the_direct_runner_does(
    on_cluster, unique_name, flink_job_server, record  # noqa: F811
):
    kafka, es, client = on_cluster
    direct = Stage(kafka, es, client)
    flink = Stage(
        replace(kafka, raw_topic=unique_name("flink-raw"), enriched_topic=unique_name("flink-enriched"),
                deadletter_topic=unique_name("flink-deadletter"), consumer_group=unique_name("flink-group")),
        replace(es, articles_alias=unique_name("flink-articles"), rules_index=unique_name("flink-rules"),
                alerts_index=unique_name("flink-alerts"), events_index=unique_name("flink-events")),
        client,
    )
    for stage in (direct, flink):
        ensure_topics(stage.kafka)
        ensure_indices(client, stage.es)
        stage.produce(_articles())
    on_direct = direct.run()
    on_flink = run_cycle(flink.kafka, flink.es, TEST_SETTINGS, flink_job_server.beam_args(parallelism=2))
    assert on_direct.ok and on_flink.ok, (on_direct.error, on_flink.error)
    direct_docs, flink_docs = direct.docs(), flink.docs()
    same = _comparable(flink_docs) == _comparable(direct_docs)
    record(Figure(
        "cluster-flink-parallel", "FlinkRunner, parallelism 2, on the 3-node clusters vs the DirectRunner", 1,
        fed=len(_articles()), found=len(flink_docs), lost=len(direct_docs) - len(flink_docs), duplicated=0,
        full=True, notes=f"same documents as the DirectRunner: {same}; counters equal: "
                         f"{on_flink.counters == on_direct.counters} ({on_flink.counters})",
    ))
    assert len(direct_docs) == 6 and _comparable(flink_docs) == _comparable(direct_docs)
    assert on_flink.counters == on_direct.counters and uncommitted(flink.kafka) == 0
