"""The guarded HTTP client as the feeds' unit tests use it: fast timeouts, test names only.

The resolver knows three names and nothing else, so no test traffic can leave loopback:
127.0.0.1 itself, and two names that resolve to a private and a cloud-metadata address for
the SSRF-guard tests (the guard refuses those before connecting).
"""

from dataclasses import replace

from connectors.feeds.http_client import HttpClient
from connectors.settings import FetchSettings

FAST = FetchSettings(
    connect_timeout=1.0,
    read_timeout=0.5,
    retries=2,
    retry_backoff=0.01,
    per_host_delay=0.0,
    user_agent="sitrep-test/1",
)


def loopback(host, port):
    return {
        "127.0.0.1": ["127.0.0.1"],
        "intranet.example": ["10.0.0.1"],
        "metadata.example": ["169.254.169.254"],
    }[host]


def client(**changes):
    """A client with `FAST` settings (fields overridden by `changes`) and the test resolver."""
    return HttpClient(replace(FAST, **changes), resolver=loopback)
