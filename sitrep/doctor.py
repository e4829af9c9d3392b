"""`sitrep doctor`: check everything a cycle needs and say what is wrong and how to fix it."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass

import yaml
from elasticsearch import ApiError, Elasticsearch, TransportError
from kafka import KafkaAdminClient
from kafka.errors import KafkaError

from connectors.elasticsearch_client import make_client
from connectors.elasticsearch_versions import SUPPORTED_RANGE, is_supported, server_version
from connectors.feeds.feeds_file import FeedsFileError, load_feeds
from connectors.kafka_probe import PROBE_CLIENT_TIMEOUTS, listening_broker
from connectors.kafka_topics import topic_specs
from pipelines.alerting.rules import RuleError, load_rules
from pipelines.tagger.languages import available_languages, language_taxonomy, load_language
from pipelines.tagger.native import SWITCH, Build, build_state
from sitrep.config import Config


@dataclass(frozen=True)
class Check:
    """One check's verdict, with advice when it failed."""

    name: str
    ok: bool
    detail: str
    advice: str = ""


def _kafka(config: Config) -> list[Check]:
    where = config.kafka.bootstrap_servers
    advice = ("start the local servers with `sitrep services up`, or set "
              "kafka.bootstrap_servers / SITREP_KAFKA_BOOTSTRAP to your brokers")
    if listening_broker(where.split(",")) is None:
        return [Check("kafka", False, f"nothing listens at {where}", advice)]
    try:
        admin = KafkaAdminClient(**{**config.kafka.client_options(), **PROBE_CLIENT_TIMEOUTS})
    except (KafkaError, OSError, ValueError) as exc:
        return [Check("kafka", False, f"no broker answers at {where}: {exc!r}", advice)]
    try:
        brokers = sum(1 for b in admin.describe_cluster()["brokers"] if not b.get("is_fenced"))
        described = {t["name"]: t["partitions"] for t in admin.describe_topics()}
    finally:
        admin.close()
    checks = [Check("kafka", True, f"{brokers} broker(s) at {where}")]
    ours = [spec.name for spec in topic_specs(config.kafka)]
    for name in ours:
        if name in described:
            replicas = max((len(p["replica_nodes"]) for p in described[name]), default=0)
            detail = f"{len(described[name])} partitions, {replicas} replica(s)"
            checks.append(Check(f"topic {name}", True, detail))
        else:
            checks.append(Check(f"topic {name}", False, "missing", "run `sitrep init`"))
    return [*checks, _kafka_replication(described, [*ours, "__consumer_offsets"])]


def _kafka_replication(described: dict[str, list[dict]], topics: list[str]) -> Check:
    """Partitions of sitrep's topics with no leader, or with replicas out of the in-sync set."""
    partitions = [p for name in topics for p in described.get(name, [])]
    offline = sum(1 for p in partitions if p["leader_id"] < 0)
    lagging = [p for p in partitions if len(p["isr_nodes"]) < len(p["replica_nodes"])]
    missing = sorted({node for p in lagging for node in set(p["replica_nodes"]) - set(p["isr_nodes"])})
    if not offline and not lagging:
        return Check("kafka replication", True, f"{len(partitions)} partitions fully in sync")
    detail = (f"{offline} partition(s) offline, {len(lagging)} under-replicated of {len(partitions)}; "
              f"out of sync: broker(s) {', '.join(map(str, missing)) or '-'}")
    offline_note = "; offline partitions accept no reads or writes until a replica returns" if offline else ""
    return Check("kafka replication", False, detail,
                 "start the missing broker(s) again (`sitrep services up --nodes 3` for the local "
                 "cluster) and check their logs; writes with acks=all go on while min.insync.replicas "
                 f"are in sync, but one more lost broker stops them{offline_note}")


def _elasticsearch(config: Config) -> list[Check]:
    es = config.elasticsearch
    client = make_client(es, request_timeout=5, max_retries=es.url.count(","))  # each node once
    try:
        health = client.cluster.health()
    except (ApiError, TransportError) as exc:
        return [Check("elasticsearch", False, f"no answer from {es.url}: {exc}",
                      "start the local servers with `sitrep services up`, or set "
                      "elasticsearch.url / SITREP_ES_URL (and credentials) to your cluster")]
    checks = [_health(es.url, health)]
    try:
        checks.append(_server_version(client))
        wanted = [
            ("index template", client.indices.exists_index_template(name=es.articles_alias)),
            (f"write alias {es.articles_alias}", client.indices.exists_alias(name=es.articles_alias)),
            (f"index {es.rules_index}", client.indices.exists(index=es.rules_index)),
            (f"index {es.alerts_index}", client.indices.exists(index=es.alerts_index)),
        ]
    finally:
        client.close()
    checks += [Check(name, bool(found), "present" if found else "missing", "run `sitrep init`")
               for name, found in wanted]
    return checks


