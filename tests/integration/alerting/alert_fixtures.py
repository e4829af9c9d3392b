"""Helpers for the alerting integration tests: loopback receivers and fixture articles."""

from __future__ import annotations

import copy
import json
import socket
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "alerts"
SEED_RULES = Path(__file__).resolve().parents[3] / "seeds" / "rules"
WEBHOOK_SECRET = "test-secret-not-for-production"


def free_port() -> int:
    """A loopback port nobody listens on (yet)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class WebhookReceiver:
    """A local HTTP server recording each POST: path, headers and raw body."""

    port: int
    requests: list[dict[str, Any]] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def start(self) -> None:
        received = self.requests

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                received.append({"path": self.path, "headers": dict(self.headers), "body": body})
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def json_bodies(self) -> list[dict[str, Any]]:
        return [json.loads(r["body"]) for r in self.requests]


class MailSink:
    """aiosmtpd handler keeping every message it receives."""

    def __init__(self) -> None:
        self.messages: list[dict[str, Any]] = []

    async def handle_DATA(self, server: object, session: object, envelope: Any) -> str:
        data = envelope.content.decode("utf-8", "replace")
        self.messages.append({"to": list(envelope.rcpt_tos), "data": data})
        return "250 OK"


def fixture_article(name: str, **changes: Any) -> dict[str, Any]:
    """An enriched article from tests/fixtures/alerts, with fields replaced."""
    doc = copy.deepcopy(json.loads((FIXTURES / name).read_text(encoding="utf-8")))
    doc.update(changes)
    return doc
