"""Extraction quality kept: our extract step's article-body precision, recall and F1.

The metric is the one the corpus README describes (Zyte's article-extraction-benchmark):
per page, true positives, false positives and false negatives over the multiset of 4-word
shingles (words are ``\\w+`` runs) of the extracted body against the ground truth, divided by
their sum so every page weighs the same; those normalised counts are averaged over pages,
precision and recall come from the averages, and F1 from precision and recall. Accuracy is
the share of pages extracted exactly. The text is what `pipelines.extract` produces (the
page checks, then `extract_page` with the pipeline's settings), not a re-implementation.

    .venv/bin/python benchmarks/bench_quality.py
"""

from __future__ import annotations

import json
import re
from collections import Counter

from workload import CORPUS, load_pages

from pipelines.extract import check_page, extract_page
from pipelines.settings import PipelineSettings

WORD = re.compile(r"\w+")
SHINGLE = 4


def shingles(text: str) -> Counter[str]:
    """The multiset of 4-word shingles; a text of fewer words is one shingle (if any word)."""
    words = WORD.findall(text or "")
    grams = [" ".join(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))]
    return Counter(g for g in grams if g)


def page_counts(truth: str, extracted: str) -> tuple[float, float, float]:
    """(tp, fp, fn) of one page, normalised to sum to 1 (all zero when both are empty)."""
    want, got = shingles(truth), shingles(extracted)
    tp = fp = fn = 0
    for key in want.keys() | got.keys():
        tp += min(want[key], got[key])
        fp += max(0, got[key] - want[key])
        fn += max(0, want[key] - got[key])
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def our_text(html: str, url: str | None, settings: PipelineSettings) -> str:
    """What our extract step keeps of a page: nothing if the page checks refuse it."""
    if check_page(html, None, settings.max_page_bytes):
        return ""
    return extract_page(html, url, settings.favor_precision).get("text") or ""


def main() -> None:
    """Score every page of the corpus; print precision, recall, F1 and accuracy as JSON."""
    settings = PipelineSettings()
    truth = json.loads((CORPUS / "ground-truth.json").read_text(encoding="utf-8"))
    counts = []
    for name, html in load_pages().items():
        expected = truth[name]
        counts.append(
            page_counts(expected.get("articleBody") or "", our_text(html, expected.get("url"), settings))
        )
    tp, fp, fn = (sum(c[i] for c in counts) / len(counts) for i in range(3))
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    f1 = 2 * precision * recall / (precision + recall)
    exact = sum(1 for c in counts if c[1] == 0 and c[2] == 0 and c[0] > 0) / len(counts)
    print(
        json.dumps(
            {
                "pages": len(counts),
                "precision": round(precision, 4),
                "recall": round(recall, 4),
                "f1": round(f1, 4),
                "accuracy": round(exact, 4),
            }
        )
    )


if __name__ == "__main__":
    main()
