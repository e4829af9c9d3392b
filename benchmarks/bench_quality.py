"""Extraction quality kept: our extract step's article-body F1 on all 181 pages, against its floor.

The metric and the text scored are `extraction_quality`'s (the corpus README's shingle F1 of
what `pipelines.extract` emits). Prints precision, recall, F1, accuracy and the committed
floor as JSON, and exits 1 when F1 is under the floor (`make bench` lists it as a failure).
``--update-baseline`` re-measures the full set and the quick subset and writes their F1 into
``extraction-baseline.json``, keeping its page list and floors (those change only by hand).

    .venv/bin/python benchmarks/bench_quality.py [--update-baseline]
"""

from __future__ import annotations

import argparse
import json
import sys

from extraction_quality import BASELINE, load_baseline, score


def update_baseline(full: dict, baseline: dict) -> None:
    """Write the fresh F1 figures of both sets into the baseline file."""
    quick = score(baseline["quick"]["pages"])
    baseline["full"].update({k: full[k] for k in ("pages", "precision", "recall", "f1", "accuracy")})
    baseline["quick"].update({k: quick[k] for k in ("precision", "recall", "f1", "accuracy")})
    BASELINE.write_text(json.dumps(baseline, indent=2) + "\n", encoding="utf-8")


def main() -> None:
    """Score every page; print the figures with the floor; exit 1 below the floor."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--update-baseline", action="store_true")
    args = parser.parse_args()
    baseline = load_baseline()
    result = score()
    floor = baseline["full"]["floor"]
    result.update(floor=floor, floor_met=result["f1"] >= floor, baseline_f1=baseline["full"].get("f1"))
    if args.update_baseline:
        update_baseline(result, baseline)
    print(json.dumps(result))
    if not result["floor_met"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
