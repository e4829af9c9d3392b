"""A notifier that answers 500 or hangs: the alert stays pending, is retried next cycle, and once
delivered is never sent again."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from alert_fixtures import fixture_article

from connectors.alerts_store import list_alerts
from connectors.elasticsearch_indices import ensure_indices
from connectors.settings import AlertSettings
from pipelines.alerting.cycle import run_alerts
from tests.reliability.conftest import Figure

pytestmark = pytest.mark.integration
RULES = Path(__file__).parent / "fixtures" / "rules"
SETTINGS = AlertSettings(retries=2, retry_backoff=0.01, webhook_timeout=0.5)


class ScriptedWebhook:
    """A loopback receiver whose answer is scripted: ``ok`` (200), ``error`` (500) or ``hang``."""

    def __init__(self) -> None:
        self.mode = "ok"
        self.accepted: list[bytes] = []
        self.refused = 0
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if hook.mode == "hang":
                    hook.refused += 1
                    time.sleep(2 * SETTINGS.webhook_timeout)
                    self.close_connection = True
                    return
                status = 200 if hook.mode == "ok" else 500
                (hook.accepted.append(body) if status == 200 else setattr(hook, "refused", hook.refused + 1))
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        """Stop listening."""
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def hook(monkeypatch: pytest.MonkeyPatch) -> Iterator[ScriptedWebhook]:
    """The scripted receiver, named by the rule's ${SITREP_RELIABILITY_WEBHOOK_URL}."""
    receiver = ScriptedWebhook()
    monkeypatch.setenv("SITREP_RELIABILITY_WEBHOOK_URL", receiver.url)
    yield receiver
    receiver.close()


@pytest.fixture
def alert_stage(es_client, isolated_settings):
    """This test's indices with the seed article indexed, as the pipeline would leave it."""
    _kafka, es = isolated_settings
    ensure_indices(es_client, es)
    start = datetime.now(UTC) - timedelta(seconds=1)
    doc = {**fixture_article("seed-article.json"), "indexed_at": datetime.now(UTC).isoformat()}
    es_client.index(index=es.articles_alias, id=doc["id"], document=doc, refresh=True)
    return es, start


def cycles_while(mode: str, hook: ScriptedWebhook, es_client, alert_stage) -> list[set[str]]:
    """One cycle with the receiver failing in ``mode``, then two healthy ones; statuses after each."""
    es, start = alert_stage
    statuses = []
    for number, current in enumerate((mode, "ok", "ok")):
        hook.mode = current
        since = start if number == 0 else datetime.now(UTC)
        run_alerts(es_client, es, SETTINGS, RULES, since, datetime.now(UTC))
        statuses.append({a["status"] for a in list_alerts(es_client, es)})
    return statuses


@pytest.mark.parametrize("mode", ["error", "hang"])
def test_failing_notifier_keeps_the_alert_pending_then_delivers_it_exactly_once(
    mode, hook, es_client, alert_stage, record
):
    statuses = cycles_while(mode, hook, es_client, alert_stage)
    assert statuses == [{"pending"}, {"delivered"}, {"delivered"}]
    assert hook.refused == SETTINGS.retries and len(hook.accepted) == 1
    record(
        Figure(
            f"notifier-{mode}",
            f"Notifier answering {'500' if mode == 'error' else 'nothing (hang)'}",
            3,
            fed=1,
            found=len(hook.accepted),
            lost=1 - len(hook.accepted),
            duplicated=len(hook.accepted) - 1,
            notes=f"cases = cycles; {hook.refused} failed attempts in cycle 1, pending → delivered, "
            "cycle 3 sent nothing",
        )
    )
