"""What can go wrong in a search, as exceptions the CLI and API turn into clear messages."""

from __future__ import annotations


class QueryError(ValueError):
    """The analyst's input cannot be searched; the message says what to change.

    ``param`` names the offending parameter (``q``, ``since``, ``page`` ...), so the API and the
    CLI can point at it.
    """

    def __init__(self, message: str, param: str = "q") -> None:
        super().__init__(message)
        self.param = param
        self.message = message


class SearchNotFound(LookupError):
    """An article or story id that is not in the index."""


class SearchUnavailable(RuntimeError):
    """Elasticsearch could not answer (down, timed out, or refused the request)."""

    def __init__(self, message: str, timed_out: bool = False) -> None:
        super().__init__(message)
        self.timed_out = timed_out
