"""The FastAPI application: search routes behind API keys, health, metrics and the web page."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from elasticsearch import Elasticsearch
from fastapi import APIRouter, Depends, FastAPI, Request, Response
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from prometheus_client import CollectorRegistry

from connectors.elasticsearch_client import make_client
from connectors.search.service import is_healthy
from connectors.settings import ElasticsearchSettings
from sitrep.api.auth import require_api_key
from sitrep.api.errors import install_error_handlers
from sitrep.api.metrics import ApiMetrics, install_metrics
from sitrep.api.routes import router as search_router
from sitrep.api.settings import ApiSettings

STATIC = Path(__file__).parent / "static"
DESCRIPTION = """Read-only search over sitrep's tagged conflict news.

Every endpoint except `/healthz`, the web page and this document needs an `X-API-Key` header.
Errors are JSON: `{"error": {"code", "message", "param"}}`."""


def create_app(es: ElasticsearchSettings, api: ApiSettings, client: Elasticsearch | None = None,
               registry: CollectorRegistry | None = None,
               extra_routers: Sequence[APIRouter] = ()) -> FastAPI:
    """The app, wired to one article alias.

    ``extra_routers`` are mounted behind the same API keys: the place for `GET /alerts`.
    ``registry`` lets the caller share one Prometheus registry with other components.
    """
    app = FastAPI(title="sitrep", version="0.1.0", description=DESCRIPTION,
                  docs_url=None, redoc_url=None)  # the stock docs pages load from a CDN
    app.state.es = client or make_client(es)
    app.state.index = es.articles_alias
    app.state.limits = api.limits()
    app.state.api_keys = api.keys()
    app.state.metrics = ApiMetrics(registry or CollectorRegistry())
    install_error_handlers(app)
    install_metrics(app, app.state.metrics)
    protected = [Depends(require_api_key)]
    app.include_router(search_router, dependencies=protected)
    for router in extra_routers:
        app.include_router(router, dependencies=protected)
    _add_operational_routes(app, public_metrics=api.metrics_public)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


def _add_operational_routes(app: FastAPI, public_metrics: bool) -> None:
    @app.get("/healthz", tags=["operations"], summary="Liveness and Elasticsearch reachability (no key)")
    def healthz(request: Request) -> JSONResponse:
        ok, detail = is_healthy(request.app.state.es, request.app.state.index)
        body: dict[str, Any] = {"status": "ok" if ok else "degraded", "elasticsearch": detail}
        return JSONResponse(body, status_code=200 if ok else 503)

    metrics_deps = [] if public_metrics else [Depends(require_api_key)]

    @app.get("/metrics", tags=["operations"], summary="Prometheus metrics", dependencies=metrics_deps)
    def metrics(request: Request) -> Response:
        return request.app.state.metrics.exposition()

    @app.get("/", include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(STATIC / "index.html")
