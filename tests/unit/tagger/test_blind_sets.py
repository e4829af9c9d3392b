"""Blind sets: short reports and distractors written by someone who never saw the lexicons.

The dev sets were written alongside the rules; a blind set measures how the tagger reads
reporting it was not built from. `blind-1.jsonl` (80 texts: 55 conflict reports in wire and
newspaper style from 25 countries, 25 distractors, hard ones among them: an arms fair, a
military parade, a defence budget, a war film, a battle anniversary) was written by a helper
told only the label definitions (schemas/taxonomy/README.md). Measured before any change:
P 0.756 R 0.900 F1 0.822, distractors tagged 11/25, fatalities exact 70/80. Its misses were
then read and general fixes made (test_reporting_language.py), so its figure below is a
tuned one; the remaining misses are listed with `pytest -s`.

`blind-2.jsonl` (100 texts: 65 reports, 35 distractors, 22 of them hard) was written the same
way after those fixes and measured before anyone read it: P 0.746 R 0.917 F1 0.822,
distractors tagged 18/35, fatalities exact 91/100 (the tagger before this round of work:
F1 0.799, 20/35). Its misses were then read too: headlines of other genres, history dated
next to today's date, weapons in law, trade and demand; it is now a tuned figure as well.
`blind-3.jsonl` (100 texts: 55 reports, 45 distractors, 38 of them hard: missile tests,
arms deals, parades, court cases, refugee policy, games, anniversaries) was measured before
it was read: P 0.745 R 0.854 F1 0.795, distractors tagged 16/45, fatalities exact 92/100 (the
tagger before this round of work: F1 0.751, 23/45, 89/100). Then read and tuned on as well.
`blind-4.jsonl` (100 texts: 60 reports with heavily varied structure, 40 distractors, 35
hard: sanctions, weapons deliveries, treaties, trials, budgets, space tests) was measured
before it was read: P 0.826 R 0.872 F1 0.848, distractors tagged 12/40, fatalities exact
91/100 (the tagger before this session's work: F1 0.804, 23/40, 90/100). Then tuned on.
`blind-5.jsonl` (100 texts: 60 reports, 40 distractors) was measured before it was read:
P 0.796 R 0.910 F1 0.849, distractors tagged 15/40, fatalities exact 91/100 (the tagger
before this session's work: F1 0.805, 22/40, 91/100). Then tuned on.
`blind-6.jsonl` (100 longer texts: 60 reports, 40 distractors) was measured before it was
read: P 0.804 R 0.938 F1 0.865, distractors tagged 8/40, fatalities exact 94/100 (the tagger
before this session's work: F1 0.822, 17/40, 92/100). Then tuned on.
`blind-7.jsonl` (100 texts: 60 reports, 40 distractors, 37 hard, less covered conflicts and
state-media framing) was measured before it was read: P 0.815 R 0.883 F1 0.848, distractors
tagged 9/40, fatalities exact 97/100 (the tagger before this session's work: F1 0.804,
15/40, 98/100). Then tuned on.
`blind-8.jsonl` (100 texts: 60 reports, 40 distractors, 37 hard) was measured once and
**never read or tuned on**: P 0.828 R 0.933 F1 0.877, distractors tagged 9/40, fatalities
exact 92/100 (the tagger before this session's work: F1 0.824, 20/40, 91/100). It is the
honest figure for reporting the rules have not seen; keep it that way (read its misses only
together with writing a fresh blind set to take its place).
Floors are the figures reached minus a small margin.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipelines.tagger import EventTagger
from tests.unit.tagger.scoring import Floor, check, report, score

# (file, floor): each floor is the figure reached minus a small margin
BLIND_SETS: list[tuple[str, Floor]] = [
    ("blind-1.jsonl", (0.85, 0.95, 0.90, 3, 71)),  # reached: P 0.885 R 0.982 F1 0.931, 1/25, 73/80
    ("blind-2.jsonl", (0.83, 0.90, 0.87, 5, 93)),  # reached: P 0.870 R 0.931 F1 0.899, 2/35, 95/100
    ("blind-3.jsonl", (0.80, 0.85, 0.83, 7, 91)),  # reached: P 0.838 R 0.886 F1 0.862, 4/45, 94/100
    ("blind-4.jsonl", (0.85, 0.87, 0.86, 5, 89)),  # reached: P 0.882 R 0.901 F1 0.891, 3/40, 91/100
    ("blind-5.jsonl", (0.86, 0.89, 0.88, 5, 90)),  # reached: P 0.898 R 0.925 F1 0.911, 3/40, 92/100
    ("blind-6.jsonl", (0.80, 0.93, 0.87, 4, 93)),  # reached: P 0.837 R 0.965 F1 0.897, 2/40, 95/100
    ("blind-7.jsonl", (0.82, 0.85, 0.84, 7, 96)),  # reached: P 0.853 R 0.883 F1 0.868, 5/40, 98/100
    ("blind-8.jsonl", (0.80, 0.90, 0.85, 11, 90)),  # never tuned on: P 0.828 R 0.933 F1 0.877, 9/40
]


def _rows(path: Path) -> list[tuple[str, str, str, dict]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(row["id"], row["title"], row["text"], row) for row in rows]


@pytest.mark.unit
@pytest.mark.parametrize(("name", "floor"), BLIND_SETS, ids=[name for name, _ in BLIND_SETS])
def test_blind_set(tagger: EventTagger, fixtures_dir: Path, name: str, floor: Floor) -> None:
    scores = score(tagger, _rows(fixtures_dir / name))
    report(name, scores)
    check(scores, floor)
