"""Elasticsearch gone in the middle of the bulk writes: the cycle fails without committing, the next
one completes, and the index ends with every article exactly once."""

from __future__ import annotations

from dataclasses import replace

import pytest
from process_fixtures import TEST_SETTINGS, raw_article

from connectors.elasticsearch_client import make_client
from connectors.elasticsearch_indices import ensure_indices
from tests.reliability.conftest import Figure, Stage
from tests.reliability.harness import (
    duplicated,
    finish,
    indexed_count,
    process_env,
    sitrep_process,
    snapshot,
    uncommitted,
    wait_for,
)
from tests.reliability.own_servers import own_elasticsearch

pytestmark = pytest.mark.integration
SMALL_BULKS = replace(TEST_SETTINGS, bulk_docs=10)


def articles(count: int, prefix: str) -> list[dict]:
    """``count`` distinct raw articles on the seed page."""
    return [raw_article(f"https://{prefix}.example/{i}") for i in range(count)]


def test_bulk_refused_mid_cycle_fails_uncommitted_then_next_cycle_completes(stage, flaky_es, record):
    raws = articles(80, "outage")
    stage.produce(raws)
    via_proxy = replace(stage.es, url=flaky_es.url)
    flaky_es.down_after_bulks = 1  # the first bulk of ten documents lands, then the node is down
    failed = stage.run(settings=SMALL_BULKS, es=via_proxy)
    partial = indexed_count(stage.client, stage.es.articles_alias)
    assert not failed.ok and failed.committed == {}
    assert uncommitted(stage.kafka) == len(raws) and 0 < partial < len(raws)
    flaky_es.down_after_bulks, flaky_es.down = None, False
    assert stage.run(settings=SMALL_BULKS, es=via_proxy).ok
    docs = snapshot(stage.client, stage.es.articles_alias)
    assert set(docs) == {r["id"] for r in raws} and duplicated(docs) == 0
    record(
        Figure(
            "es-outage-default",
            "Elasticsearch refusing bulks mid-cycle (503 proxy)",
            1,
            fed=len(raws),
            found=len(docs),
            lost=len(raws) - len(docs),
            duplicated=duplicated(docs),
            notes=f"{partial} written before the outage; failed cycle committed nothing",
        )
    )


@pytest.fixture
def own_es(servers, tmp_path):
    """A private Elasticsearch node that this test may stop and start."""
    node = own_elasticsearch(servers.services, tmp_path / "own-es")
    node.start()
    yield node
    node.stop()


@pytest.mark.reliability_full
def test_real_elasticsearch_stopped_mid_bulk_and_restarted(stage, own_es, record):
    es = replace(stage.es, url=own_es.server.url)
    client = make_client(es)
    ensure_indices(client, es)
    raws = articles(300, "stopped")
    stage.produce(raws)
    env = process_env(stage.kafka, es, SITREP_PIPELINE_BULK_ATTEMPTS="3", SITREP_PIPELINE_BULK_BACKOFF="0.5")
    process = sitrep_process(env)
    assert wait_for(lambda: _count(client, es.articles_alias) > 0, process, timeout=600)
    own_es.stop()
    code, output = finish(process)
    assert code == 1 and "offsets not committed" in output, output
    assert uncommitted(stage.kafka) == len(raws)
    own_es.start()
    partial = _count(client, es.articles_alias)
    code, output = finish(sitrep_process(env))
    assert code == 0, output
    docs = snapshot(client, es.articles_alias)
    client.close()
    record(
        Figure(
            "es-outage-full",
            "Elasticsearch node stopped mid-bulk, restarted",
            1,
            fed=len(raws),
            found=len(docs),
            lost=len(raws) - len(docs),
            duplicated=duplicated(docs),
            full=True,
            notes=f"{partial} documents survived the stop; failed cycle exit 1, nothing committed",
        )
    )
    assert set(docs) == {r["id"] for r in raws} and duplicated(docs) == 0 and uncommitted(stage.kafka) == 0


def _count(client, alias: str) -> int:
    """Documents in the index, 0 while the node does not answer."""
    try:
        return indexed_count(client, alias)
    except Exception:
        return 0


__all__ = ["Stage"]
