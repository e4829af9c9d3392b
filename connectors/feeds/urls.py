"""Canonical article URLs, the article id derived from them, and the source domain.

The id is the dedupe key across feeds, Kafka and Elasticsearch, so the same story reached
through two feeds (one with utm_* tracking, one without) must map to one canonical URL.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from urllib.parse import urljoin, urlsplit, urlunsplit

import tldextract
from w3lib.url import canonicalize_url, url_query_cleaner

TRACKING_PARAMETERS = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|yclid|igshid|"
    r"_hsenc|_hsmi|mkt_tok|oly_anon_id|oly_enc_id|vero_id|wt_mc|wt\.mc_id|at_medium|"
    r"at_campaign|cmpid|ocid|rss|ref_src|__twitter_impression)$",
    re.IGNORECASE,
)


def canonical_url(url: str, base: str | None = None) -> str:
    """The URL every copy of an article agrees on: resolved, tracking-free, sorted, no fragment.

    w3lib lower-cases scheme and host, sorts the query, percent-encodes consistently and drops
    the fragment; we remove tracking parameters first and default ports after.
    """
    absolute = urljoin(base, url.strip()) if base else url.strip()
    parts = urlsplit(absolute)
    keys = [k for k, _ in _query_pairs(parts.query) if not TRACKING_PARAMETERS.match(k)]
    cleaned = url_query_cleaner(absolute, parameterlist=keys, keep_fragments=False, unique=False)
    if not keys:
        cleaned = urlunsplit(urlsplit(cleaned)._replace(query=""))
    canonical = canonicalize_url(cleaned)
    return _drop_default_port(canonical)


def _query_pairs(query: str) -> list[tuple[str, str]]:
    """Split a query string without decoding, keeping blank values (w3lib does the same)."""
    pairs = []
    for chunk in query.split("&"):
        if chunk:
            key, _, value = chunk.partition("=")
            pairs.append((key, value))
    return pairs


def _drop_default_port(url: str) -> str:
    parts = urlsplit(url)
    default = {"http": 80, "https": 443}.get(parts.scheme)
    if parts.port is not None and parts.port == default and parts.hostname:
        netloc = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
        if parts.username:
            netloc = f"{parts.username}@{netloc}"
        return urlunsplit(parts._replace(netloc=netloc))
    return url


def article_id(canonical: str) -> str:
    """The article id: md5 hex of the canonical URL (a key, not a security measure)."""
    return hashlib.md5(canonical.encode("utf-8"), usedforsecurity=False).hexdigest()


@cache
def _extractor() -> tldextract.TLDExtract:
    """tldextract on its bundled public-suffix snapshot: no network, no cache directory."""
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def source_domain(url: str) -> str:
    """The registered domain an article came from (``www.bbc.co.uk`` → ``bbc.co.uk``)."""
    host = (urlsplit(url).hostname or "").lower()
    if not host:
        return ""
    extracted = _extractor()(host)
    return extracted.top_domain_under_public_suffix or host
