"""Prometheus metrics of the API, in a registry the app owns (others may register into it)."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest


class ApiMetrics:
    """Request counts and latencies per route template (never per raw path, to bound labels)."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.registry = registry
        self.requests = Counter("sitrep_api_requests", "API requests answered",
                                ["route", "method", "status"], registry=registry)
        self.latency = Histogram("sitrep_api_request_duration_seconds", "API request latency",
                                 ["route"], registry=registry)

    def exposition(self) -> Response:
        """The registry in Prometheus text format."""
        return Response(generate_latest(self.registry), media_type=CONTENT_TYPE_LATEST)


def install_metrics(app: FastAPI, metrics: ApiMetrics) -> None:
    """Count and time every request."""

    @app.middleware("http")
    async def measure(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        started = time.perf_counter()
        response = await call_next(request)
        route = request.scope.get("route")
        template = getattr(route, "path", "unmatched")
        metrics.requests.labels(template, request.method, str(response.status_code)).inc()
        metrics.latency.labels(template).observe(time.perf_counter() - started)
        return response
