"""`sitrep search` from the command line, against the real index."""

from __future__ import annotations

import pytest

from sitrep.cli import main
from tests.integration.search.conftest import SearchIndex

pytestmark = pytest.mark.integration


@pytest.fixture
def cli_env(search_index: SearchIndex, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITREP_ES_URL", search_index.settings.url)
    monkeypatch.setenv("SITREP_ELASTICSEARCH_ARTICLES_ALIAS", search_index.alias)


def test_phrase_search_prints_seed_first_highlighted(
        cli_env: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", '"ceasefire collapse"']) == 0
    out = capsys.readouterr().out
    assert out.startswith(" 1. Rebel-held areas of Aleppo") and "**ceasefire collapses**" in out


def test_bad_query_exits_2_with_message(cli_env: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", '"ceasefire']) == 2
    assert "unbalanced quote" in capsys.readouterr().err
