"""Kafka's KRaft storage formats with any cluster id, a leading "-" included.

A random base64 id starts with "-" one time in 64; passed as a separate argument, Kafka's
option parser read it as the next option and `sitrep services up` failed on a clean clone.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from connectors.local_servers.kafka_server import KafkaServer
from connectors.local_servers.tooling import find_java
from sitrep.config import Config

pytestmark = pytest.mark.integration
DASH_ID = "-AAAAAAAAAAAAAAAAAAAAA"  # 16 bytes 0xf8 00 .. 00, base64url: what "-" ids look like


def test_storage_formats_with_a_cluster_id_starting_with_a_dash(
    sitrep_config: Config, tmp_path: Path
) -> None:
    kafka = KafkaServer(sitrep_config.services, tmp_path)  # the cached Kafka, a state dir of its own
    kafka.fetch()  # from Maven Central on a fresh machine, else the cache
    kafka.format_storage(find_java(sitrep_config.services.java_home), kafka._write_config(), DASH_ID)
    meta = (tmp_path / "kafka" / "data" / "meta.properties").read_text()
    assert f"cluster.id={DASH_ID}" in meta
