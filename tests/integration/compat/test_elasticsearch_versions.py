"""sitrep's representative path runs the same on each supported Elasticsearch major.

Two nodes get the same subset: the default one (`services.elasticsearch_version`, the shared
node the suite uses) and a 9.2.4 node this module starts itself, once, on ports of its own
(19590/19591) with a 512 MB heap and a JDK 21+ the launcher finds on its own. The subset is
`sitrep init`, one `sitrep run` over the demo feeds (poll, process, alerts to a real webhook),
search with highlights, a rule's dry run, the alert list, and `sitrep doctor`. The 9.2.4
distribution is fetched once into the shared download cache. Nothing here skips: a node that
cannot start fails the module with its log.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import elasticsearch
import pytest
import requests

from connectors.elasticsearch_client import make_client
from connectors.elasticsearch_versions import is_supported
from connectors.local_servers import services_status
from connectors.local_servers.elasticsearch_server import ElasticsearchServer
from connectors.local_servers.processes import stop_background
from connectors.local_servers.tooling import ServiceError, find_java, java_major
from connectors.settings import ElasticsearchSettings, LocalServerSettings
from sitrep.config import Config
from sitrep.demo.receivers import WebhookReceiver
from sitrep.demo.site import DemoSite
from tests.sitrep_env import cycle_env, isolated

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[3]
DEMO = ROOT / "seeds" / "demo"
SEED_ARTICLE = "Aleppo come under heavy bombardment"
NEWEST = "9.2.4"
# Away from the shared node (9200), test_services_lifecycle.py (19200) and own_servers.py (19290).
NEWEST_PORTS = {"elasticsearch_port": 19590, "elasticsearch_transport_port": 19591}


@dataclass
class Cycle:
    """What one node went through: the environment of its `sitrep` commands and their results."""

    version: str
    env: dict[str, str]
    init: subprocess.CompletedProcess[str]
    run: subprocess.CompletedProcess[str]
    webhook: list[dict[str, Any]]
    es: ElasticsearchSettings


def _sitrep(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sitrep.cli", *args], env=env, capture_output=True,
                          text=True, timeout=600, check=False, cwd=ROOT)


def _node(url: str) -> dict[str, Any]:
    """The `_nodes/_local` entry of the node at ``url`` (version, JVM)."""
    nodes = requests.get(f"{url}/_nodes/_local", timeout=10).json()["nodes"]
    return next(iter(nodes.values()))


@pytest.fixture(scope="session")
def newest_node(servers: Config, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ElasticsearchServer]:
    """A 9.2.4 node of this module's own: started once, stopped and removed at the end."""
    settings: LocalServerSettings = replace(  # a busy 2-core machine can take minutes to start it
        servers.services, elasticsearch_version=NEWEST, elasticsearch_heap="512m", **NEWEST_PORTS,
        start_timeout=max(servers.services.start_timeout, 360.0))
    server = ElasticsearchServer(settings, tmp_path_factory.mktemp("elasticsearch-newest"))
    assert not server.ready(), f"something already answers on {server.url}; this module needs the port"
    server.fetch()
    server.start()
    try:
        server.wait_ready()
        yield server
    finally:
        stop_background(server.pid_file)
        shutil.rmtree(server.runtime, ignore_errors=True)


@pytest.fixture(scope="module", params=["default", NEWEST])
def node_url(request: pytest.FixtureRequest, servers: Config) -> str:
    """The node under test: the suite's default node, then the 9.2.4 one."""
    if request.param == "default":
        return servers.elasticsearch.url
    return request.getfixturevalue("newest_node").url


@pytest.fixture(scope="module")
def cycle(node_url: str, servers: Config, unique_name: Callable[[str], str],
          tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cycle]:
    """`sitrep init` then one `sitrep run` over the demo feeds, on this node, in names of its own."""
    tmp = tmp_path_factory.mktemp("compat")
    # every index, alias, topic and group of this cycle its own (dropped with the session)
    kafka = isolated(servers.kafka, unique_name)
    es = isolated(servers.elasticsearch, unique_name, url=node_url)
    with DemoSite(DEMO, port=0) as site, WebhookReceiver(port=0, echo=False) as webhook:
        (tmp / "feeds.yaml").write_text((DEMO / "feeds.yaml").read_text().replace("http://127.0.0.1:8765",
                                                                                   site.url))
        env = cycle_env(
            kafka, es, tmp, tmp / "feeds.yaml",
            SITREP_ES_URL=node_url,
            SITREP_ALERT_WEBHOOK_URL=webhook.url,
            SITREP_ALERTS_WEBHOOK_SECRET="test-secret",
            SITREP_ALERTS_SMTP_PORT="1",  # nothing listens: e-mail stays pending, webhooks still go
            SITREP_ALERTS_RETRIES="1",
        )
        init = _sitrep(env, "init")
        run = _sitrep(env, "run", "--json")
        yield Cycle(_node(node_url)["version"], env, init, run, webhook.received, es)


def test_the_default_node_runs_the_configured_version(servers):
    running = _node(servers.elasticsearch.url)["version"]
    assert running == servers.services.elasticsearch_version, (
        f"the suite's node runs Elasticsearch {running}, not the configured "
        f"{servers.services.elasticsearch_version}: restart it (`sitrep services down`, then `up`)")


