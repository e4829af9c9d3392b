"""Blind sets: short reports and distractors written by someone who never saw the lexicons.

The dev sets were written alongside the rules; a blind set measures how the tagger reads
reporting it was not built from. `blind-1.jsonl` (80 texts: 55 conflict reports in wire and
newspaper style from 25 countries, 25 distractors, hard ones among them: an arms fair, a
military parade, a defence budget, a war film, a battle anniversary) was written by a helper
told only the label definitions (schemas/taxonomy/README.md). Measured before any change:
P 0.756 R 0.900 F1 0.822, distractors tagged 11/25, fatalities exact 70/80. Its misses were
then read and general fixes made (test_reporting_language.py), so its figure below is a
tuned one; the remaining misses are listed with `pytest -s`. Floors are the figures reached
minus a small margin.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipelines.tagger import EventTagger
from tests.unit.tagger.scoring import Floor, check, report, score

BLIND_1_FLOOR: Floor = (0.82, 0.95, 0.88, 5, 70)  # reached: P 0.850 R 0.982 F1 0.911, 5/25, 72/80


def _rows(path: Path) -> list[tuple[str, str, str, dict]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(row["id"], row["title"], row["text"], row) for row in rows]


@pytest.mark.unit
def test_blind_set_1(tagger: EventTagger, fixtures_dir: Path) -> None:
    scores = score(tagger, _rows(fixtures_dir / "blind-1.jsonl"))
    report("blind set 1 (tuned on after its first measurement)", scores)
    check(scores, BLIND_1_FLOOR)
