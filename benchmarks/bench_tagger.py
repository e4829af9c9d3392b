"""Whole-process tagger throughput: ~600-word articles built from the dev set, articles/s per core.

Run: python benchmarks/bench_tagger.py --docs 2000. Prints one JSON line. Single process, so
the figure is per core; setup time (lexicons, gazetteer) is reported separately.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

from pipelines.tagger import EventTagger

DEVSET = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "tagger" / "devset.jsonl"


def build_articles(count: int, words: int, seed: int) -> list[tuple[str, str]]:
    """Articles of about `words` words, each stitched from shuffled dev-set texts."""
    rows = [json.loads(line) for line in DEVSET.read_text(encoding="utf-8").splitlines() if line]
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


def main(argv: list[str] | None = None) -> int:
    """Time tagging of `--docs` articles and print the result as JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--words", type=int, default=600)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    tagger = EventTagger.from_schemas()
    setup = time.perf_counter() - start
    articles = build_articles(args.docs, args.words, args.seed)
    mean_words = sum(len(body.split()) for _, body in articles) / len(articles)
    start = time.perf_counter()
    for title, body in articles:
        tagger.tag(title, body)
    elapsed = time.perf_counter() - start
    print(json.dumps({"benchmark": "tagger", "docs": args.docs, "mean_words": round(mean_words),
                      "setup_s": round(setup, 3), "elapsed_s": round(elapsed, 3),
                      "articles_per_s_per_core": round(args.docs / elapsed, 1)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