def test_init_creates_the_template_alias_and_side_indices(cycle):
    assert cycle.init.returncode == 0, cycle.init.stderr[-3000:]
    for created in (f"index template {cycle.es.articles_alias}", cycle.es.rules_index, cycle.es.alerts_index):
        assert created in cycle.init.stdout


def test_one_cycle_indexes_every_demo_article(cycle):
    assert cycle.run.returncode == 0, cycle.run.stderr[-3000:]
    stages = {stage["name"]: stage for stage in json.loads(cycle.run.stdout)["stages"]}
    polled = stages["poll"]["counts"]["new"]  # the demo's pages, however many it has
    assert polled >= 52 and stages["process"]["counts"]["indexed"] == polled
    client = make_client(cycle.es)
    client.indices.refresh(index=cycle.es.articles_alias)
    assert client.count(index=cycle.es.articles_alias)["count"] == polled
    client.close()


def test_search_finds_the_seed_article_with_highlights(cycle):
    search = _sitrep(cycle.env, "search", '"ceasefire collapse"', "--json")
    assert search.returncode == 0, search.stderr[-3000:]
    top = json.loads(search.stdout)["results"][0]
    assert SEED_ARTICLE in top["title"]
    assert any("<mark>ceasefire collapse" in snippet for snippet in top["snippets"])


def test_the_seed_alerts_fire_once_each_and_are_listed(cycle):
    seed = [payload for payload in cycle.webhook if SEED_ARTICLE in payload["title"]]
    assert sorted(alert["rule"] for payload in seed for alert in payload["alerts"]) == [
        "ceasefire-collapse", "cluster-bombs"]
    listed = _sitrep(cycle.env, "alerts", "list", "--rule", "cluster-bombs", "--since", "1h", "--json")
    assert listed.returncode == 0, listed.stderr[-3000:]
    alerts = [json.loads(line) for line in listed.stdout.splitlines()]
    assert {alert["rule"] for alert in alerts} == {"cluster-bombs"}
    titles = [article["title"] for alert in alerts for article in alert["articles"]]
    assert sum(SEED_ARTICLE in title for title in titles) == 1


def test_a_rule_dry_run_matches_the_indexed_cycle(cycle):
    dry = _sitrep(cycle.env, "rules", "test", "cluster-bombs", "--since", "1h")
    assert dry.returncode == 0, dry.stderr[-3000:]
    assert "cluster-bombs: would fire" in dry.stdout and "would fire 0 " not in dry.stdout


def test_doctor_passes_every_server_check_and_names_the_version(cycle):
    doctor = _sitrep(cycle.env, "doctor", "--json")
    checks = {check["name"]: check for check in json.loads(doctor.stdout)}
    server_checks = {name: check["ok"] for name, check in checks.items()
                     if name.startswith(("kafka", "topic ", "elasticsearch", "index", "write alias"))}
    assert len(server_checks) >= 9 and all(server_checks.values()), server_checks
    assert is_supported(cycle.version)
    assert checks["elasticsearch version"]["detail"].startswith(f"{cycle.version} (supported: ")


def test_the_newest_node_runs_on_java_21_or_newer(newest_node):
    node = _node(newest_node.url)
    assert node["version"] == NEWEST
    assert int(node["jvm"]["version"].split(".")[0]) >= 21


def test_the_8x_client_speaks_to_9x_through_rest_compatibility(newest_node, servers):
    assert elasticsearch.__versionstr__.startswith("8.")
    client = make_client(replace(servers.elasticsearch, url=newest_node.url))
    answer = client.cluster.health()
    client.close()
    assert "compatible-with=8" in answer.meta.headers["content-type"]


def test_services_status_names_another_version_holding_the_port(newest_node):
    wanted = replace(newest_node.settings, elasticsearch_version="8.19.9")
    state_dir = newest_node.pid_file.parents[1]
    status = next(s for s in services_status(wanted, state_dir) if s.name == "elasticsearch")
    assert status.ready
    assert f"Elasticsearch {NEWEST} is running here, not the configured 8.19.9" in status.notice
    assert "sitrep services down" in status.describe()


def test_a_configured_java_too_old_for_9x_is_passed_over_for_an_installed_jdk_21():
    path_java = Path(os.path.realpath(shutil.which("java") or "/usr/bin/java"))
    chosen = find_java(str(path_java.parents[1]), minimum=21, needed_by=f"Elasticsearch {NEWEST}")
    assert java_major(chosen) >= 21


def test_without_a_new_enough_jdk_the_error_says_what_to_install():
    with pytest.raises(ServiceError, match=r"Elasticsearch 99\.0\.0 needs Java 99 or newer: .*Install one"):
        find_java(None, minimum=99, needed_by="Elasticsearch 99.0.0")


@pytest.mark.parametrize(("version", "supported"), [
    ("8.13.4", False), ("8.14.1", True), ("8.19.9", True), ("9.2.4", True), ("9.3.0", False)])
def test_doctor_accepts_the_tested_minor_lines_only(version, supported):
    assert is_supported(version) is supported
