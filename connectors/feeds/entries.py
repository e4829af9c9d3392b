"""From a feedparser entry to the feed half of a ``sitrep.raw`` message.

Feeds are messy: titles carry HTML and double-escaped entities, links are relative, dates
come in every format. This module turns one entry into clean fields (plain text, absolute
canonical URL, UTC ISO 8601) or says why the entry is unusable.
"""

from __future__ import annotations

import calendar
import html
import re
from datetime import UTC, datetime
from typing import Any

from w3lib.html import remove_tags

from connectors.feeds.urls import BadURL, article_id, canonical_url, source_domain, web_url

SCHEMA_VERSION = 1
_SPACES = re.compile(r"\s+")


def plain_text(value: str | None) -> str | None:
    """Markup removed, entities decoded (twice, for feeds that double-escape), spaces collapsed."""
    if value is None:
        return None
    text = html.unescape(remove_tags(html.unescape(value)))
    text = _SPACES.sub(" ", text).strip()
    return text or None


def iso_utc(moment: datetime) -> str:
    """ISO 8601 in UTC with an explicit offset, as the raw-article schema wants."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def published_at(entry: Any) -> str | None:
    """The entry's date: feedparser's parsed (UTC) dates first, dateparser on the raw text next."""
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            try:
                return iso_utc(datetime.fromtimestamp(calendar.timegm(parsed), UTC))
            except (OverflowError, ValueError, OSError):
                continue
    for key in ("published", "updated", "created"):
        raw = entry.get(key)
        if raw and (moment := _dateparser_date(raw)):
            return iso_utc(moment)
    return None


def _dateparser_date(raw: str) -> datetime | None:
    """dateparser for what feedparser could not read; imported lazily (it is slow to load)."""
    import dateparser

    try:
        return dateparser.parse(raw, settings={"TO_TIMEZONE": "UTC", "RETURN_AS_TIMEZONE_AWARE": True})
    except (ValueError, OverflowError, TypeError):
        return None


def entry_link(entry: Any, base: str) -> str | None:
    """The article URL: the entry's link, else a permalink guid; absolute against the feed.

    Raises `BadURL` when the link is there but cannot name an article.
    """
    link = entry.get("link")
    if not link:
        guid = entry.get("id") or ""
        if guid.startswith(("http://", "https://")):
            link = guid
    if not link:
        return None
    return web_url(link, base)


def article_from_entry(
    entry: Any,
    *,
    feed_url: str,
    feed_title: str | None,
    base: str,
    labels: dict[str, str],
    fetched_at: datetime,
) -> dict[str, Any] | None:
    """The feed fields of a raw article, or None when the entry has no usable link."""
    try:
        url = entry_link(entry, base)
        canonical = canonical_url(url) if url else None
    except BadURL:
        return None
    if url is None or canonical is None:
        return None
    summary = entry.get("summary")
    if not summary and entry.get("content"):
        summary = entry["content"][0].get("value")
    return {
        "schema_version": SCHEMA_VERSION,
        "id": article_id(canonical),
        "url": url,
        "canonical_url": canonical,
        "feed_url": feed_url,
        "source": source_domain(canonical),
        "feed_title": plain_text(feed_title),
        "title": plain_text(entry.get("title")) or "",
        "summary": plain_text(summary),
        "published": published_at(entry),
        "fetched_at": iso_utc(fetched_at),
        "labels": dict(labels),
    }
