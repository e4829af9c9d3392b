"""Each language's dev cases, read from tests/fixtures/tagger/languages/<code>.yaml.

A case file is written beside its lexicon (schemas/taxonomy/lexicons/<code>.yaml) in the
language's own press style: reports that must be tagged and distractors (sport, business,
film, anniversaries, figurative war words) that must not. Adding a language's cases is adding
a file; every case states its tags and, when given, its event types, death toll and countries.
These are dev cases, written with the lexicons: they hold what the lexicons were built to do,
not how well they read unseen reporting (the real-reporting sets measure that).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from pipelines.tagger import MultilingualTagger

CASES_DIR = Path(__file__).resolve().parents[3] / "fixtures" / "tagger" / "languages"


def _cases() -> list[Any]:
    """Every case of every language file, as pytest params named <code>-<number>."""
    params = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        cases = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        for number, case in enumerate(cases, start=1):
            params.append(pytest.param(path.stem, case, id=f"{path.stem}-{number}"))
    return params


CASES = _cases()


@pytest.fixture(scope="module")
def multilingual() -> MultilingualTagger:
    """One tagger for the module; each language is built on its first case."""
    return MultilingualTagger()


@pytest.mark.unit
def test_every_language_file_has_cases_of_both_kinds() -> None:
    by_language: dict[str, list[dict[str, Any]]] = {}
    for param in CASES:
        code, case = param.values
        by_language.setdefault(code, []).append(case)
    assert by_language, f"no case files in {CASES_DIR}"
    for code, cases in by_language.items():
        tagged = sum(1 for case in cases if case["tags"])
        assert tagged and tagged < len(cases), f"{code}: cases need both reports and distractors"


@pytest.mark.unit
@pytest.mark.parametrize(("code", "case"), CASES)
def test_the_case_is_tagged_as_stated(
    multilingual: MultilingualTagger, code: str, case: dict[str, Any]
) -> None:
    tagged = multilingual.tag(case.get("title", ""), case["text"], code)
    assert tagged.tagged_language == code
    result = tagged.result
    assert result.tags == sorted(case["tags"]), case["text"]
    if "event_types" in case:
        assert result.event_types == sorted(case["event_types"]), case["text"]
    if "fatalities" in case:
        assert result.fatalities == case["fatalities"], case["text"]
    if "countries" in case:
        assert set(case["countries"]) <= set(result.countries), case["text"]
