"""A news feed that grows while sitrep watches it, and a webhook that notes when alerts land.

For the alert-latency benchmark: `LiveFeed` serves one RSS feed on loopback to which the
benchmark adds entries at chosen moments (each one a distinct demo article page carrying the
words "latency probe", so one rule matches them all and story grouping keeps them apart);
the demo's `WebhookReceiver` (quiet) receives sitrep's webhook alerts with their arrival
times. Both record wall-clock times (`time.time()`), the clock Kafka's record timestamps and the index's
``indexed_at`` use, so the stages between them can be told apart.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from email.utils import formatdate
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

import yaml
from loopback import LoopbackServers

DEMO = Path(__file__).resolve().parents[1] / "seeds" / "demo"
MARKER = "latency probe"


@dataclass(frozen=True)
class ProbePage:
    """A demo page the feed can publish: file name and headline."""

    file: str
    title: str


def probe_pages() -> list[ProbePage]:
    """Demo pages that are each their own story (the three republished copies left out)."""
    expected = yaml.safe_load((DEMO / "expected.yaml").read_text(encoding="utf-8"))
    copies = set(expected.get("story_copies") or [])
    keep = {page for page in copies if page.endswith("-wire.html")}
    return [
        ProbePage(name, spec["title"])
        for name, spec in sorted(expected["pages"].items())
        if name not in copies or name in keep
    ]


@dataclass(frozen=True)
class Published:
    """An entry as the feed shows it, and the wall-clock moment it appeared."""

    number: int
    page: ProbePage
    appeared_at: float


class LiveFeed(LoopbackServers):
    """``/live.rss`` lists the entries published so far; ``/pages/<n>/<file>`` serves them."""

    def __init__(self, port: int) -> None:
        self.entries: list[Published] = []
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", port), self._handler())
        self.servers = [self.server]

    @property
    def base(self) -> str:
        """``http://127.0.0.1:PORT``, what the feeds file points at."""
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def page_url(self, number: int, page: ProbePage) -> str:
        """The article link of entry ``number`` (unique per entry and per benchmark run)."""
        return f"{self.base}/pages/{number}/{page.file}"

    def publish(self, number: int, page: ProbePage) -> Published:
        """Add an entry; the next poll sees it. Returns it with its appearance time."""
        entry = Published(number, page, time.time())
        with self._lock:
            self.entries.append(entry)
        return entry

    def rss(self) -> bytes:
        """The feed as it stands: newest entry first, as news feeds are."""
        with self._lock:
            entries = list(reversed(self.entries))
        items = "".join(
            f"<item><title>{escape(e.page.title)} ({MARKER} {e.number})</title>"
            f"<link>{self.page_url(e.number, e.page)}</link>"
            f'<guid isPermaLink="true">{self.page_url(e.number, e.page)}</guid>'
            f"<pubDate>{formatdate(e.appeared_at, usegmt=True)}</pubDate>"
            f"<description>{escape(e.page.title)}</description></item>"
            for e in entries
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
            f"<title>Latency probe wire</title><link>{self.base}/</link>"
            f"<description>Entries added while sitrep runs</description>{items}</channel></rss>"
        ).encode()

    def page(self, path: str) -> bytes | None:
        """Entry n's page: the demo page with a paragraph naming the probe before its end."""
        parts = path.strip("/").split("/")
        if len(parts) != 3 or parts[0] != "pages" or not parts[1].isdigit():
            return None
        file = DEMO / "pages" / parts[2]
        if parts[2].startswith(".") or not file.is_file():
            return None
        html = file.read_text(encoding="utf-8")
        note = f"<p>This report was filed as {MARKER} {parts[1]} for the sitrep wire desk.</p>"
        anchor = "</article>" if "</article>" in html else "</body>"
        return html.replace(anchor, note + anchor, 1).encode()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        feed = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                path = self.path.split("?", 1)[0]
                if path == "/live.rss":
                    body, kind = feed.rss(), "application/rss+xml; charset=utf-8"
                elif path == "/robots.txt":
                    body, kind = b"User-agent: *\nAllow: /\n", "text/plain"
                else:
                    body, kind = feed.page(path), "text/html; charset=utf-8"
                if body is None:
                    self.send_error(HTTPStatus.NOT_FOUND)
                    return
                self.send_response(HTTPStatus.OK)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                """Quiet."""

        return Handler
