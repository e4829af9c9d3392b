"""Whole-process tagger throughput on ~600-word articles, in articles/s per core.

Two corpora, both timed and printed, because one alone misleads:
- `conflict`: every article stitched from dev-set texts, so every sentence is dense with
  triggers, actors and death tolls: the worst case for the tagger.
- `mixed`: what a news feed looks like: paragraphs of real articles on business, sport,
  technology and culture (the extraction-benchmark corpus), with conflict paragraphs from the
  dev set woven into a share of the articles (`--conflict-share`, default 30%).

Run: python benchmarks/bench_tagger.py --docs 2000. Prints one JSON line. Single process; the
per-core figure divides by the CPU time the process used (`time.process_time`), so other
processes competing for the cores do not skew it; wall-clock throughput is printed too.
Setup time (lexicons, gazetteer) is reported separately. Each corpus is timed `--passes`
times; the best pass is the figure (a busy machine only ever slows a pass down) and the
median is printed next to it.

Before/after on a shared, noisy machine: `--baseline DIR` (a checkout, or a `git archive` of
`pipelines/` and `schemas/`, of the code to compare with) runs this benchmark `--rounds`
times for the baseline and for this checkout, alternately, each in its own process, and
prints every round's median per-core figures and the median over the rounds (both
interpreted: a baseline checkout has no compiled build).
`--against-interpreted` does the same for this checkout's compiled tagger (what `make`
builds, pipelines/tagger/native.py) against its interpreted modules, and prints the ratio.

`--languages` times every language the tagger reads side by side, each on ~600-word articles
stitched from its own texts (English: the dev set; another language: the cases of
tests/fixtures/tagger/languages/<code>.yaml), with each language's setup time; a language
without such a file is reported as having no corpus.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

import yaml

from pipelines.tagger import EventTagger
from pipelines.tagger.native import SWITCH, running_compiled
from pipelines.tagger.sentences import split_sentences

ROOT = Path(__file__).resolve().parents[1]
DEVSET = ROOT / "tests" / "fixtures" / "tagger" / "devset.jsonl"
CORPUS = ROOT / "tests" / "fixtures" / "corpus" / "extraction-benchmark" / "ground-truth.json"
LANGUAGE_CASES = ROOT / "tests" / "fixtures" / "tagger" / "languages"
Article = tuple[str, str]


def _devset() -> list[dict]:
    """Dev-set rows (title, text, distractor flag ...)."""
    lines = DEVSET.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _language_rows(code: str) -> list[dict]:
    """A language's texts: the dev set (English) or its fixture cases ([] when there are none)."""
    if code == "en":
        return _devset()
    path = LANGUAGE_CASES / f"{code}.yaml"
    if not path.is_file():
        return []
    cases = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [{"title": case.get("title") or "", "text": case["text"]} for case in cases if case.get("text")]


def build_articles(count: int, words: int, seed: int, rows: list[dict] | None = None) -> list[Article]:
    """Articles of about `words` words, each stitched from shuffled dev-set (or given) texts."""
    rows = rows if rows is not None else _devset()
    rng = random.Random(seed)
    articles = []
    for _ in range(count):
        parts, size = [], 0
        while size < words:
            row = rng.choice(rows)
            parts.append(row["text"])
            size += len(row["text"].split())
        articles.append((rng.choice(rows)["title"], "\n\n".join(parts)))
    return articles


def _general_paragraphs() -> list[str]:
    """Paragraphs (20+ words) of the real articles in the extraction-benchmark corpus."""
    bodies = json.loads(CORPUS.read_text(encoding="utf-8"))
    return [
        paragraph.strip()
        for entry in bodies.values()
        for paragraph in (entry.get("articleBody") or "").split("\n")
        if len(paragraph.split()) >= 20
    ]


def build_mixed_articles(count: int, words: int, seed: int, conflict_share: float) -> list[Article]:
    """Feed-like articles: general paragraphs, with dev-set conflict texts in a share of them."""
    general = _general_paragraphs()
    conflict = [row for row in _devset() if not row["distractor"]]
    rng = random.Random(seed)
    articles = []
    for _ in range(count):
        is_conflict = rng.random() < conflict_share
        title = rng.choice(conflict)["title"] if is_conflict else rng.choice(general)[:70]
        parts, size = [], 0
        while size < words:
            text = rng.choice(conflict)["text"] if is_conflict and rng.random() < 0.5 else rng.choice(general)
            parts.append(text)
            size += len(text.split())
        articles.append((title, "\n\n".join(parts)))
    return articles


