"""The one error family of the feed readers, so callers can record rather than crash."""

from __future__ import annotations


class FetchError(Exception):
    """A URL could not be fetched; the message says why and is stored as ``fetch_error``."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class AddressRefused(FetchError):
    """A URL was refused before any connection: bad scheme or a non-public address."""
