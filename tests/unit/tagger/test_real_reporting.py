"""The evaluation gate: the tagger on real published reporting in six languages.

Each language's dev and blind halves (tests/fixtures/tagger/real/, labelled before any run)
are scored and held to tests/fixtures/tagger/real/baseline.json: a figure may rise (and then
the baseline rises with it, in the same change: `python -m tests.unit.tagger.real_reporting
--write-baseline`), never fall. The blind halves are never read for tuning.
"""

from __future__ import annotations

import json

import pytest

from pipelines.tagger import MultilingualTagger
from tests.unit.tagger.real_reporting import BASELINE, LANGUAGES, SLACK, figures, load_items, splits

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def multilingual() -> MultilingualTagger:
    return MultilingualTagger()


SETS = [(language, split) for language in LANGUAGES for split in splits(language)]


@pytest.mark.parametrize(("language", "split"), SETS)
def test_figures_hold_the_baseline(multilingual, language, split):
    floor = json.loads(BASELINE.read_text(encoding="utf-8"))[language][split]
    got = figures(multilingual, load_items(language, split))
    shown = {k: v for k, v in got.items() if k != "misses"}
    assert got["n"] == floor["n"], "the set changed: re-measure and record its baseline"
    for key in ("precision", "recall", "f1"):
        assert got[key] >= floor[key], (key, shown, floor)
        assert got[key] <= floor[key] + SLACK, f"{key} rose to {got[key]}: raise the baseline with the change"
    assert got["distractors_tagged"] <= floor["distractors_tagged"], (shown, floor)
    assert got["tolls_exact"] >= floor["tolls_exact"], (shown, floor)
