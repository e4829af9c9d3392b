"""`GET /events` and `GET /events/{id}`: linked events, behind the same API keys as search."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query, Request

from connectors.events_store import EventStoreError, get_event, list_events
from connectors.settings import ElasticsearchSettings
from pipelines.alerting.rules import parse_duration
from pipelines.events.export import to_geojson

Many = Annotated[list[str], Query()]
Day = Annotated[str | None, Query(description="YYYY-MM-DD, or a duration back from now (7d)")]


def _day(value: str | None, param: str) -> str | None:
    if not value:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date().isoformat()
    except ValueError:
        pass
    try:
        return (datetime.now(UTC) - parse_duration(value)).date().isoformat()
    except ValueError as exc:
        raise HTTPException(400, f"{param}: {exc}") from exc


def events_router(settings: ElasticsearchSettings) -> APIRouter:
    """A router over ``settings.events_index``."""
    router = APIRouter(tags=["events"])

    @router.get("/events", summary="Events: one per real-world incident, latest first")
    def events(
        request: Request,
        tag: Many = [],  # noqa: B006 (FastAPI reads the default, never mutates it)
        event_type: Many = [],  # noqa: B006
        country: Many = [],  # noqa: B006
        since: Day = None,
        until: Day = None,
        min_fatalities: Annotated[int | None, Query(ge=0)] = None,
        limit: Annotated[int, Query(ge=1)] = 50,
        format: Annotated[str, Query(pattern="^(json|geojson)$")] = "json",
    ) -> dict[str, Any]:
        """Events matching every filter given, latest event day first (then most deaths)."""
        max_limit = request.app.state.limits.max_limit
        if limit > max_limit:
            raise HTTPException(400, f"limit: at most {max_limit}")
        filters = {
            "tags": tag,
            "event_types": event_type,
            "countries": [c.upper() for c in country],
            "since": _day(since, "since"),
            "until": _day(until, "until"),
            "min_fatalities": min_fatalities,
        }
        try:
            total, found = list_events(request.app.state.es, settings.events_index, filters, limit=limit)
        except EventStoreError as exc:
            raise HTTPException(503, str(exc)) from exc
        if format == "geojson":
            return to_geojson(found)
        return {"events": found, "count": len(found), "total": total}

    @router.get("/events/{event_id}", summary="One event: its reports, toll history and evidence")
    def event(request: Request, event_id: Annotated[str, Path(max_length=100)]) -> dict[str, Any]:
        """The whole stored event, 404 when there is none by that id."""
        try:
            found = get_event(request.app.state.es, settings.events_index, event_id)
        except EventStoreError as exc:
            raise HTTPException(503, str(exc)) from exc
        if found is None:
            raise HTTPException(404, f"no event {event_id}")
        return found

    return router
