"""Negation, denial and other cue words judged in a window of words around a trigger.

"No airstrikes were reported" and "the army denied shelling" must not tag airstrike or
shelling; the cue has to sit in the same clause, a few words before (or just after) the
trigger, so "no one was hurt in the shelling" style sentences are read clause by clause.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from typing import Any

from pipelines.tagger.lexicon import cue_regex


@dataclass(frozen=True)
class CueWindow:
    """Looks for cue phrases within `window` words before and/or after a span of text."""

    before: re.Pattern[str] | None
    after: re.Pattern[str] | None
    window: int
    breaks: tuple[str, ...] = ()

    @classmethod
    def build(cls, before: Any, after: Any, window: int,
              breaks: tuple[str, ...] = ()) -> CueWindow:
        """Compile the cue lists once."""
        return cls(cue_regex(before), cue_regex(after), window, breaks)

    def _clause_start(self, text: str, lower: int, position: int) -> int:
        """Offset where the clause holding `position` begins (not before `lower`)."""
        start = lower
        for mark in self.breaks:
            found = text.rfind(mark, lower, position)
            if found >= 0:
                start = max(start, found + len(mark))
        return start

    def _clause_end(self, text: str, position: int, upper: int) -> int:
        """Offset where the clause holding `position` ends (not after `upper`)."""
        end = upper
        for mark in self.breaks:
            found = text.find(mark, position, upper)
            if found >= 0:
                end = min(end, found)
        return end

    def matches_before(self, text: str, lower: int, start: int) -> bool:
        """True when a cue ends within `window` words before `start`."""
        if self.before is None:
            return False
        words = text[self._clause_start(text, lower, start):start].split()[-self.window:]
        return bool(words) and self.before.search(" ".join(words)) is not None

    def matches_after(self, text: str, end: int, upper: int) -> bool:
        """True when a cue starts within `window` words after `end`."""
        if self.after is None:
            return False
        words = text[end:self._clause_end(text, end, upper)].split()[:self.window]
        return bool(words) and self.after.search(" ".join(words)) is not None

    def matches(self, text: str, start: int, end: int, lower: int, upper: int) -> bool:
        """True when a cue sits on either side of the span [start, end)."""
        return self.matches_before(text, lower, start) or self.matches_after(text, end, upper)


@dataclass(frozen=True)
class Negation:
    """Negation and denial: a cue a few words before the trigger, or a denial right after it."""

    before: CueWindow
    after: CueWindow

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Negation:
        """Build from the taxonomy's `negation` section."""
        breaks = tuple(config.get("clause_breaks") or ())
        return cls(CueWindow.build(config["pre_cues"], None, int(config["window"]), breaks),
                   CueWindow.build(None, config.get("post_cues"),
                                   int(config.get("post_window", 4)), breaks))

    def cue_offsets(self, text: str) -> list[int]:
        """Start offsets of every negation cue in a text, found in one pass per article."""
        offsets = []
        for cues in (self.before.before, self.after.after):
            if cues is not None:
                offsets.extend(match.start() for match in cues.finditer(text))
        return sorted(offsets)

    def governs(self, text: str, start: int, end: int, lower: int, upper: int,
                cue_offsets: list[int] | None = None) -> bool:
        """True when a negation or denial cue applies to the phrase at [start, end).

        `cue_offsets` (from `cue_offsets()`) lets the caller skip the clause analysis for the
        many sentences that hold no cue at all.
        """
        if cue_offsets is not None:
            first = bisect_left(cue_offsets, lower)
            if first == len(cue_offsets) or cue_offsets[first] >= upper:
                return False
        return (self.before.matches_before(text, lower, start)
                or self.after.matches_after(text, end, upper))
