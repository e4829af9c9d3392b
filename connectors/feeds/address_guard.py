"""SSRF guard: refuse URLs whose scheme or resolved addresses are not allowed.

Feeds come from configuration but their entries and redirects come from the internet, so a
hostile feed could point us at the cloud metadata service or a loopback admin port. Each hop
is resolved first and every address checked, before any connection is opened. The resolver is
a parameter so tests can map names to hostile addresses without touching the network.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Sequence
from urllib.parse import urlsplit

from connectors.feeds.errors import AddressRefused

Resolver = Callable[[str, int], Sequence[str]]
"""Maps (host, port) to the IP address strings a connection could reach."""

Network = ipaddress.IPv4Network | ipaddress.IPv6Network

WEB_SCHEMES = frozenset({"http", "https"})
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a) for a in ("169.254.169.254", "fd00:ec2::254", "100.100.100.200")
)


def system_resolver(host: str, port: int) -> list[str]:
    """Resolve with the operating system, as requests would, returning unique addresses."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise AddressRefused(f"cannot resolve host {host!r}: {exc}") from exc
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def is_public_address(address: str) -> bool:
    """True for globally routable unicast addresses; false for private, loopback, metadata..."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip in METADATA_ADDRESSES:
        return False
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_link_local)


def check_url(
    url: str,
    *,
    allow_local: bool,
    allow_file: bool = False,
    resolver: Resolver = system_resolver,
    trusted: Sequence[Network] = (),
) -> list[str]:
    """Refuse ``url`` unless its scheme is allowed and every resolved address is acceptable.

    Returns the checked addresses (empty for ``file://``). With ``allow_local`` private and
    loopback addresses pass, for feeds an operator marked as living on the local network;
    the metadata service addresses are refused even then. ``trusted`` networks count as
    public (an operator's egress proxy network, or the loopback fixture server in tests).
    """
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError as exc:  # a broken IPv6 literal or netloc
        raise AddressRefused(f"refused {url!r}: malformed URL ({exc})") from exc
    scheme = parts.scheme.lower()
    if scheme == "file":
        if allow_file:
            return []
        raise AddressRefused(f"refused {url!r}: file:// is only allowed for local feeds")
    if scheme not in WEB_SCHEMES:
        raise AddressRefused(f"refused {url!r}: scheme {scheme or 'none'!r} is not http(s)")
    if not host:
        raise AddressRefused(f"refused {url!r}: no host")
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError as exc:
        raise AddressRefused(f"refused {url!r}: bad port") from exc
    return check_host(host, port, allow_local=allow_local, resolver=resolver, trusted=trusted, url=url)


def check_host(
    host: str,
    port: int,
    *,
    allow_local: bool,
    resolver: Resolver = system_resolver,
    trusted: Sequence[Network] = (),
    url: str | None = None,
) -> list[str]:
    """Resolve ``host`` and return its addresses if every one is acceptable, else raise.

    The pinned connections call this at the moment they connect, so the address connected to
    is one that was checked (no DNS rebinding between check and connect).
    """
    url = url or f"{host}:{port}"
    addresses = list(resolver(host, port))
    if not addresses:
        raise AddressRefused(f"refused {url!r}: host {host!r} has no address")
    for address in addresses:
        _check_address(url, address, allow_local, trusted)
    return addresses


def _check_address(url: str, address: str, allow_local: bool, trusted: Sequence[Network]) -> None:
    """Raise when one resolved address is not acceptable under the feed's policy."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip in METADATA_ADDRESSES or (
        isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped in METADATA_ADDRESSES
    ):
        raise AddressRefused(f"refused {url!r}: {address} is a cloud metadata address")
    if is_public_address(address) or allow_local or any(ip in net for net in trusted):
        return
    raise AddressRefused(
        f"refused {url!r}: it resolves to non-public address {address}; "
        "mark the feed `local: true` if it really lives on the local network"
    )
