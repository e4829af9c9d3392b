"""The search API under hostile requests: keys enforced (401), bad queries a clear 400, and nothing a
client sends is ever executed as Elasticsearch DSL.

Requests that look like DSL or scripts either get a 400 naming the problem or are searched as
plain words, which in the fixture articles match nothing; if any were run as DSL (match_all,
a script, a wildcard over every term) it would match every article instead.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from sitrep.api.app import create_app
from sitrep.api.settings import ApiSettings
from tests.integration.search.conftest import SearchIndex, fixture_articles, search_index
from tests.reliability.conftest import Figure

pytestmark = pytest.mark.integration
KEY = "reliability-key"
NO_KEY: list[tuple[str, dict[str, str], dict[str, str]]] = [
    ("/search", {}, {"q": "siege"}),
    ("/search", {"X-API-Key": ""}, {"q": "siege"}),
    ("/search", {"X-API-Key": "wrong-key"}, {"q": "siege"}),
    ("/search", {"X-API-Key": KEY + " "}, {"q": "siege"}),
    ("/search", {"X-API-Key": KEY.upper()}, {"q": "siege"}),
    ("/search", {"Authorization": f"Bearer {KEY}"}, {"q": "siege"}),
    ("/search", {}, {"q": "siege", "api_key": KEY}),
    ("/facets", {"X-API-Key": "wrong-key"}, {}),
    ("/articles/x", {}, {}),
    ("/stories/x", {"X-API-Key": "x" * 10_000}, {}),
]
BAD_QUERIES = [
    "x" * 1001,
    "x " * 5000,
    "siege " * 70,
    " OR ".join(f"w{i}" for i in range(65)),
    '"unbalanced',
    "((siege",
    "AND",
    "OR OR",
    "title:",
    "title:(a OR b)",
    "script:x",
    "_source:*",
    "*",
    "*:*",
    "a*",
    "*ege",
    "a*b*c*",
    "/.*/",
    "text:[* TO *]",
    "q*" * 40,
]
BAD_PARAMS = [
    {"limit": "0"},
    {"limit": "1000000"},
    {"limit": "abc"},
    {"page": "-1"},
    {"page": "99999999"},
    {"sort": "_script"},
    {"sort": '{"_script": {"script": "1"}}'},
    {"since": "now-100y"},
    {"since": "'; DROP TABLE"},
    {"until": "9999-99-99"},
    {"cursor": "eyJzY3JpcHQiOiAxfQ"},
    {"recency": "script"},
    {"exact": "maybe"},
    {"group": "{}"},
]
RAW_DSL = [
    '{"query":{"match_all":{}}}',
    '{"script":{"source":"Math.random()"}}',
    '{"query_string":{"query":"*"}}',
    'title:[* TO *]',
]
AS_TEXT = [
    "ctx._source.x=1",
    "doc['x'].value",
    "<script>alert(1)</script>",
    "siege^1000",
    "siege~10",
    "a\x00b",
    "params._source",
    "_all",
]
FILTER_INJECTION = [
    {"tag": "*"},
    {"tag": '{"match_all":{}}'},
    {"country": "*"},
    {"source": "*:*"},
    {"lang": '{"script":1}'},
    {"event_type": "_all"},
]
CASES = (len(NO_KEY), len(BAD_QUERIES) + len(BAD_PARAMS) + len(RAW_DSL), len(AS_TEXT) + len(FILTER_INJECTION))


@pytest.fixture(scope="module")
def api(search_index: SearchIndex) -> TestClient:
    """The real app over the search suite's fixture index."""
    app = create_app(search_index.settings, ApiSettings(api_keys=KEY), client=search_index.client)
    return TestClient(app)


@pytest.mark.parametrize(("path", "headers", "params"), NO_KEY)
def test_missing_or_wrong_key_is_401(api: TestClient, path, headers, params) -> None:
    response = api.get(path, headers=headers, params=params)
    assert response.status_code == 401 and response.json()["error"]["code"] == "unauthorized"


def assert_clear_400(response) -> None:
    """A 400 with the JSON error shape and a message of its own."""
    assert response.status_code == 400, response.text[:300]
    error = response.json()["error"]
    assert error["code"] == "bad_request" and len(error["message"]) > 10


@pytest.mark.parametrize("query", BAD_QUERIES, ids=lambda q: q[:30])
def test_oversized_malformed_or_wildcard_query_is_a_clear_400(api: TestClient, query: str) -> None:
    assert_clear_400(api.get("/search", params={"q": query}, headers={"X-API-Key": KEY}))


@pytest.mark.parametrize("params", BAD_PARAMS, ids=str)
def test_bad_paging_sorting_or_dates_are_a_clear_400(api: TestClient, params: dict[str, str]) -> None:
    assert_clear_400(api.get("/search", params={"q": "siege", **params}, headers={"X-API-Key": KEY}))


@pytest.mark.parametrize("query", RAW_DSL, ids=lambda q: q[:30])
def test_raw_dsl_pasted_as_a_query_is_a_clear_400(api: TestClient, query: str) -> None:
    response = api.get("/search", params={"q": query}, headers={"X-API-Key": KEY})
    assert_clear_400(response)
    assert "DSL is not accepted" in response.json()["error"]["message"]


@pytest.mark.parametrize("query", AS_TEXT, ids=lambda q: q[:30])
def test_dsl_or_script_shaped_query_is_refused_or_searched_as_words(api: TestClient, query: str) -> None:
    response = api.get("/search", params={"q": query}, headers={"X-API-Key": KEY})
    assert response.status_code in (200, 400), response.text[:300]
    if response.status_code == 400:
        assert_clear_400(response)
    else:
        assert response.json()["total_articles"] == 0, "the query matched articles: was it run as DSL?"


@pytest.mark.parametrize("params", FILTER_INJECTION, ids=str)
def test_filter_values_are_exact_values_never_patterns(api: TestClient, params: dict[str, str]) -> None:
    response = api.get("/search", params=params, headers={"X-API-Key": KEY})
    assert response.status_code in (200, 400), response.text[:300]
    if response.status_code == 200:
        assert response.json()["total_articles"] == 0


def test_posting_a_raw_dsl_body_is_not_an_endpoint(api: TestClient) -> None:
    body = {"query": {"match_all": {}}, "script_fields": {"x": {"script": "1"}}}
    response = api.post("/search", json=body, headers={"X-API-Key": KEY})
    assert response.status_code == 405


def test_unknown_parameters_such_as_script_fields_change_nothing(api: TestClient) -> None:
    plain = api.get("/search", params={"q": "siege"}, headers={"X-API-Key": KEY}).json()
    extra = api.get(
        "/search",
        params={"q": "siege", "script_fields": '{"x":{"script":"1"}}', "_source": "*", "size": "10000"},
        headers={"X-API-Key": KEY},
    ).json()
    assert extra["total_articles"] == plain["total_articles"] and len(extra["results"]) == len(
        plain["results"]
    )


def test_search_api_abuse_figures(record) -> None:
    """Not a check of its own: the size of the tables above, for the report."""
    record(
        Figure(
            "search-api",
            "Search API: keys, malformed and injection-shaped requests",
            sum(CASES) + 2,
            notes=f"{CASES[0]} key cases → 401; {CASES[1]} malformed/oversized/wildcard/raw DSL → 400; "
            f"{CASES[2]} script-shaped → searched as words, 0 of "
            f"{len(fixture_articles())} articles matched; raw DSL POST → 405",
        )
    )


__all__ = ["search_index"]
