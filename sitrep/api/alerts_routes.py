"""`GET /alerts`: the alert history, behind the same API keys as search."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request

from connectors.alerts_store import AlertStoreError, list_alerts
from connectors.settings import ElasticsearchSettings
from pipelines.alerting.queries import iso
from pipelines.alerting.rules import parse_duration


def alerts_router(settings: ElasticsearchSettings) -> APIRouter:
    """A router listing alerts from ``settings.alerts_index``, newest first."""
    router = APIRouter(tags=["alerts"])

    @router.get("/alerts", summary="Alert history: rule, story, articles, delivery status")
    def alerts(
        request: Request,
        rule: Annotated[str | None, Query(max_length=200, description="only this rule")] = None,
        since: Annotated[str | None, Query(description="fired within this duration, e.g. 24h, 7d")] = None,
        status: Annotated[str | None, Query(pattern="^(pending|delivered)$")] = None,
        limit: Annotated[int, Query(ge=1, le=500)] = 100,
    ) -> dict[str, Any]:
        try:
            cutoff = iso(datetime.now(UTC) - parse_duration(since)) if since else None
        except ValueError as exc:
            raise HTTPException(400, f"since: {exc}") from exc
        try:
            found = list_alerts(request.app.state.es, settings, rule=rule, since=cutoff,
                                status=status, limit=limit)
        except AlertStoreError as exc:
            raise HTTPException(503, str(exc)) from exc
        return {"alerts": found, "count": len(found)}

    return router
