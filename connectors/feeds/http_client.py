"""The one HTTP client every feed and page fetch goes through.

One `requests.Session` gives connection reuse; on top of it this module adds what feeds from
the open internet need: every hop (the first and each redirect) checked by the SSRF guard
before connecting, a byte cap enforced while streaming (so a 10 GB "page" or a gzip bomb costs
at most the cap), retries with jittered exponential backoff on timeouts, connection errors and
5xx (never on 4xx), and the per-host politeness gate around each attempt.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import requests
from requests.structures import CaseInsensitiveDict
from tenacity import (
    Retrying,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential_jitter,
)

from connectors.feeds.address_guard import Network, Resolver, check_host, check_url, system_resolver
from connectors.feeds.errors import AddressRefused, FetchError
from connectors.feeds.pinned_connections import pinned_adapter
from connectors.feeds.politeness import HostGate
from connectors.feeds.urls import BadURL, web_url
from connectors.settings import FetchSettings

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
CHUNK = 64 * 1024


class _Transient(FetchError):
    """A failure worth retrying: timeout, dropped connection or a 5xx answer."""


@dataclass(frozen=True)
class Response:
    """What a fetch returned: the final URL after redirects, status, headers and body."""

    url: str
    status: int
    headers: Mapping[str, str]
    body: bytes

    @property
    def content_type(self) -> str:
        """The media type without parameters, lower-cased ('' when absent)."""
        return self.headers.get("content-type", "").split(";", 1)[0].strip().lower()


class HttpClient:
    """Fetches URLs under sitrep's rules; safe to share between threads."""

    def __init__(
        self,
        settings: FetchSettings,
        resolver: Resolver = system_resolver,
        gate: HostGate | None = None,
        trusted: Sequence[Network] = (),
    ) -> None:
        self.settings = settings
        self.resolver = resolver
        self.trusted = tuple(trusted)
        self.gate = gate or HostGate(settings.per_host_delay)
        self.sessions = {allow_local: self._session(allow_local) for allow_local in (False, True)}

    def _session(self, allow_local: bool) -> requests.Session:
        """A session whose connections open only to addresses approved under one policy."""
        session = requests.Session()
        # Proxies from the environment would make the address checks meaningless.
        session.trust_env = False
        session.headers.update({"User-Agent": self.settings.user_agent, "Accept-Encoding": "gzip, deflate"})

        def approve(host: str, port: int) -> list[str]:
            return check_host(host, port, allow_local=allow_local, resolver=self.resolver,
                              trusted=self.trusted)

        adapter = pinned_adapter(approve, self.settings.concurrency)
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        return session

    def close(self) -> None:
        """Release pooled connections."""
        for session in self.sessions.values():
            session.close()

    def get(
        self,
        url: str,
        *,
        allow_local: bool,
        max_bytes: int,
        headers: Mapping[str, str] | None = None,
    ) -> Response:
        """GET ``url`` following redirects by hand, each hop checked before it is contacted.

        4xx and 304 answers are returned for the caller to judge; exhausted retries, refused
        addresses, oversized bodies and too many redirects raise `FetchError`.
        """
        current = url
        for _ in range(self.settings.max_redirects + 1):
            check_url(
                current,
                allow_local=allow_local,
                allow_file=allow_local,
                resolver=self.resolver,
                trusted=self.trusted,
            )
            if urlsplit(current).scheme.lower() == "file":
                return _read_file(current, max_bytes)
            response = self._get_with_retries(current, headers or {}, max_bytes, allow_local)
            location = response.headers.get("location")
            if response.status not in REDIRECT_STATUSES or not location:
                return response
            try:
                current = web_url(location, current)
            except BadURL as exc:  # file:, javascript:, garbage hosts: never followed
                raise AddressRefused(f"refused redirect from {current}: {exc}") from exc
        raise FetchError(f"more than {self.settings.max_redirects} redirects from {url}")

    def _get_with_retries(
        self, url: str, headers: Mapping[str, str], max_bytes: int, allow_local: bool
    ) -> Response:
        retrying = Retrying(
            stop=stop_after_attempt(self.settings.retries + 1),
            wait=wait_exponential_jitter(multiplier=self.settings.retry_backoff, max=30),
            retry=retry_if_exception_type(_Transient),
            reraise=True,
        )
        try:
            for attempt in retrying:
                with attempt:
                    return self._attempt(url, headers, max_bytes, allow_local)
        except _Transient as exc:
            attempts = self.settings.retries + 1
            raise FetchError(f"{exc} (gave up after {attempts} attempts)", exc.status) from exc
        raise AssertionError("unreachable: tenacity either returns or raises")

    def _attempt(self, url: str, headers: Mapping[str, str], max_bytes: int, allow_local: bool) -> Response:
        """One request under the host's politeness slot."""
        timeout = (self.settings.connect_timeout, self.settings.read_timeout)
        with self.gate.slot(urlsplit(url).hostname or ""):
            try:
                with self.sessions[allow_local].get(
                    url, headers=dict(headers), timeout=timeout, stream=True, allow_redirects=False
                ) as raw:
                    if raw.status_code >= 500:
                        raise _Transient(f"HTTP {raw.status_code} from {url}", raw.status_code)
                    body = b"" if raw.status_code in REDIRECT_STATUSES else self._read(raw, max_bytes)
                    return Response(url, raw.status_code, CaseInsensitiveDict(raw.headers), body)
            except requests.Timeout as exc:
                raise _Transient(f"timed out fetching {url}") from exc
            except requests.ConnectionError as exc:
                raise _Transient(f"cannot connect to {url}: {type(exc).__name__}") from exc
            except requests.RequestException as exc:
                raise FetchError(f"request to {url} failed: {exc}") from exc
            except ValueError as exc:  # requests parses a Location even when not following it
                reason = f"unusable URL in Location ({exc})"
                raise AddressRefused(f"refused redirect from {url}: {reason}") from exc

    def _read(self, raw: requests.Response, max_bytes: int) -> bytes:
        """Stream the (decompressed) body, stopping at the cap and at the overall deadline."""
        declared = raw.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise FetchError(f"{raw.url} declares {declared} bytes, over the {max_bytes}-byte cap")
        deadline = time.monotonic() + self.settings.connect_timeout + self.settings.read_timeout
        chunks: list[bytes] = []
        size = 0
        for chunk in raw.iter_content(CHUNK):
            size += len(chunk)
            if size > max_bytes:
                raise FetchError(f"{raw.url} is over the {max_bytes}-byte cap")
            if time.monotonic() > deadline:
                raise _Transient(f"timed out reading {raw.url}")
            chunks.append(chunk)
        return b"".join(chunks)


def _read_file(url: str, max_bytes: int) -> Response:
    """Serve a file:// URL (local feeds only), with the same cap as the network."""
    path = Path(unquote(urlsplit(url).path))
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise FetchError(f"{path} is {size} bytes, over the {max_bytes}-byte cap")
        body = path.read_bytes()
    except OSError as exc:
        raise FetchError(f"cannot read {path}: {exc.strerror}") from exc
    return Response(url, 200, CaseInsensitiveDict(), body)
