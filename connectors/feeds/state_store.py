"""What the feed readers remember between runs: seen article ids, per-feed validators, robots.txt.

An embedded SQLite file under the state directory, so a cron job needs no extra server. A
file lock next to it stops two pollers from racing over the same feeds (both would produce
the same new articles). Writes are serialised through one connection and a mutex, because
feeds are polled from a thread pool.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS seen (
    id TEXT PRIMARY KEY,
    feed_url TEXT NOT NULL,
    first_seen REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS feeds (
    url TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    last_polled REAL,
    next_due REAL,
    skip_hours TEXT,
    skip_days TEXT
);
CREATE TABLE IF NOT EXISTS robots (
    origin TEXT PRIMARY KEY,
    body TEXT NOT NULL,
    fetched_at REAL NOT NULL
);
"""


class PollerLocked(RuntimeError):
    """Another poller holds the state lock; this one must not run."""


@dataclass(frozen=True)
class FeedState:
    """Validators and schedule of one feed, as the last successful poll left them."""

    etag: str | None = None
    last_modified: str | None = None
    last_polled: float | None = None
    next_due: float | None = None
    skip_hours: frozenset[int] = frozenset()
    skip_days: frozenset[str] = frozenset()


class StateStore:
    """SQLite-backed memory of the feed readers; one instance per pass, shared by threads."""

    def __init__(self, state_dir: str | Path) -> None:
        self.state_dir = Path(state_dir)
        self.state_dir.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.state_dir / "feeds.sqlite3", check_same_thread=False)
        self._db.executescript(SCHEMA)
        self._mutex = threading.Lock()

    def close(self) -> None:
        """Close the database."""
        self._db.close()

    @contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the poller lock for a pass; raise `PollerLocked` at once if it is taken."""
        path = self.state_dir / "poll.lock"
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as exc:
                raise PollerLocked(f"another sitrep poll holds {path}") from exc
            os.ftruncate(fd, 0)
            os.write(fd, str(os.getpid()).encode())
            yield
        finally:
            os.close(fd)

    def seen(self, article_id: str) -> bool:
        """Was this article already produced (and acknowledged) in an earlier pass?"""
        with self._mutex:
            row = self._db.execute("SELECT 1 FROM seen WHERE id = ?", (article_id,)).fetchone()
        return row is not None

    def mark_seen(self, ids: Iterable[tuple[str, str]], when: float) -> None:
        """Remember (id, feed_url) pairs; call only after Kafka acknowledged them."""
        rows = [(article_id, feed_url, when) for article_id, feed_url in ids]
        with self._mutex, self._db:
            self._db.executemany("INSERT OR IGNORE INTO seen VALUES (?, ?, ?)", rows)

    def feed_state(self, url: str) -> FeedState:
        """The stored state of a feed (empty for a feed never polled)."""
        with self._mutex:
            row = self._db.execute(
                "SELECT etag, last_modified, last_polled, next_due, skip_hours, skip_days"
                " FROM feeds WHERE url = ?",
                (url,),
            ).fetchone()
        if row is None:
            return FeedState()
        hours = frozenset(int(h) for h in (row[4] or "").split(",") if h)
        days = frozenset(d for d in (row[5] or "").split(",") if d)
        return FeedState(row[0], row[1], row[2], row[3], hours, days)

    def save_feed_state(self, url: str, state: FeedState) -> None:
        """Store a feed's validators and schedule after its entries were acknowledged."""
        hours = ",".join(str(h) for h in sorted(state.skip_hours))
        days = ",".join(sorted(state.skip_days))
        with self._mutex, self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO feeds VALUES (?, ?, ?, ?, ?, ?, ?)",
                (url, state.etag, state.last_modified, state.last_polled, state.next_due, hours, days),
            )

    def robots(self, origin: str, fetched_since: float) -> str | None:
        """The robots.txt an origin served since `fetched_since` ("" for none), or None."""
        with self._mutex:
            row = self._db.execute(
                "SELECT body FROM robots WHERE origin = ? AND fetched_at >= ?", (origin, fetched_since)
            ).fetchone()
        return None if row is None else row[0]

    def save_robots(self, origin: str, body: str, when: float) -> None:
        """Remember the robots.txt an origin served (an empty body: it has none)."""
        with self._mutex, self._db:
            self._db.execute("INSERT OR REPLACE INTO robots VALUES (?, ?, ?)", (origin, body, when))
