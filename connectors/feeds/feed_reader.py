"""Fetching and parsing one feed: conditional GET, feedparser, and the feed's schedule hints.

Follows feedparser's rule: a broken feed is parsed as far as it goes; ``bozo`` and its reason
are kept for the summary line, and whatever entries were recovered are used.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any

import feedparser

from connectors.feeds.errors import FetchError
from connectors.feeds.feeds_file import FeedSpec
from connectors.feeds.http_client import HttpClient
from connectors.feeds.state_store import FeedState
from connectors.feeds.urls import BadURL, web_url

_SKIP_HOURS = re.compile(rb"<skipHours[^>]*>(.*?)</skipHours>", re.DOTALL | re.IGNORECASE)
_SKIP_DAYS = re.compile(rb"<skipDays[^>]*>(.*?)</skipDays>", re.DOTALL | re.IGNORECASE)
_HOUR = re.compile(rb"<hour[^>]*>\s*(\d{1,2})\s*</hour>", re.IGNORECASE)
_DAY = re.compile(rb"<day[^>]*>\s*([A-Za-z]+)\s*</day>", re.IGNORECASE)


@dataclass
class FeedRead:
    """The outcome of fetching one feed: entries to use, or why there are none."""

    status: str  # "fetched" | "not_modified" | "error"
    entries: list[Any] = field(default_factory=list)
    base: str = ""
    feed_title: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    ttl_seconds: float = 0.0
    skip_hours: frozenset[int] = frozenset()
    skip_days: frozenset[str] = frozenset()
    bozo: str | None = None
    error: str | None = None
    http_status: int | None = None


def conditional_headers(state: FeedState) -> dict[str, str]:
    """If-None-Match / If-Modified-Since from the validators the feed gave us last time."""
    headers = {}
    if state.etag:
        headers["If-None-Match"] = state.etag
    if state.last_modified:
        headers["If-Modified-Since"] = state.last_modified
    return headers


def read_feed(client: HttpClient, spec: FeedSpec, state: FeedState) -> FeedRead:
    """GET and parse one feed; network and HTTP failures come back as ``status="error"``."""
    try:
        response = client.get(
            spec.url,
            allow_local=spec.local,
            max_bytes=client.settings.max_feed_bytes,
            headers=conditional_headers(state),
        )
    except FetchError as exc:
        return FeedRead("error", error=str(exc), http_status=exc.status)
    if response.status == 304:
        return FeedRead("not_modified", etag=state.etag, last_modified=state.last_modified, http_status=304)
    if response.status != 200:
        return FeedRead(
            "error", error=f"HTTP {response.status} from {response.url}", http_status=response.status
        )
    headers = {k.lower(): v for k, v in response.headers.items()}
    base = _base_url(response.url, headers.get("content-location", ""))
    headers["content-location"] = base
    try:
        parsed = feedparser.parse(io.BytesIO(response.body), response_headers=headers)
    except (UnicodeError, ValueError, LookupError) as exc:
        # feedparser is tolerant, but garbage in the XML encoding declaration escapes it.
        return FeedRead("error", error=f"unreadable feed from {response.url}: {exc}",
                        http_status=response.status)
    read = FeedRead(
        "fetched",
        entries=list(parsed.entries),
        base=base,
        feed_title=parsed.feed.get("title"),
        etag=headers.get("etag"),
        last_modified=headers.get("last-modified"),
        ttl_seconds=_ttl_seconds(parsed.feed.get("ttl")),
        skip_hours=_skip_hours(response.body),
        skip_days=_skip_days(response.body),
        http_status=response.status,
    )
    if parsed.get("bozo"):
        read.bozo = describe_bozo(parsed.get("bozo_exception"))
    return read


def _base_url(url: str, content_location: str) -> str:
    """Where the feed's relative links point: its Content-Location when usable, else its URL."""
    if not content_location:
        return url
    try:
        return web_url(content_location, url)
    except BadURL:
        return url


def describe_bozo(exception: Any) -> str:
    """A one-line reason for an ill-formed feed, for the summary line."""
    if exception is None:
        return "ill-formed feed"
    text = " ".join(str(exception).split())
    return f"{type(exception).__name__}: {text}" if text else type(exception).__name__


def _ttl_seconds(ttl: Any) -> float:
    """RSS <ttl> is minutes; nonsense is ignored rather than trusted."""
    try:
        minutes = float(ttl)
    except (TypeError, ValueError):
        return 0.0
    return minutes * 60 if 0 < minutes <= 7 * 24 * 60 else 0.0


def _skip_hours(body: bytes) -> frozenset[int]:
    block = _SKIP_HOURS.search(body)
    hours = (int(h) for h in _HOUR.findall(block.group(1))) if block else ()
    return frozenset(h % 24 for h in hours)


def _skip_days(body: bytes) -> frozenset[str]:
    block = _SKIP_DAYS.search(body)
    days = _DAY.findall(block.group(1)) if block else []
    return frozenset(d.decode("ascii").capitalize() for d in days)
