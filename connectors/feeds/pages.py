"""Fetching an entry's article page: robots, content type, charset, and errors as data.

A page that cannot be fetched is not an exception for the caller: it comes back as a
`PageResult` with ``fetch_error`` set, so the entry still reaches Kafka with its feed summary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

from connectors.feeds.errors import FetchError
from connectors.feeds.http_client import HttpClient, Response
from connectors.feeds.robots import RobotsCache

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)


@dataclass(frozen=True)
class PageResult:
    """The page fields of a raw article (html is None whenever fetch_error is set)."""

    http_status: int | None = None
    content_type: str | None = None
    html: str | None = None
    fetch_error: str | None = None
    final_url: str | None = None


def fetch_page(
    client: HttpClient,
    robots: RobotsCache | None,
    url: str,
    *,
    allow_local: bool,
) -> PageResult:
    """Fetch an article page under robots.txt and the page cap; never raises FetchError."""
    if robots is not None and not robots.allowed(url, allow_local=allow_local):
        return PageResult(fetch_error=f"robots.txt disallows {url}")
    try:
        response = client.get(url, allow_local=allow_local, max_bytes=client.settings.max_page_bytes)
    except FetchError as exc:
        return PageResult(http_status=exc.status, fetch_error=str(exc))
    content_type = response.headers.get("content-type") or None
    if response.status != 200:
        return PageResult(
            response.status, content_type, None, f"HTTP {response.status} from {response.url}", response.url
        )
    if response.content_type and response.content_type not in HTML_TYPES:
        error = f"not an HTML page: content type {response.content_type!r}"
        return PageResult(response.status, content_type, None, error, response.url)
    return PageResult(response.status, content_type, decode_html(response), None, response.url)


def decode_html(response: Response) -> str:
    """Decode a page: trust a declared charset only when the bytes actually decode with it.

    Declared charsets (header, then <meta>) are often wrong. Bytes that are valid UTF-8 are
    taken as UTF-8 first (non-ASCII text is almost never valid UTF-8 by accident); then the
    declared charsets; then charset-normalizer's guess; last, undecodable bytes are replaced.
    """
    for declared in ["utf-8", *_declared_charsets(response)]:
        try:
            return response.body.decode(declared)
        except (LookupError, UnicodeDecodeError):
            continue
    best = from_bytes(response.body).best()
    if best is not None:
        return str(best)
    return response.body.decode("utf-8", errors="replace")


def _declared_charsets(response: Response) -> list[str]:
    found = []
    if match := _HEADER_CHARSET.search(response.headers.get("content-type", "")):
        found.append(match.group(1))
    if match := _META_CHARSET.search(response.body[:4096]):
        found.append(match.group(1).decode("ascii"))
    return found


def page_date(html: str) -> str | None:
    """Publication date found in the page itself (htmldate), for entries whose feed had none.

    The page is parsed here, not handed to htmldate as a string, so htmldate can never mistake
    it for a URL and go fetching.
    """
    from htmldate import find_date
    from lxml import html as lxml_html

    try:
        found = find_date(lxml_html.fromstring(html), original_date=True, outputformat="%Y-%m-%d")
    except (ValueError, TypeError, lxml_html.etree.ParserError):
        return None
    return f"{found}T00:00:00+00:00" if found else None
