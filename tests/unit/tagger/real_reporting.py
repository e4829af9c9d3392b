"""Scoring the tagger on real published reporting, per language and split, against a baseline.

`tests/fixtures/tagger/real/<lang>.jsonl` hold news excerpts labelled before the tagger ever
ran on them, split dev/blind once by URL hash. The figures per language and split live in
`baseline.json` beside them: the evaluation gate (test_real_reporting.py) fails when a figure
falls below its baseline, and when one rises well above it without the baseline being raised
in the same change. `python -m tests.unit.tagger.real_reporting` prints the table;
`--write-baseline` records the current figures (only ever after reading the diff of them).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from pipelines.tagger import MultilingualTagger

REAL = Path(__file__).resolve().parents[2] / "fixtures" / "tagger" / "real"
BASELINE = REAL / "baseline.json"
LANGUAGES = ("en", "fr", "es", "ar", "ru", "uk")
SPLITS = ("dev", "blind")
# How far a figure may rise above its baseline before the baseline must be raised with it.
SLACK = 0.03


# A further dev pool collected on its own (`<lang>-extra-dev.jsonl`), held like the halves.
EXTRA = "extra-dev"


def splits(language: str) -> tuple[str, ...]:
    """The sets a language has: its dev and blind halves, and an extra dev pool if there is one."""
    return (*SPLITS, EXTRA) if (REAL / f"{language}-{EXTRA}.jsonl").exists() else SPLITS


def load_items(language: str, split: str) -> list[dict[str, Any]]:
    """The labelled excerpts of one language and split."""
    name = f"{language}-{EXTRA}" if split == EXTRA else language
    lines = (REAL / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines]
    return rows if split == EXTRA else [row for row in rows if row["split"] == split]


def figures(tagger: MultilingualTagger, items: list[dict[str, Any]]) -> dict[str, Any]:
    """Micro P/R/F1 over tags, distractors tagged, death tolls exact where the text states one."""
    tp = fp = fn = tagged = tolls = exact = 0
    misses = []
    for item in items:
        result = tagger.tag(item.get("title") or "", item["text"], item["language"]).result
        got, want = set(result.tags), set(item["tags"])
        tp, fp, fn = tp + len(got & want), fp + len(got - want), fn + len(want - got)
        tagged += bool(item["distractor"] and got)
        if item["fatalities"] is not None:
            tolls += 1
            exact += result.fatalities == item["fatalities"]
        if got != want or (item["fatalities"] is not None and result.fatalities != item["fatalities"]):
            misses.append(f"{item['id']}: +{sorted(got - want)} -{sorted(want - got)} "
                          f"toll {result.fatalities} vs {item['fatalities']}")
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    distractors = sum(1 for item in items if item["distractor"])
    return {
        "n": len(items),
        "precision": round(p, 3),
        "recall": round(r, 3),
        "f1": round(2 * p * r / (p + r) if p + r else 0.0, 3),
        "distractors": distractors,
        "distractors_tagged": tagged,
        "tolls": tolls,
        "tolls_exact": exact,
        "misses": misses,
    }


def measure_all(tagger: MultilingualTagger) -> dict[str, dict[str, dict[str, Any]]]:
    """Figures for every language and split."""
    return {lang: {split: figures(tagger, load_items(lang, split)) for split in splits(lang)}
            for lang in LANGUAGES}


def table(measured: dict[str, dict[str, dict[str, Any]]]) -> str:
    """The figures as a Markdown table (benchmarks/RESULTS.md, the issue notes)."""
    lines = ["| language | split | texts | P | R | F1 | non-conflict tagged | tolls exact |",
             "|---|---|---|---|---|---|---|---|"]
    for lang, splits in measured.items():
        for split, f in splits.items():
            lines.append(f"| {lang} | {split} | {f['n']} | {f['precision']:.3f} | {f['recall']:.3f} | "
                         f"{f['f1']:.3f} | {f['distractors_tagged']}/{f['distractors']} | "
                         f"{f['tolls_exact']}/{f['tolls']} |")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    """Print the table (and with --misses every miss); --write-baseline records the figures."""
    measured = measure_all(MultilingualTagger())
    print(table(measured))
    if "--misses" in argv:
        for lang, splits in measured.items():
            for split, f in splits.items():
                if split != "blind":  # never read the blind half's misses: it is the honest figure
                    print(f"\n{lang} {split} misses:\n  " + "\n  ".join(f["misses"]))
    if "--write-baseline" in argv:
        kept = {lang: {split: {k: v for k, v in f.items() if k != "misses"} for split, f in splits.items()}
                for lang, splits in measured.items()}
        BASELINE.write_text(json.dumps(kept, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
