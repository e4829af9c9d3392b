"""The HTTP API over the real index: keys, answers, and clear 4xx for bad input."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from sitrep.api.app import create_app
from sitrep.api.settings import ApiSettings
from tests.integration.search.conftest import SEED_TITLE, STORY, SearchIndex

pytestmark = pytest.mark.integration
KEY = {"X-API-Key": "integration-key"}


@pytest.fixture(scope="module")
def api(search_index: SearchIndex) -> TestClient:
    settings = ApiSettings(api_keys="integration-key")
    app = create_app(search_index.settings, settings, client=search_index.client)
    return TestClient(app)


def test_search_without_key_is_401(api: TestClient) -> None:
    assert api.get("/search", params={"q": "siege"}).status_code == 401


def test_search_lists_seed_first(api: TestClient) -> None:
    body = api.get("/search", params={"q": '"ceasefire collapse"'}, headers=KEY).json()
    assert body["results"][0]["title"] == SEED_TITLE


def test_search_accepts_repeated_filters(api: TestClient) -> None:
    body = api.get("/search", params=[("tag", "siege"), ("tag", "protest")], headers=KEY).json()
    assert body["total_articles"] == 3


def test_facets_endpoint(api: TestClient) -> None:
    body = api.get("/facets", params={"q": "airstrikes"}, headers=KEY).json()
    wanted = {"tags", "event_types", "countries", "sources", "languages", "per_day", "timeline", "places"}
    assert wanted <= set(body)


def test_story_endpoint(api: TestClient) -> None:
    assert api.get(f"/stories/{STORY}", headers=KEY).json()["total_articles"] == 3


def test_missing_article_is_json_404(api: TestClient) -> None:
    response = api.get("/articles/nope", headers=KEY)
    assert (response.status_code, response.json()["error"]["code"]) == (404, "not_found")


def test_healthz_is_open_and_ok(api: TestClient) -> None:
    assert api.get("/healthz").json()["status"] == "ok"


def test_metrics_count_requests(api: TestClient) -> None:
    api.get("/search", params={"q": "siege"}, headers=KEY)
    assert 'sitrep_api_requests_total{method="GET",route="/search",status="200"}' in api.get(
        "/metrics", headers=KEY).text


@pytest.mark.parametrize(("params", "param", "message"), [
    ({"q": '"ceasefire collapse'}, "q", "unbalanced quote"),
    ({"q": "siege " * 2048}, "q", "query too long"),
    ({"q": "author:smith"}, "q", "unknown field"),
    ({"since": "2024-02-30"}, "since", "not a valid date"),
    ({"until": "yesterday-ish"}, "until", "not a valid date"),
    ({"q": "siege", "page": "10000"}, "page", "goes past the first 10000 results"),
    ({"limit": "1000"}, "limit", "limit must be between 1 and 100"),
    ({"sort": "random"}, "sort", "sort must be one of"),
    ({"cursor": "garbage"}, "cursor", "cursor is not one this server issued"),
])
def test_bad_input_is_a_clear_400(api: TestClient, params: dict, param: str, message: str) -> None:
    response = api.get("/search", params=params, headers=KEY)
    error = response.json()["error"]
    assert (response.status_code, error["param"]) == (400, param)
    assert message in error["message"] and "Traceback" not in response.text
