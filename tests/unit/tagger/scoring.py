"""Scoring labelled articles: tag P/R/F1, distractors tagged, exact death tolls, each miss named."""

from __future__ import annotations

from typing import Any

from pipelines.tagger import EventTagger

# (min P, min R, min F1, max distractors tagged, min fatalities exact)
Floor = tuple[float, float, float, int, int]


def score(tagger: EventTagger, items: list[tuple[str, str, str, dict[str, Any]]]) -> dict:
    """Tag every item (name, title, text, expected labels) and count agreements and misses."""
    tp = fp = fn = distractors = tagged = exact = 0
    misses = []
    for name, title, text, expected in items:
        result = tagger.tag(title, text)
        got, want = set(result.tags), set(expected.get("tags") or [])
        tp, fp, fn = tp + len(got & want), fp + len(got - want), fn + len(want - got)
        if expected.get("distractor"):
            distractors += 1
            tagged += bool(got)
        exact += result.fatalities == expected.get("fatalities")
        if got != want or result.fatalities != expected.get("fatalities"):
            misses.append(
                f"{name}: +{sorted(got - want)} -{sorted(want - got)} "
                f"fatalities {result.fatalities} vs {expected.get('fatalities')}"
            )
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {
        "p": p,
        "r": r,
        "f1": 2 * p * r / (p + r) if p + r else 0.0,
        "tagged": tagged,
        "distractors": distractors,
        "exact": exact,
        "n": len(items),
        "misses": misses,
    }


def report(label: str, s: dict) -> None:
    """Print the figures and every miss (visible with `pytest -s`)."""
    print(
        f"\n{label}: P {s['p']:.3f} R {s['r']:.3f} F1 {s['f1']:.3f}  distractors tagged "
        f"{s['tagged']}/{s['distractors']}  fatalities exact {s['exact']}/{s['n']}"
    )
    for miss in s["misses"]:
        print("  ", miss)


def check(s: dict, floor: Floor) -> None:
    """Fail when any figure falls below its floor."""
    min_p, min_r, min_f1, max_tagged, min_exact = floor
    assert s["p"] >= min_p, s["misses"]
    assert s["r"] >= min_r, s["misses"]
    assert s["f1"] >= min_f1, s["misses"]
    assert s["tagged"] <= max_tagged, s["misses"]
    assert s["exact"] >= min_exact, s["misses"]
