"""The same cycle on Beam's FlinkRunner (embedded Flink) indexes what the DirectRunner indexes.

This is the proof that the pipeline is not tied to the DirectRunner: the job server (fetched
from Maven Central into the server cache) runs the cycle as a real Flink job with parallelism
2, the Python DoFns in this process (LOOPBACK), against the real Kafka and Elasticsearch.
Nothing skips: a job server that cannot be fetched or started fails the test with its log.
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from elasticsearch import Elasticsearch
from process_fixtures import TEST_SETTINGS, news_html, raw_article

from connectors.elasticsearch_indices import ensure_indices
from connectors.kafka_offsets import plan_ranges
from connectors.kafka_topics import ensure_topics
from connectors.local_servers.flink_job_server import FlinkJobServer
from connectors.local_servers.processes import tail
from pipelines.cycle import CycleReport, run_cycle
from sitrep.config import Config
from tests.sitrep_env import isolated

pytestmark = [
    pytest.mark.integration,
    # At the end of a job the Java side closes the LOOPBACK environment, and Beam's Python data
    # channel thread dies with CANCELLED "Multiplexer hanging up": teardown noise, not a failure.
    pytest.mark.filterwarnings(
        "ignore:Exception in thread read_grpc_client_inputs:pytest.PytestUnhandledThreadExceptionWarning"
    ),
]
# Set when the document is written or fetched, so they differ between two runs by design.
VOLATILE = {"indexed_at", "fetched_at"}
COMPARED = ("title", "text", "tags", "event_types", "story_id", "duplicate_of", "fatalities", "locations")
FLINK_DONE = "switched from state RUNNING to FINISHED"


def _free_port() -> int:
    """A port nobody listens on, so parallel test sessions never share a job server."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def flink_job_server(servers: Config, tmp_path_factory: pytest.TempPathFactory) -> Iterator[FlinkJobServer]:
    """The Beam Flink job server with an embedded Flink, for this module only, then stopped."""
    settings = replace(servers.services, flink_job_port=_free_port())
    server = FlinkJobServer(settings, tmp_path_factory.mktemp("flink-state"))
    server.fetch()
    server.start()
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()


def _articles() -> list[dict[str, Any] | bytes]:
    """The seed article, near-duplicate wire copies (story grouping), and one undecodable message."""
    return (
        [raw_article("https://news.example.org/world/aleppo-bombardment")]
        + [raw_article(f"https://wire{i}.example/story", html=news_html()) for i in range(4)]
        + [raw_article("https://late.example/copy", published="2016-09-23T11:00:00Z")]
        + [b"not json"]
    )


def _second_stage(stage: Any, es_client: Elasticsearch, unique_name: Callable[[str], str]) -> Any:
    """Topics, group and indices of their own for the Flink run, built like the `stage` fixture."""
    kafka, es = isolated(stage.kafka, unique_name), isolated(stage.es, unique_name)
    ensure_topics(kafka)
    ensure_indices(es_client, es)
    return type(stage)(kafka, es, es_client)


def _comparable(docs: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {i: {k: v for k, v in doc.items() if k not in VOLATILE} for i, doc in docs.items()}


def _assert_committed(report: CycleReport, stage: Any) -> None:
    assert report.committed == {r.partition: r.stop for r in report.ranges}
    assert all(r.size == 0 for r in plan_ranges(stage.kafka)), "offsets left behind"


def _finished_jobs(server: FlinkJobServer) -> int:
    log = Path(server.log_file)
    return log.read_text(errors="replace").count(FLINK_DONE) if log.exists() else 0


def test_flink_runner_indexes_the_same_documents_as_the_direct_runner(
    stage: Any,
    es_client: Elasticsearch,
    unique_name: Callable[[str], str],
    flink_job_server: FlinkJobServer,
) -> None:
    on_flink = _second_stage(stage, es_client, unique_name)
    stage.produce(_articles())
    on_flink.produce(_articles())

    direct = stage.run()
    jobs_before = _finished_jobs(flink_job_server)
    flink = run_cycle(on_flink.kafka, on_flink.es, TEST_SETTINGS, flink_job_server.beam_args(parallelism=2))

    assert direct.ok, direct.error
    assert flink.ok, f"{flink.error}\njob server log:\n{tail(flink_job_server.log_file, 40)}"
    assert _finished_jobs(flink_job_server) == jobs_before + 1, "no Flink job finished on the job server"
    direct_docs, flink_docs = stage.docs(), on_flink.docs()
    assert len(direct_docs) == 6 and flink_docs.keys() == direct_docs.keys()
    for doc in flink_docs.values():
        assert set(COMPARED) <= doc.keys()
    assert _comparable(flink_docs) == _comparable(direct_docs)
    assert flink.counters == direct.counters and flink.counters["failed"] == 1
    _assert_committed(direct, stage)
    _assert_committed(flink, on_flink)
