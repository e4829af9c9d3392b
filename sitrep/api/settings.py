"""Settings of `sitrep serve`: where it listens, who may call it, and how much one call may cost."""

from __future__ import annotations

from dataclasses import dataclass

from connectors.search.request import SearchLimits


@dataclass(frozen=True)
class ApiSettings:
    """The HTTP API's listen address, API keys and per-request limits.

    ``api_keys`` is one comma-separated string (config values are scalars), usually given as
    ``SITREP_API_API_KEYS`` in the environment rather than in a file.
    """

    host: str = "127.0.0.1"
    port: int = 8080
    api_keys: str = ""
    max_query_chars: int = 1000
    max_page_size: int = 100
    max_window: int = 10_000
    search_timeout: float = 10.0
    # Let Prometheus scrape /metrics without a key (only on a trusted network).
    metrics_public: bool = False

    def keys(self) -> tuple[str, ...]:
        """The configured API keys, blanks dropped."""
        return tuple(key.strip() for key in self.api_keys.split(",") if key.strip())

    def limits(self) -> SearchLimits:
        """The search limits every API request runs under."""
        return SearchLimits(max_query_chars=self.max_query_chars, max_limit=self.max_page_size,
                            max_window=self.max_window, timeout_seconds=self.search_timeout)