def _health(url: str, health: dict) -> Check:
    """Green passes; yellow fails on a cluster (a node is missing), red always, each with the cure."""
    status, nodes = health["status"], health["number_of_data_nodes"]
    detail = (f"{url} health {status}, {nodes} data node(s), {health['unassigned_shards']} shard(s) "
              "unassigned")
    if status == "green":
        return Check("elasticsearch", True, detail)
    if status == "yellow" and nodes == 1:
        return Check("elasticsearch", True, f"{detail}: replicas cannot be placed on a single node "
                     "(elasticsearch.replicas 0, or more nodes, makes it green)")
    if status == "yellow":
        return Check("elasticsearch", False, detail,
                     "replica shards are unassigned: a node is down or still rejoining; start it again "
                     "(`sitrep services up --nodes 3` for the local cluster) and wait for green. Until "
                     "then one more lost node can lose data. If every node is up, elasticsearch.replicas "
                     "must be below the number of data nodes")
    return Check("elasticsearch", False, detail,
                 "primary shards are unassigned, so some articles cannot be searched or written: start "
                 "the missing node(s), else check the nodes' logs, disk space and "
                 "`GET _cluster/allocation/explain`")


def _server_version(client: Elasticsearch) -> Check:
    """The node's version, failed outside the range sitrep is tested against."""
    version = server_version(client)
    return Check("elasticsearch version", is_supported(version), f"{version} (supported: {SUPPORTED_RANGE})",
                 f"sitrep is tested against Elasticsearch {SUPPORTED_RANGE} (README, Local servers); "
                 "run a server in that range, or expect untested behaviour")


def _feeds(config: Config) -> list[Check]:
    try:
        feeds = load_feeds(config.feeds_file)
    except FeedsFileError as exc:
        return [Check("feeds file", False, str(exc), "fix the file at the line named above")]
    enabled = sum(1 for feed in feeds if feed.enabled)
    return [Check("feeds file", bool(enabled), f"{config.feeds_file}: {enabled} enabled feed(s)",
                  "enable at least one feed")]


def _rules(config: Config) -> list[Check]:
    try:
        rules = load_rules(config.rules_dir)
    except RuleError as exc:
        return [Check("alert rules", False, str(exc),
                      "fix the rule at the file and field named above; `sitrep rules validate` re-checks")]
    return [Check("alert rules", True, f"{config.rules_dir}: {len(rules)} enabled rule(s)")]


def _state_dir(config: Config) -> list[Check]:
    directory = config.state_dir
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=directory):
            pass
    except OSError as exc:
        return [Check("state dir", False, f"{directory}: {exc.strerror}",
                      "make it writable by this user, or set state_dir / SITREP_STATE_DIR")]
    free = os.statvfs(directory)
    free_mib = free.f_bavail * free.f_frsize // (1024 * 1024)
    return [Check("state dir", free_mib > 100, f"{directory} writable, {free_mib} MiB free",
                  "free some disk space: runs, locks and poll state live here")]


_TAGGER_BUILDS = {
    Build.CURRENT: "compiled, built from these sources",
    Build.DISABLED: f"interpreted ({SWITCH}=0)",
    Build.STALE: "interpreted: the compiled build was made from other sources",
    Build.MISSING: "interpreted: never compiled here",
}


def diagnose_tagger(config: Config | None = None) -> list[Check]:
    """Whether the tagger runs compiled; a stale or missing build only costs speed, but fails."""
    state = build_state()
    return [Check("tagger", state in (Build.CURRENT, Build.DISABLED), _TAGGER_BUILDS[state],
                  "run `make native` (deploy/native/build_tagger.py): the compiled tagger is ~1.5x faster")]


def diagnose_languages(config: Config | None = None) -> list[Check]:
    """The languages the tagger reads; every lexicon file must load (a bad one names its key)."""
    read = []
    for code in available_languages():
        try:
            language_taxonomy(load_language(code))
        except (ValueError, KeyError, TypeError, OSError, yaml.YAMLError) as exc:
            return [Check("tagger languages", False, f"{code}: {exc}",
                          "fix the lexicon file named above (schemas/taxonomy/README.md, Adding a language)")]
        read.append(code)
    return [Check("tagger languages", True, ", ".join(read))]


CHECKS: tuple[Callable[[Config], list[Check]], ...] = (
    _state_dir, _feeds, _rules, diagnose_tagger, diagnose_languages, _kafka, _elasticsearch
)


def diagnose(config: Config, extra: tuple[Callable[[Config], list[Check]], ...] = ()) -> list[Check]:
    """Run every check; one that crashes becomes a failed check, never a traceback."""
    results: list[Check] = []
    for check in (*CHECKS, *extra):
        try:
            results += check(config)
        except Exception as exc:  # a doctor reports what broke rather than breaking itself
            results.append(Check(check.__name__.strip("_"), False, f"{type(exc).__name__}: {exc}"))
    return results
