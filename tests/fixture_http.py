"""A loopback HTTP server for feed-reader tests: static fixture trees plus scripted replies.

Serves directories (seeds/fixtures, the feedparser corpus) with ETag / Last-Modified and 304
answers to conditional GETs, sends the HTTP headers a corpus file's leading comment names
(``Header: Content-type: ...``), and lets a test script any path: a status, headers, a body,
a delay. Every request is recorded so tests can assert what the reader actually sent.
Binds 127.0.0.1 on an ephemeral port: tests never generate non-loopback traffic.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Self
from urllib.parse import urlsplit

CORPUS_HEADER = re.compile(rb"^\s*Header:\s*([A-Za-z-]+):\s*(.*?)\s*$", re.MULTILINE)
FIXED_LAST_MODIFIED = formatdate(1_700_000_000, usegmt=True)


@dataclass
class Reply:
    """A scripted answer: status, headers, body, and seconds to wait before sending it."""

    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    delay: float = 0.0


@dataclass(frozen=True)
class Seen:
    """One request the server received."""

    path: str
    headers: dict[str, str]


Route = Reply | Callable[["Seen"], Reply]


class FixtureServer:
    """Threaded loopback server; use as a context manager or call start() / stop()."""

    def __init__(self, roots: dict[str, Path] | None = None) -> None:
        self.roots = dict(roots or {})
        self.routes: dict[str, Route] = {}
        self.requests: list[Seen] = []
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:<port>``."""
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def url(self, path: str) -> str:
        """Absolute URL of a path on this server."""
        return self.base_url + path

    def start(self) -> Self:
        """Serve in a background thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def hits(self, path: str) -> int:
        """How many requests asked for ``path`` (query string ignored)."""
        with self._lock:
            return sum(1 for seen in self.requests if urlsplit(seen.path).path == path)

    def answer(self, seen: Seen) -> Reply:
        """The reply for one request: a scripted route, a static file, or 404."""
        with self._lock:
            self.requests.append(seen)
        path = urlsplit(seen.path).path
        route = self.routes.get(path)
        if route is not None:
            return route(seen) if callable(route) else route
        for prefix, root in self.roots.items():
            if path.startswith(prefix):
                return _static(root / path[len(prefix) :], seen)
        return Reply(404, {"Content-Type": "text/plain"}, b"not found")


def _static(file: Path, seen: Seen) -> Reply:
    """A fixture file with validators; corpus files also get the headers their comment names."""
    if not file.is_file():
        return Reply(404, {"Content-Type": "text/plain"}, b"not found")
    body = file.read_bytes()
    etag = '"' + hashlib.md5(body, usedforsecurity=False).hexdigest() + '"'
    headers = {"ETag": etag, "Last-Modified": FIXED_LAST_MODIFIED}
    if seen.headers.get("if-none-match") == etag:
        return Reply(304, headers)
    headers.update(_content_type(file, body))
    return Reply(200, headers, body)


def _content_type(file: Path, body: bytes) -> dict[str, str]:
    named = {
        name.decode("latin-1").title(): value.decode("latin-1")
        for name, value in CORPUS_HEADER.findall(body[:2048])
    }
    if named:
        return named
    types = {
        ".html": "text/html; charset=utf-8",
        ".xml": "application/rss+xml",
        ".atom": "application/atom+xml",
        ".txt": "text/plain",
    }
    return {"Content-Type": types[file.suffix]} if file.suffix in types else {}


def _handler_for(server: FixtureServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            seen = Seen(self.path, {k.lower(): v for k, v in self.headers.items()})
            reply = server.answer(seen)
            if reply.delay:
                time.sleep(reply.delay)
            try:
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True

        def log_message(self, format: str, *args: object) -> None:
            """Quiet: the request log is in ``server.requests``."""

    return Handler
