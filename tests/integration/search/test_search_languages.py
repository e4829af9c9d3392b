"""Searching six languages at once on the real node: inflections, Arabic prefixes, places, --lang.

The expectations are data (tests/fixtures/search/languages.yaml over languages.jsonl). They hold
only where the node stems each language (the Hunspell dictionaries installed by
deploy/local/install-dictionaries.sh and copied into the node's config by `sitrep services up`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from elasticsearch import Elasticsearch
from fastapi.testclient import TestClient

from connectors.settings import ElasticsearchSettings
from sitrep.api.app import create_app
from sitrep.api.settings import ApiSettings
from sitrep.cli import main
from tests.integration.search.conftest import SearchIndex, fixture_articles, fresh_settings, indexed

pytestmark = pytest.mark.integration
FIXTURES = Path(__file__).parents[2] / "fixtures" / "search"
EXPECTED = yaml.safe_load((FIXTURES / "languages.yaml").read_text(encoding="utf-8"))
INFLECTIONS = [(lang, case) for lang, cases in EXPECTED["inflections"].items() for case in cases]


@pytest.fixture(scope="module")
def languages_index(es_client: Elasticsearch, es_settings: ElasticsearchSettings,
                    unique_name: Callable[[str], str]) -> SearchIndex:
    """The six-language articles in a fresh alias built from the real template."""
    return indexed(es_client, fresh_settings(es_settings, unique_name),
                   fixture_articles(FIXTURES / "languages.jsonl"))


def _ids(index: SearchIndex, query: str, **options: Any) -> list[str]:
    return [row["id"] for row in index.search(query, group=False, limit=50, **options)["results"]]


def test_the_index_stems_every_language_with_its_dictionary(languages_index: SearchIndex) -> None:
    meta = languages_index.client.indices.get_mapping(index=languages_index.alias)
    analysis = next(iter(meta.values()))["mappings"]["_meta"]["language_analysis"]
    assert analysis == {lang: "hunspell" for lang in ("en", "fr", "es", "ar", "ru", "uk")}


@pytest.mark.parametrize(("language", "case"), INFLECTIONS,
                         ids=[f"{lang}-{case['query']}" for lang, case in INFLECTIONS])
def test_an_inflected_form_finds_the_other_forms(languages_index: SearchIndex, language: str,
                                                 case: dict[str, Any]) -> None:
    found = _ids(languages_index, case["query"])
    assert set(case["finds"]) <= set(found), (language, case["query"], found)


@pytest.mark.parametrize("case", EXPECTED["places"], ids=[c["query"] for c in EXPECTED["places"]])
def test_a_place_name_finds_articles_in_other_scripts(languages_index: SearchIndex,
                                                      case: dict[str, Any]) -> None:
    found = _ids(languages_index, case["query"])
    assert set(case["finds"]) <= set(found)
    assert not set(case["not"]) & set(found)


def test_exact_finds_only_the_form_typed(languages_index: SearchIndex) -> None:
    assert _ids(languages_index, "بالقصف", exact=True) == ["ar-prefixed"]


def test_a_phrase_keeps_its_words_together_in_each_language(languages_index: SearchIndex) -> None:
    assert _ids(languages_index, '"frappe aérienne"') == ["fr-inflected"]   # frappes aériennes
    assert _ids(languages_index, '"aérienne frappe"') == []


def test_boolean_operators_keep_their_meaning_across_languages(languages_index: SearchIndex) -> None:
    assert set(_ids(languages_index, "обстрел AND NOT Харькова")) == {"ru-inflected"}
    assert set(_ids(languages_index, "tuer OR destruir")) == {"fr-inflected", "es-base"}


def test_the_arabic_snippet_marks_the_prefixed_form(languages_index: SearchIndex) -> None:
    rows = languages_index.search("قصف", group=False, languages=("ar",))["results"]
    prefixed = next(row for row in rows if row["id"] == "ar-prefixed")
    assert "<mark>بالقصف</mark>" in " ".join(prefixed["snippets"])


def test_lang_filter_keeps_one_language(languages_index: SearchIndex) -> None:
    assert set(_ids(languages_index, "Aleppo", languages=("ru",))) == {"ru-inflected"}


def test_lang_parameter_of_the_api(languages_index: SearchIndex) -> None:
    app = create_app(languages_index.settings, ApiSettings(api_keys="k"), client=languages_index.client)
    body = TestClient(app).get("/search", params={"q": "Kharkiv", "lang": "uk"},
                               headers={"X-API-Key": "k"}).json()
    assert [row["id"] for row in body["results"]] == ["uk-inflected"]


def test_lang_option_of_the_cli(languages_index: SearchIndex, monkeypatch: pytest.MonkeyPatch,
                                capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("SITREP_ES_URL", languages_index.settings.url)
    monkeypatch.setenv("SITREP_ELASTICSEARCH_ARTICLES_ALIAS", languages_index.alias)
    assert main(["search", "Kharkiv", "--lang", "ru", "--lang", "uk"]) == 0
    out = capsys.readouterr().out
    assert "Обстрел Харькова" in out and "Після обстрілів Харкова" in out and "2 articles" in out
