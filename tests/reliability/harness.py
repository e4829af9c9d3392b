"""Driving `sitrep` as separate processes and reading back what they left, for fault tests."""

from __future__ import annotations

import contextlib
import hashlib
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from elasticsearch import Elasticsearch

from connectors.kafka_offsets import plan_ranges
from connectors.settings import ElasticsearchSettings, KafkaSettings

ROOT = Path(__file__).resolve().parents[2]
SITREP = Path(sys.executable).with_name("sitrep")


def process_env(kafka: KafkaSettings, es: ElasticsearchSettings, **extra: str) -> dict[str, str]:
    """SITREP_* environment pointing a subprocess at this test's broker, topics, group and index."""
    return {
        **os.environ,
        "SITREP_KAFKA_BOOTSTRAP_SERVERS": kafka.bootstrap_servers,
        "SITREP_KAFKA_RAW_TOPIC": kafka.raw_topic,
        "SITREP_KAFKA_ENRICHED_TOPIC": kafka.enriched_topic,
        "SITREP_KAFKA_DEADLETTER_TOPIC": kafka.deadletter_topic,
        "SITREP_KAFKA_CONSUMER_GROUP": kafka.consumer_group,
        "SITREP_ELASTICSEARCH_URL": es.url,
        "SITREP_ELASTICSEARCH_ARTICLES_ALIAS": es.articles_alias,
        "SITREP_ELASTICSEARCH_EVENTS_INDEX": es.events_index,
        # Small bulk requests, so a kill or an outage lands between writes.
        "SITREP_PIPELINE_BULK_DOCS": "20",
        "SITREP_PIPELINE_BULK_BYTES": "300000",
        **extra,
    }


def spawn(args: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    """A child in its own process group (Beam's workers included), output captured."""
    return subprocess.Popen(
        args, env=env, cwd=ROOT, start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )


def sitrep_process(env: dict[str, str]) -> subprocess.Popen[bytes]:
    """`sitrep process` on two DirectRunner workers."""
    return spawn([str(SITREP), "process", "--", "--direct_num_workers=2"], env)


def paused_cycle(env: dict[str, str], marker: Path) -> subprocess.Popen[bytes]:
    """A cycle that pauses after its writes, before its commit (see cycle_driver.py)."""
    return spawn([sys.executable, "-m", "tests.reliability.cycle_driver", str(marker)], env)


def kill_group(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL the child and every worker it started."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.communicate()


def finish(process: subprocess.Popen[bytes], timeout: float = 900) -> tuple[int, str]:
    """Wait for a child; its exit code and the tail of its output."""
    output = process.communicate(timeout=timeout)[0].decode(errors="replace")
    return process.returncode, output[-4000:]


def wait_for(
    condition: Callable[[], bool],
    process: subprocess.Popen[bytes] | None = None,
    timeout: float = 300,
    every: float = 0.1,
) -> bool:
    """Poll ``condition`` until true; False on timeout or if ``process`` exited first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        if process is not None and process.poll() is not None:
            return condition()
        time.sleep(every)
    return False


def uncommitted(kafka: KafkaSettings) -> int:
    """Offsets of the raw topic the consumer group has not committed yet."""
    return sum(r.size for r in plan_ranges(kafka))


def indexed_count(client: Elasticsearch, alias: str) -> int:
    """Documents in the index right now (refreshed first)."""
    client.indices.refresh(index=alias)
    return int(client.count(index=alias)["count"])


def snapshot(client: Elasticsearch, alias: str) -> dict[str, tuple[Any, ...]]:
    """The index's content that must not depend on timing: id -> url, title, tags, text hash."""
    client.indices.refresh(index=alias)
    fields = ["canonical_url", "url", "title", "tags", "event_types", "text", "countries"]
    docs: dict[str, tuple[Any, ...]] = {}
    for hit in _scan(client, alias, fields):
        src = hit["_source"]
        text = hashlib.sha256((src.get("text") or "").encode()).hexdigest()[:16]
        docs[hit["_id"]] = (
            src.get("canonical_url") or src.get("url"),
            src.get("title"),
            tuple(sorted(src.get("tags") or [])),
            tuple(sorted(src.get("event_types") or [])),
            tuple(sorted(src.get("countries") or [])),
            text,
        )
    return docs


def _scan(client: Elasticsearch, alias: str, fields: list[str]) -> list[dict[str, Any]]:
    from elasticsearch.helpers import scan

    return list(scan(client, index=alias, _source=fields, query={"query": {"match_all": {}}}, size=1000))


def duplicated(docs: dict[str, tuple[Any, ...]]) -> int:
    """Documents beyond the first that share a canonical URL."""
    per_url = Counter(values[0] for values in docs.values())
    return sum(n - 1 for n in per_url.values() if n > 1)
