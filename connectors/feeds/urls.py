"""Canonical article URLs, the article id derived from them, and the source domain.

The id is the dedupe key across feeds, Kafka and Elasticsearch, so the same story reached
through two feeds (one with utm_* tracking, one without) must map to one canonical URL.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from urllib.parse import urljoin, urlsplit, urlunsplit

import idna
import tldextract
from w3lib.url import canonicalize_url, url_query_cleaner

WEB_SCHEMES = ("http", "https")
MAX_LABEL = 63  # RFC 1035: octets in one label of a domain name

TRACKING_PARAMETERS = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|yclid|igshid|"
    r"_hsenc|_hsmi|mkt_tok|oly_anon_id|oly_enc_id|vero_id|wt_mc|wt\.mc_id|at_medium|"
    r"at_campaign|cmpid|ocid|rss|ref_src|__twitter_impression)$",
    re.IGNORECASE,
)


class BadURL(ValueError):
    """A URL from a feed or a page that cannot name an article; the message says which and why."""


def web_url(url: str, base: str | None = None) -> str:
    """``url`` made absolute against ``base`` and checked to be a usable http(s) address.

    Feeds and pages are written by strangers: percent-encoded garbage in a host, labels IDNA
    cannot encode, broken IPv6 literals and out-of-range ports all make w3lib, urllib or
    requests raise deep inside a later step. Checking here turns each into one clear
    `BadURL` at the edge, so callers count an unusable entry instead of crashing.
    """
    try:
        absolute = urljoin(base, url.strip()) if base else url.strip()
        parts = urlsplit(absolute)
        host, _ = parts.hostname, parts.port  # both raise ValueError on a malformed netloc
    except ValueError as exc:
        raise BadURL(f"unusable URL {url!r}: {exc}") from exc
    if parts.scheme.lower() not in WEB_SCHEMES:
        raise BadURL(f"unusable URL {url!r}: scheme {parts.scheme or 'none'!r} is not http(s)")
    if not host:
        raise BadURL(f"unusable URL {url!r}: no host")
    _check_host_name(url, host)
    return absolute


def _check_host_name(url: str, host: str) -> None:
    """Refuse host names no resolver could look up (IP literals were checked by urlsplit).

    Plain ASCII names keep underscores and the like that live sites use; only labels that
    claim to be punycode are decoded, and non-ASCII names must pass IDNA 2008 (UTS 46).
    """
    if "%" in host or any(char.isspace() for char in host):
        raise BadURL(f"unusable URL {url!r}: host {host!r} holds a forbidden character")
    if ":" in host:  # an IPv6 literal, already parsed by urlsplit
        return
    try:
        if not host.isascii():
            idna.encode(host, uts46=True)
            return
        for label in host.removesuffix(".").split("."):
            if not label or len(label) > MAX_LABEL:
                raise idna.IDNAError(f"empty or over-long label {label!r}")
            if label.startswith("xn--"):
                idna.decode(label)
    except (idna.IDNAError, UnicodeError) as exc:
        raise BadURL(f"unusable URL {url!r}: host {host!r} is not a valid domain name ({exc})") from exc


def canonical_url(url: str, base: str | None = None) -> str:
    """The URL every copy of an article agrees on: resolved, tracking-free, sorted, no fragment.

    w3lib lower-cases scheme and host, sorts the query, percent-encodes consistently and drops
    the fragment; we remove tracking parameters first and default ports after. A URL that is
    not a usable http(s) address raises `BadURL`.
    """
    absolute = web_url(url, base)
    try:
        return _canonical(absolute)
    except ValueError as exc:  # w3lib's own host checks are stricter in some releases
        raise BadURL(f"unusable URL {url!r}: {exc}") from exc


def _canonical(absolute: str) -> str:
    """w3lib's canonical form of an already-checked absolute URL."""
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
