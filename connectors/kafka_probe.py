"""Is any Kafka broker listening? Answered in about a second, before a client is built.

kafka-python 3's clients wait `bootstrap_timeout_ms` (30 s by default) for a first broker
when nothing listens, so a probe that builds a client first sits half a minute on a closed
port. Probes (services up/status, doctor, test fixtures) ask this TCP question first.
"""

from __future__ import annotations

import socket
from collections.abc import Sequence

PROBE_TIMEOUT_S = 1.0
# What a probe passes to the client once a port answers: long enough for a loaded broker's
# metadata reply, short enough that a wedged one cannot hang `sitrep doctor`.
PROBE_CLIENT_TIMEOUTS = {"bootstrap_timeout_ms": 5000, "request_timeout_ms": 5000}


def listening_broker(bootstrap_servers: Sequence[str], timeout: float = PROBE_TIMEOUT_S) -> str | None:
    """The first ``host:port`` that accepts a TCP connection, or None when none does."""
    for address in bootstrap_servers:
        host, _, port = address.strip().rpartition(":")
        host = host.strip("[]") or "localhost"
        try:
            with socket.create_connection((host, int(port or 9092)), timeout=timeout):
                return address
        except (OSError, ValueError):
            continue
    return None
