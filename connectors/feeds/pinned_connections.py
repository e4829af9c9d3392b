"""HTTP connections that open only to addresses the SSRF guard approved, when they open.

Checking a URL's addresses and then letting the HTTP library resolve the name again leaves a
window for DNS rebinding: the second answer can be a private or metadata address. These
connection classes resolve once, check every address under the feed's policy, and connect to
a checked address. TLS still verifies the certificate against the host name.
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Sequence

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError
from urllib3.util import connection as urllib3_connection

Approve = Callable[[str, int], Sequence[str]]
"""(host, port) -> the addresses a connection may use; raises when none is acceptable."""


def _connect(connection: HTTPConnection, approve: Approve) -> socket.socket:
    errors: list[OSError] = []
    for address in approve(connection._dns_host, connection.port):
        try:
            return urllib3_connection.create_connection(
                (address, connection.port), connection.timeout,
                source_address=connection.source_address, socket_options=connection.socket_options,
            )
        except TimeoutError as exc:
            raise ConnectTimeoutError(connection, f"connecting to {connection.host} timed out") from exc
        except OSError as exc:
            errors.append(exc)
    reason = errors[-1] if errors else "no address"
    raise NewConnectionError(connection, f"cannot connect to {connection.host}: {reason}")


def pinned_adapter(approve: Approve, pool_size: int) -> HTTPAdapter:
    """A requests adapter whose every new connection goes through ``approve`` first."""

    class PinnedHTTPConnection(HTTPConnection):
        def _new_conn(self) -> socket.socket:
            return _connect(self, approve)

    class PinnedHTTPSConnection(HTTPSConnection):
        def _new_conn(self) -> socket.socket:
            return _connect(self, approve)

    class PinnedHTTPPool(HTTPConnectionPool):
        ConnectionCls = PinnedHTTPConnection

    class PinnedHTTPSPool(HTTPSConnectionPool):
        ConnectionCls = PinnedHTTPSConnection

    class PinnedAdapter(HTTPAdapter):
        def init_poolmanager(self, *args: object, **kwargs: object) -> None:
            super().init_poolmanager(*args, **kwargs)
            self.poolmanager.pool_classes_by_scheme = {"http": PinnedHTTPPool, "https": PinnedHTTPSPool}

    return PinnedAdapter(pool_connections=pool_size, pool_maxsize=pool_size)
