"""`GET /alerts` lists the alert history behind the API keys."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from connectors.elasticsearch_indices import ensure_indices
from sitrep.api.alerts_routes import alerts_router
from sitrep.api.app import create_app
from sitrep.api.settings import ApiSettings

pytestmark = pytest.mark.integration
KEY = {"X-API-Key": "alerts-key"}


@pytest.fixture
def api(isolated_settings, es_client):
    _, es = isolated_settings
    ensure_indices(es_client, es)
    for number, status in enumerate(["pending", "delivered", "delivered"]):
        es_client.index(index=es.alerts_index, id=f"alert-{number}", refresh="wait_for", document={
            "rule": "cluster-bombs" if number else "ceasefire-collapse", "key": f"story-{number}",
            "story_id": f"story-{number}", "article_ids": [f"article-{number}"],
            "fired_at": f"2099-01-0{number + 1}T00:00:00Z", "status": status,
        })
    app = create_app(es, ApiSettings(api_keys="alerts-key"), client=es_client,
                     extra_routers=[alerts_router(es)])
    return TestClient(app)


def test_alerts_need_a_key(api):
    assert api.get("/alerts").status_code == 401


def test_alerts_are_listed_newest_first_and_filtered(api):
    everything = api.get("/alerts", headers=KEY).json()
    assert [alert["id"] for alert in everything["alerts"]] == ["alert-2", "alert-1", "alert-0"]
    pending = api.get("/alerts", params={"status": "pending"}, headers=KEY).json()
    assert [alert["rule"] for alert in pending["alerts"]] == ["ceasefire-collapse"]
    by_rule = api.get("/alerts", params={"rule": "cluster-bombs", "limit": 1}, headers=KEY).json()
    assert by_rule["count"] == 1 and by_rule["alerts"][0]["id"] == "alert-2"


def test_a_bad_duration_is_a_clear_400(api):
    response = api.get("/alerts", params={"since": "last tuesday"}, headers=KEY)
    assert response.status_code == 400
    assert "since" in response.json()["error"]["message"]