def _time(tagger: EventTagger, articles: list[Article], passes: int) -> dict[str, float]:
    """Best and median articles per CPU-second over several passes, and best wall-clock rate."""
    rates, wall_rates = [], []
    for _ in range(passes):
        start, cpu_start = time.perf_counter(), time.process_time()
        for title, body in articles:
            tagger.tag(title, body)
        rates.append(len(articles) / (time.process_time() - cpu_start))
        wall_rates.append(len(articles) / (time.perf_counter() - start))
    mean_words = sum(len(body.split()) for _, body in articles) / len(articles)
    # the same words in more, shorter sentences are more work: say how many, so figures compare
    sentences = sum(len(split_sentences(f"{title}\n\n{body}")) for title, body in articles)
    return {
        "mean_words": round(mean_words),
        "mean_sentences": round(sentences / len(articles), 1),
        "articles_per_s_per_core": round(max(rates), 1),
        "median_articles_per_s_per_core": round(statistics.median(rates), 1),
        "wall_articles_per_s": round(max(wall_rates), 1),
    }


def compare(variants: dict[str, dict[str, str]], rounds: int, argv: list[str]) -> dict[str, object]:
    """Alternate runs of two variants (label: extra environment), each in its own process.

    Every round's median per-core figure, the median over the rounds, and the second
    variant's median over the first's per corpus.
    """
    figures: dict[str, dict[str, list[float]]] = {}
    for _ in range(rounds):
        for label, extra_env in variants.items():
            env = {**os.environ, **extra_env}
            run = subprocess.run(
                [sys.executable, __file__, *argv], env=env, capture_output=True, text=True, check=True
            )
            result = json.loads(run.stdout)
            for corpus in ("conflict", "mixed"):
                rate = result[corpus]["median_articles_per_s_per_core"]
                figures.setdefault(label, {}).setdefault(corpus, []).append(rate)
    summary: dict[str, object] = {
        label: {
            corpus: {"rounds": rates, "median": round(statistics.median(rates), 1)}
            for corpus, rates in runs.items()
        }
        for label, runs in figures.items()
    }
    first, second = (figures[label] for label in variants)
    summary["ratio"] = {
        corpus: round(statistics.median(second[corpus]) / statistics.median(first[corpus]), 2)
        for corpus in first
    }
    return summary


def languages(args: argparse.Namespace) -> dict[str, object]:
    """Per-language setup time and throughput on each language's own stitched articles."""
    from pipelines.tagger import available_languages  # a --baseline checkout may predate it

    result: dict[str, object] = {"benchmark": "tagger-languages", "compiled": running_compiled()}
    for code in available_languages():
        rows = _language_rows(code)
        if not rows:
            result[code] = f"no corpus (tests/fixtures/tagger/languages/{code}.yaml missing)"
            continue
        start = time.perf_counter()
        tagger = EventTagger.from_schemas(code)
        setup = round(time.perf_counter() - start, 3)
        result[code] = {
            "setup_s": setup,
            "texts": len(rows),
            **_time(tagger, build_articles(args.docs, args.words, args.seed, rows), args.passes),
        }
    return result


def main(argv: list[str] | None = None) -> int:
    """Time tagging of `--docs` articles of each corpus and print the result as JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--words", type=int, default=600)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--conflict-share", type=float, default=0.3)
    parser.add_argument("--baseline", type=Path, help="code to compare with, run alternately")
    parser.add_argument(
        "--against-interpreted", action="store_true", help="compiled vs interpreted tagger, alternately"
    )
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--languages", action="store_true", help="articles/s per language, side by side")
    args = parser.parse_args(argv)
    if args.languages:
        print(json.dumps(languages(args)))
        return 0
    if args.baseline or args.against_interpreted:
        own = [
            "--docs",
            str(args.docs),
            "--words",
            str(args.words),
            "--seed",
            str(args.seed),
            "--passes",
            str(args.passes),
            "--conflict-share",
            str(args.conflict_share),
        ]
        variants = (
            # both interpreted: a baseline checkout has no compiled build of its own
            {
                "baseline": {"PYTHONPATH": str(args.baseline), SWITCH: "0"},
                "current": {"PYTHONPATH": str(ROOT), SWITCH: "0"},
            }
            if args.baseline
            else {"interpreted": {SWITCH: "0"}, "compiled": {SWITCH: "1"}}
        )
        print(json.dumps({"benchmark": "tagger", "compare": compare(variants, args.rounds, own)}))
        return 0
    start = time.perf_counter()
    tagger = EventTagger.from_schemas()
    setup = time.perf_counter() - start
    corpora = {
        "conflict": build_articles(args.docs, args.words, args.seed),
        "mixed": build_mixed_articles(args.docs, args.words, args.seed, args.conflict_share),
    }
    result: dict[str, object] = {
        "benchmark": "tagger",
        "docs": args.docs,
        "compiled": running_compiled(),
        "setup_s": round(setup, 3),
        "passes": args.passes,
    }
    for name, articles in corpora.items():
        result[name] = _time(tagger, articles, args.passes)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
