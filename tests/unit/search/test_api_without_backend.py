"""The API's keys and input checks answer before Elasticsearch is ever asked.

The app points at a closed loopback port, so any request that reached Elasticsearch would
fail; these answers prove the refusal happened first.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from connectors.settings import ElasticsearchSettings
from sitrep.api.app import create_app
from sitrep.api.auth import key_is_valid
from sitrep.api.settings import ApiSettings

pytestmark = pytest.mark.unit
KEY = "unit-key"


@pytest.fixture(scope="module")
def client() -> TestClient:
    es = ElasticsearchSettings(url="http://127.0.0.1:9", request_timeout=2)
    return TestClient(create_app(es, ApiSettings(api_keys=f"other, {KEY}")))


def test_key_matches_any_configured_key() -> None:
    assert key_is_valid("b", ("a", "b"))


def test_no_key_never_matches() -> None:
    assert not key_is_valid("", ("",))


def test_search_without_key_is_401(client: TestClient) -> None:
    response = client.get("/search", params={"q": "siege"})
    assert (response.status_code, response.json()["error"]["message"]) == (401, "missing X-API-Key header")


def test_search_with_wrong_key_is_401(client: TestClient) -> None:
    assert client.get("/search", headers={"X-API-Key": "nope"}).status_code == 401


def test_metrics_need_a_key_by_default(client: TestClient) -> None:
    assert client.get("/metrics").status_code == 401


def test_unbalanced_quote_is_400_before_searching(client: TestClient) -> None:
    response = client.get("/search", params={"q": '"ceasefire'}, headers={"X-API-Key": KEY})
    assert response.status_code == 400
    assert response.json()["error"]["param"] == "q"


def test_non_numeric_limit_is_400_naming_it(client: TestClient) -> None:
    response = client.get("/search", params={"limit": "ten"}, headers={"X-API-Key": KEY})
    assert (response.status_code, response.json()["error"]["param"]) == (400, "limit")


def test_unreachable_backend_is_503_not_500(client: TestClient) -> None:
    response = client.get("/search", params={"q": "siege"}, headers={"X-API-Key": KEY})
    assert response.status_code == 503
    assert "unreachable" in response.json()["error"]["message"]


def test_unknown_endpoint_is_json_404(client: TestClient) -> None:
    assert client.get("/nowhere", headers={"X-API-Key": KEY}).json()["error"]["code"] == "not_found"


def test_page_and_openapi_are_public(client: TestClient) -> None:
    assert client.get("/").status_code == 200
    assert "/search" in client.get("/openapi.json").json()["paths"]
