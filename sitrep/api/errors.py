"""Every error as JSON ``{"error": {"code", "message", "param"}}``: no HTML, no stack traces."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from connectors.search import QueryError, SearchNotFound, SearchUnavailable

log = logging.getLogger("sitrep.api")
CODES = {400: "bad_request", 401: "unauthorized", 404: "not_found", 405: "method_not_allowed",
         503: "unavailable", 504: "timeout"}


def error_response(status: int, message: str, param: str | None = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    """The one shape every error answer takes."""
    body = {"error": {"code": CODES.get(status, "error"), "message": message, "param": param}}
    return JSONResponse(body, status_code=status, headers=headers)


async def _query_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, QueryError)
    return error_response(400, exc.message, exc.param)


async def _not_found(request: Request, exc: Exception) -> JSONResponse:
    return error_response(404, str(exc))


async def _unavailable(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, SearchUnavailable)
    return error_response(504 if exc.timed_out else 503, str(exc))


async def _validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    first = exc.errors()[0] if exc.errors() else {}
    location = [str(part) for part in first.get("loc", ()) if part not in ("query", "path")]
    param = ".".join(location) or None
    return error_response(400, f"{param or 'request'}: {first.get('msg', 'invalid value')}", param)


async def _http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    message = exc.detail if isinstance(exc.detail, str) else "request refused"
    if exc.status_code == 404 and message == "Not Found":
        message = f"no such endpoint: {request.url.path}"
    return error_response(exc.status_code, message, headers=getattr(exc, "headers", None))


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error serving %s", request.url.path)
    return error_response(500, "unexpected server error; it has been logged")


def install_error_handlers(app: FastAPI) -> None:
    """Register the JSON error answers on ``app``."""
    app.add_exception_handler(QueryError, _query_error)
    app.add_exception_handler(SearchNotFound, _not_found)
    app.add_exception_handler(SearchUnavailable, _unavailable)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(HTTPException, _http)
    app.add_exception_handler(Exception, _unexpected)
