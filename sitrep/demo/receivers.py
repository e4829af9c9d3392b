"""Local stand-ins for the analysts' channels: a webhook and an SMTP server that print alerts."""

from __future__ import annotations

import json
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class WebhookReceiver:
    """Accepts POSTed alerts on loopback and prints each one as it arrives (unless ``echo`` is
    off); ``arrived_at[i]`` is the wall-clock time ``received[i]`` came in, for latency figures."""

    def __init__(self, port: int = 8766, echo: bool = True) -> None:
        self.received: list[dict[str, Any]] = []
        self.arrived_at: list[float] = []
        self.echo = echo
        self.server = ThreadingHTTPServer(("127.0.0.1", port), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/alerts"

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                at = time.time()
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                try:
                    payload = json.loads(body)
                except ValueError:
                    payload = {"raw": body.decode("utf-8", "replace")}
                receiver.arrived_at.append(at)
                receiver.received.append(payload)
                if receiver.echo:
                    title = payload.get("title") or payload.get("rule") or "(alert)"
                    signed = "signed" if self.headers.get("X-Sitrep-Signature") else "unsigned"
                    print(f"  webhook received ({signed}): {title}", flush=True)
                self.send_response(HTTPStatus.NO_CONTENT)
                self.end_headers()

            def log_message(self, format: str, *args: object) -> None:
                """Quiet: each delivery is printed above."""

        return Handler

    def __enter__(self) -> WebhookReceiver:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


class MailSink:
    """An SMTP server on loopback (aiosmtpd) that prints the subject of each e-mail alert."""

    def __init__(self, port: int = 8025) -> None:
        from aiosmtpd.controller import Controller

        class Printer:
            async def handle_DATA(self, server: object, session: object, envelope: Any) -> str:
                text = envelope.content.decode("utf-8", "replace")
                subject = next((line[9:] for line in text.splitlines() if line.startswith("Subject: ")), "")
                print(f"  e-mail received for {', '.join(envelope.rcpt_tos)}: {subject}", flush=True)
                return "250 OK"

        self.port = port
        self.controller = Controller(Printer(), hostname="127.0.0.1", port=port)

    def __enter__(self) -> MailSink:
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.controller.stop()
