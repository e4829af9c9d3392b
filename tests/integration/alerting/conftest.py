"""Real receivers for real notifications: an HTTP webhook receiver and an aiosmtpd SMTP server.

Both listen on 127.0.0.1 only. Articles are indexed straight into the test's own articles
alias (with story_id set), so alerting is tested without waiting for the pipeline.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from alert_fixtures import WEBHOOK_SECRET, MailSink, WebhookReceiver, free_port
from elasticsearch import Elasticsearch

from connectors.elasticsearch_indices import ensure_indices
from connectors.settings import AlertSettings, ElasticsearchSettings, KafkaSettings
from pipelines.alerting.queries import iso


@pytest.fixture
def webhook() -> Iterator[WebhookReceiver]:
    """A running webhook receiver on a free loopback port."""
    receiver = WebhookReceiver(port=free_port())
    receiver.start()
    yield receiver
    receiver.stop()


@pytest.fixture
def smtp() -> Iterator[tuple[MailSink, int]]:
    """A running aiosmtpd server on loopback and the sink holding what it received."""
    sink = MailSink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield sink, controller.port
    controller.stop()


@pytest.fixture
def alert_es(es_client: Elasticsearch, isolated_settings: tuple[KafkaSettings, ElasticsearchSettings]
             ) -> ElasticsearchSettings:
    """This test's own articles alias, rules index and alerts index, created."""
    _kafka, es = isolated_settings
    ensure_indices(es_client, es)
    return es


@pytest.fixture
def alert_settings(smtp: tuple[MailSink, int]) -> AlertSettings:
    """Delivery to the local SMTP server, signed webhooks, fast retries."""
    return AlertSettings(smtp_port=smtp[1], webhook_secret=WEBHOOK_SECRET, retries=2, retry_backoff=0.01)


@pytest.fixture
def seed_env(monkeypatch: pytest.MonkeyPatch, webhook: WebhookReceiver) -> WebhookReceiver:
    """The seed rules' ${SITREP_ALERT_WEBHOOK_URL} pointed at the local receiver."""
    monkeypatch.setenv("SITREP_ALERT_WEBHOOK_URL", webhook.url)
    return webhook


@pytest.fixture
def index_articles(es_client: Elasticsearch, alert_es: ElasticsearchSettings
                   ) -> Callable[..., None]:
    """Write articles as the pipeline would: through the write alias, stamped indexed_at, refreshed."""
    def write(docs: list[dict[str, Any]], indexed_at: datetime | None = None) -> None:
        stamp = iso(indexed_at or datetime.now(UTC))
        for doc in docs:
            document = {**doc, "indexed_at": stamp}
            es_client.index(index=alert_es.articles_alias, id=doc["id"], document=document)
        es_client.indices.refresh(index=alert_es.articles_alias)

    return write
