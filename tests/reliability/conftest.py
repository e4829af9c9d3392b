"""The reliability suite: faults on the real servers, hostile input, load.

Every test here is marked ``reliability``. The heavy ones are also marked
``reliability_full`` and run only with ``SITREP_RELIABILITY_FULL=1`` (``make reliability``)
or when ``-m`` names ``reliability_full``; the default subset stays within a few minutes of
``make test``. Helpers of the pipeline and alerting suites are imported, not copied.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

TESTS = Path(__file__).resolve().parents[1]
# The pipeline and alerting helpers import their siblings as top-level modules.
for helper_dir in (TESTS / "integration" / "pipeline", TESTS / "integration" / "alerting"):
    if str(helper_dir) not in sys.path:
        sys.path.insert(0, str(helper_dir))

# The pipeline suite's fixtures, imported so pytest offers them here too (stage, flaky_es).
from tests.integration.pipeline.conftest import FlakyElasticsearch, Stage, flaky_es, stage  # noqa: E402
from tests.reliability.figures import Figure, Ledger  # noqa: E402

FULL_ENV = "SITREP_RELIABILITY_FULL"
_LEDGER = Ledger()


def pytest_configure(config: pytest.Config) -> None:
    """Register this suite's markers (tests/conftest.py belongs to the whole suite)."""
    config.addinivalue_line("markers", "reliability: fault, bad-input and load tests (tests/reliability)")
    config.addinivalue_line(
        "markers", f"reliability_full: heavy reliability cases, run with {FULL_ENV}=1 or make reliability"
    )


def full_run(config: pytest.Config) -> bool:
    """True when the heavy cases were asked for, by environment or by marker expression."""
    return os.environ.get(FULL_ENV) == "1" or "reliability_full" in (config.option.markexpr or "")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark everything here ``reliability``; deselect the heavy cases unless asked for.

    Deselected, not skipped: `make test` reports them as not run, and `make reliability`
    runs them.
    """
    here = Path(__file__).parent
    full = full_run(config)
    kept, heavy = [], []
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.reliability)
            if item.get_closest_marker("reliability_full") and not full:
                heavy.append(item)
                continue
        kept.append(item)
    if heavy:
        config.hook.pytest_deselected(items=heavy)
        items[:] = kept


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Merge this session's figures into tests/artifacts/reliability/figures.json."""
    _LEDGER.save()


@pytest.fixture(scope="session")
def ledger(es_client: Elasticsearch) -> Ledger:
    """Where tests record their figures; knows the Elasticsearch version it talked to."""
    nodes = es_client.nodes.info(node_id="_local")["nodes"]
    _LEDGER.versions["Elasticsearch"] = next(iter(nodes.values()))["version"]
    _LEDGER.versions["Kafka"] = _kafka_version()
    return _LEDGER


def _kafka_version() -> str:
    """The broker version, from the launcher's settings (the jar fetched from Maven Central)."""
    from connectors.settings import LocalServerSettings

    return LocalServerSettings().kafka_version


@pytest.fixture(scope="session")
def record(ledger: Ledger):
    """``record(Figure(...))`` for tests that report figures."""
    return ledger.record


__all__ = ["Figure", "FlakyElasticsearch", "Stage", "flaky_es", "stage"]
