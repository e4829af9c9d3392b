"""The one place an Elasticsearch client is built from settings."""

from __future__ import annotations

from elasticsearch import Elasticsearch

from connectors.settings import ElasticsearchSettings


def make_client(settings: ElasticsearchSettings, **overrides: object) -> Elasticsearch:
    """An elasticsearch-py 8.x client with the configured auth, TLS and timeout."""
    options: dict[str, object] = {
        # A comma-separated url names several nodes: the client spreads requests over them and
        # retries one that does not answer on the next, so a lost node costs no request.
        "hosts": [url.strip() for url in settings.url.split(",") if url.strip()],
        "request_timeout": settings.request_timeout,
        "verify_certs": settings.verify_certs,
    }
    if settings.ca_certs:
        options["ca_certs"] = settings.ca_certs
    if settings.api_key:
        options["api_key"] = settings.api_key
    elif settings.username:
        options["basic_auth"] = (settings.username, settings.password or "")
    options.update(overrides)
    return Elasticsearch(**options)
