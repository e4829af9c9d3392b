"""The extraction quality gate: the extract step keeps its F1 on the benchmark's quick subset.

The floor and the subset are committed in benchmarks/extraction-baseline.json; `make bench`
checks the full 181 pages against the other floor there (benchmarks/bench_quality.py).
"""

import importlib.util
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

_SOURCE = Path(__file__).resolve().parents[3] / "benchmarks" / "extraction_quality.py"
_SPEC = importlib.util.spec_from_file_location("extraction_quality", _SOURCE)
quality = importlib.util.module_from_spec(_SPEC)
sys.modules.setdefault("extraction_quality", quality)
_SPEC.loader.exec_module(quality)
BASELINE = quality.load_baseline()


def test_the_extract_step_keeps_its_f1_floor_on_the_quick_subset() -> None:
    result = quality.score(BASELINE["quick"]["pages"])
    assert result["pages"] == len(BASELINE["quick"]["pages"])
    assert result["f1"] >= BASELINE["quick"]["floor"], (
        f"extraction F1 {result['f1']} fell under the floor {BASELINE['quick']['floor']} "
        f"(baseline {BASELINE['quick']['f1']}); see benchmarks/RESULTS.md, 'Extraction settings'"
    )


def test_the_quick_subset_is_a_fixed_list_of_corpus_pages() -> None:
    pages = BASELINE["quick"]["pages"]
    assert 30 <= len(pages) <= 40 and len(set(pages)) == len(pages)
    assert set(pages) <= set(quality.ground_truth())
    assert set(BASELINE["quick"]["sensitive_pages"]) <= set(pages)


def test_the_full_floor_is_never_below_trafilaturas_defaults() -> None:
    assert BASELINE["full"]["floor"] >= 0.960 and BASELINE["full"]["f1"] >= BASELINE["full"]["floor"]


def test_an_exact_extraction_scores_one_and_a_disjoint_one_zero() -> None:
    body = "Shelling hit the eastern districts of the city overnight, officials said."
    assert quality.page_counts(body, body) == (1.0, 0.0, 0.0)
    assert quality.page_counts(body, "Cookie policy and newsletter sign-up for our readers")[0] == 0.0


def test_f1_comes_from_precision_and_recall_averaged_over_pages() -> None:
    # One page half right (tp 0.5, fp 0.5), one page whose body was missed entirely (fn 1).
    result = quality.summarise([(0.5, 0.5, 0.0), (0.0, 0.0, 1.0)])
    # Averages: tp 0.25, fp 0.25, fn 0.5; so precision 0.5, recall 1/3, F1 0.4.
    assert (result["precision"], result["recall"], result["f1"]) == (0.5, 0.3333, 0.4)
    assert result["accuracy"] == 0.0
