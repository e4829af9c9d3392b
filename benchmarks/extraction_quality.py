"""The extraction evaluation: the corpus's F1 metric applied to what our extract step keeps.

The metric is the one the corpus README describes (Zyte's article-extraction-benchmark):
per page, true positives, false positives and false negatives over the multiset of 4-word
shingles (words are ``\\w+`` runs) of the extracted body against the ground truth, divided by
their sum so every page weighs the same; those normalised counts are averaged over pages,
precision and recall come from the averages, and F1 from precision and recall. Accuracy is
the share of pages extracted exactly.

The text scored is what `pipelines.extract.ExtractDoFn` emits for the page (its checks, the
trafilatura options of the settings, the minimum text length; no feed summary to fall back
on), not a re-implementation. The committed baseline (``extraction-baseline.json``) holds
the F1 floors: the full 181 pages in `make bench` (`bench_quality.py`), a fixed quick subset
in `make test` (`tests/unit/pipeline/test_extraction_quality.py`). Imports nothing from the
other benchmark modules, so the unit test can load it without Kafka or Elasticsearch clients.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from apache_beam.pvalue import TaggedOutput
from apache_beam.transforms.window import GlobalWindow
from apache_beam.utils.timestamp import MIN_TIMESTAMP

from pipelines.extract import ExtractDoFn
from pipelines.settings import PipelineSettings

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "fixtures" / "corpus" / "extraction-benchmark"
BASELINE = Path(__file__).resolve().parent / "extraction-baseline.json"
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


def summarise(counts: list[tuple[float, float, float]]) -> dict[str, Any]:
    """Pages, precision, recall, F1 and accuracy of per-page counts, as the README defines them."""
    tp, fp, fn = (sum(c[i] for c in counts) / len(counts) for i in range(3))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    exact = sum(1 for c in counts if c[1] == 0 and c[2] == 0 and c[0] > 0) / len(counts)
    return {
        "pages": len(counts),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "accuracy": round(exact, 4),
    }


def ground_truth() -> dict[str, dict[str, Any]]:
    """The human-checked article body and URL of every page, by page name."""
    return json.loads((CORPUS / "ground-truth.json").read_text(encoding="utf-8"))


def load_pages(names: Iterable[str] | None = None) -> dict[str, str]:
    """The named pages (all 181 when ``names`` is None), decoded, by name."""
    files = sorted((CORPUS / "html").glob("*.html.gz"))
    wanted = None if names is None else set(names)
    return {
        f.name.removesuffix(".html.gz"): gzip.decompress(f.read_bytes()).decode("utf-8", "replace")
        for f in files
        if wanted is None or f.name.removesuffix(".html.gz") in wanted
    }


def raw_article(name: str, html: str, url: str | None) -> dict[str, Any]:
    """A raw article as the feed readers send it: dated by its feed, no summary to fall back on."""
    return {"id": name, "url": url, "html": html, "summary": None, "published": "2024-01-01T00:00:00Z"}


def our_text(dofn: ExtractDoFn, article: dict[str, Any]) -> str:
    """What the extract step keeps of a page: nothing if it dead-letters the page."""
    for out in dofn.process(article, MIN_TIMESTAMP, GlobalWindow()):
        if not isinstance(out, TaggedOutput):
            return out.value["text"]
    return ""


def score(names: Iterable[str] | None = None, settings: PipelineSettings | None = None) -> dict[str, Any]:
    """F1 (and precision, recall, accuracy) of the extract step on the named pages (default all)."""
    truth = ground_truth()
    dofn = ExtractDoFn(replace(settings or PipelineSettings(), page_timeout=0))
    dofn.setup()
    try:
        counts = [
            page_counts(
                truth[name].get("articleBody") or "",
                our_text(dofn, raw_article(name, html, truth[name].get("url"))),
            )
            for name, html in load_pages(names).items()
        ]
    finally:
        dofn.teardown()
    return summarise(counts)


def load_baseline() -> dict[str, Any]:
    """The committed baseline: the floors and the quick subset's page names."""
    return json.loads(BASELINE.read_text(encoding="utf-8"))
