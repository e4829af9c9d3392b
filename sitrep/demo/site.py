"""A loopback web server that plays ten news outlets (six languages) from `seeds/demo/`.

``/<outlet>/feeds/<file>`` serves ``seeds/demo/feeds/<file>``, ``/<outlet>/pages/<file>``
serves ``seeds/demo/pages/<file>``, and ``/robots.txt`` allows everything; query strings
(the feeds' utm_* tracking parameters) are ignored, as a real site would. The feeds link to
``http://127.0.0.1:8765``; served from another port, their links are rewritten to it.
"""

from __future__ import annotations

import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

HOME = b"http://127.0.0.1:8765"
OUTLETS = frozenset({"wire", "gazette", "chronicle", "observer", "dispatch",
                     "courrier", "cronica", "mashriq", "vestnik", "kurier"})
CONTENT_TYPES = {
    ".xml": "application/rss+xml; charset=utf-8",
    ".atom": "application/atom+xml; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}


def resolve(root: Path, request_path: str) -> Path | None:
    """The file a request path maps to, or None (never a path outside ``root``)."""
    path = urlsplit(request_path).path
    if path == "/robots.txt":
        return root / "robots.txt"
    parts = path.strip("/").split("/")
    if len(parts) != 3 or parts[0] not in OUTLETS or parts[1] not in {"feeds", "pages"}:
        return None
    name = parts[2]
    if not name or name.startswith(".") or "\\" in name:
        return None
    candidate = root / parts[1] / name
    return candidate if candidate.is_file() else None


class DemoSite:
    """The outlets' server on a background thread; use as a context manager."""

    def __init__(self, root: Path, port: int = 8765) -> None:
        handler = _handler_for(root)
        self.server = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> DemoSite:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def _handler_for(root: Path) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            file = resolve(root, self.path)
            if file is None:
                self.send_error(HTTPStatus.NOT_FOUND)
                return
            body = file.read_bytes()
            if file.parent.name == "feeds":
                host, port = self.server.server_address[:2]
                body = body.replace(HOME, f"http://{host}:{port}".encode())
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", CONTENT_TYPES.get(file.suffix, "application/octet-stream"))
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            """Quiet: the demo prints its own progress."""

    return Handler
