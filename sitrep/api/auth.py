"""API keys in the ``X-API-Key`` header, compared in constant time."""

from __future__ import annotations

import hmac

from fastapi import HTTPException, Request, Security
from fastapi.security import APIKeyHeader

API_KEY_HEADER = "X-API-Key"
_scheme = APIKeyHeader(name=API_KEY_HEADER, auto_error=False,
                       description="One of the keys in api.api_keys (SITREP_API_API_KEYS).")


def key_is_valid(presented: str | None, keys: tuple[str, ...]) -> bool:
    """Whether ``presented`` is one of ``keys``; every key is compared, so timing tells nothing."""
    if not presented:
        return False
    given = presented.encode()
    found = False
    for key in keys:
        found |= hmac.compare_digest(given, key.encode())
    return found


def require_api_key(request: Request, presented: str | None = Security(_scheme)) -> None:
    """A route dependency: 401 with a clear message unless a configured key is presented."""
    if key_is_valid(presented, request.app.state.api_keys):
        return
    message = (f"missing {API_KEY_HEADER} header" if not presented
               else f"the {API_KEY_HEADER} header does not hold a valid key")
    raise HTTPException(status_code=401, detail=message,
                        headers={"WWW-Authenticate": f'ApiKey header="{API_KEY_HEADER}"'})
