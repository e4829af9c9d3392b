"""robots.txt, consulted before every article fetch and fetched at most once a day per host.

Fetching robots.txt goes through the same guarded client, so a hostile host cannot use it to
reach internal addresses. Following common crawler practice (RFC 9309): a 4xx robots.txt means
"no rules"; an unreachable one or a 5xx answer means "assume disallowed" for this pass, so we
never crawl a site whose rules we could not read because it was struggling. Rules that were
read are kept in the feed state store and reused for `ROBOTS_MAX_AGE` (RFC 9309 lets a
crawler cache them for 24 hours): a poll every minute would otherwise spend one of each
host's politeness slots per pass on robots.txt. A failed read is never kept.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from urllib.parse import urlsplit, urlunsplit

from protego import Protego

from connectors.feeds.errors import FetchError
from connectors.feeds.http_client import HttpClient
from connectors.feeds.state_store import StateStore

log = logging.getLogger(__name__)
ROBOTS_MAX_BYTES = 512 * 1024
ROBOTS_MAX_AGE = 24 * 3600.0  # seconds a robots.txt that was read is reused (RFC 9309, 2.4)


class RobotsCache:
    """Per-host robots.txt rules, fetched lazily, at most once per host per pass, and kept in
    `store` (when given) for `max_age` seconds across passes."""

    def __init__(
        self,
        client: HttpClient,
        store: StateStore | None = None,
        clock: Callable[[], float] = time.time,
        max_age: float = ROBOTS_MAX_AGE,
    ) -> None:
        self._client = client
        self._store = store
        self._clock = clock
        self._max_age = max_age
        self._rules: dict[str, Protego | None] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def allowed(self, url: str, *, allow_local: bool) -> bool:
        """May sitrep's user agent fetch ``url``? Non-web URLs (file://) are always allowed."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            return True
        origin = urlunsplit((parts.scheme, parts.netloc.lower(), "", "", ""))
        rules = self._rules_for(origin, allow_local)
        if rules is None:
            return False
        return bool(rules.can_fetch(url, self._client.settings.user_agent))

    def _rules_for(self, origin: str, allow_local: bool) -> Protego | None:
        with self._guard:
            lock = self._locks.setdefault(origin, threading.Lock())
        with lock:
            if origin not in self._rules:
                stored = self._store.robots(origin, self._clock() - self._max_age) if self._store else None
                self._rules[origin] = (
                    Protego.parse(stored) if stored is not None else self._fetch(origin, allow_local)
                )
            return self._rules[origin]

    def _fetch(self, origin: str, allow_local: bool) -> Protego | None:
        """Parse the origin's robots.txt; None means 'could not read it, disallow for now'."""
        url = f"{origin}/robots.txt"
        try:
            response = self._client.get(url, allow_local=allow_local, max_bytes=ROBOTS_MAX_BYTES)
        except FetchError as exc:
            log.warning(
                "robots.txt unavailable, not fetching from host", extra={"url": url, "error": str(exc)}
            )
            return None
        if 400 <= response.status < 500:
            body = ""
        elif response.status == 200:
            body = response.body.decode("utf-8", errors="replace")
        else:
            return None
        if self._store is not None:
            self._store.save_robots(origin, body, self._clock())
        return Protego.parse(body)
