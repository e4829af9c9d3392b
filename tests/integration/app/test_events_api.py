"""`GET /events` and `GET /events/{id}`: linked events behind the API keys, same error shape."""

from __future__ import annotations

import pytest
from event_reports import report
from fastapi.testclient import TestClient

from connectors.elasticsearch_indices import ensure_indices
from pipelines.events.relink import relink
from sitrep.api.app import create_app
from sitrep.api.events_routes import events_router
from sitrep.api.settings import ApiSettings

pytestmark = pytest.mark.integration
KEY = {"X-API-Key": "events-key"}


@pytest.fixture
def api(isolated_settings, es_client):
    _, es = isolated_settings
    ensure_indices(es_client, es)
    relink(
        es_client,
        es.events_index,
        [
            report(places=("Kharkiv",), published="2024-07-08T09:00:00Z", fatalities=12, source="A"),
            report(places=("Kharkiv",), published="2024-07-08T15:00:00Z", fatalities=12, source="B"),
            report(
                places=("Rafah",),
                published="2024-05-26T20:00:00Z",
                fatalities=45,
                tags=["airstrike"],
                actors=["Israeli forces"],
            ),
        ],
    )
    app = create_app(
        es, ApiSettings(api_keys="events-key"), client=es_client, extra_routers=[events_router(es)]
    )
    return TestClient(app)


def test_events_need_a_key(api):
    assert api.get("/events").status_code == 401
    assert api.get("/events/ev-anything").status_code == 401


def test_events_are_listed_latest_first_and_filtered(api):
    everything = api.get("/events", headers=KEY).json()
    assert [e["location"]["name"] for e in everything["events"]] == ["Kharkiv", "Rafah"]
    assert everything["events"][0]["report_count"] == 2 and everything["total"] == 2
    gaza = api.get("/events", params={"country": "ps", "min_fatalities": 40}, headers=KEY).json()
    assert [e["fatalities"] for e in gaza["events"]] == [45]
    since = api.get("/events", params={"since": "2024-07-01"}, headers=KEY).json()
    assert since["count"] == 1


def test_an_event_is_fetched_with_its_reports_and_toll_history(api):
    listed = api.get("/events", params={"country": "UA"}, headers=KEY).json()["events"][0]
    event = api.get(f"/events/{listed['id']}", headers=KEY).json()
    assert len(event["reports"]) == 2 and [h["toll"] for h in event["fatalities_history"]] == [12, 12]


def test_events_come_as_geojson_for_maps(api):
    collection = api.get("/events", params={"format": "geojson"}, headers=KEY).json()
    assert collection["type"] == "FeatureCollection" and len(collection["features"]) == 2


def test_errors_have_the_api_error_shape(api):
    missing = api.get("/events/ev-none", headers=KEY)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    too_many = api.get("/events", params={"limit": 100000}, headers=KEY)
    assert too_many.status_code == 400 and "limit" in too_many.json()["error"]["message"]
    bad_day = api.get("/events", params={"since": "last tuesday"}, headers=KEY)
    assert bad_day.status_code == 400 and bad_day.json()["error"]["param"] in (None, "since")
