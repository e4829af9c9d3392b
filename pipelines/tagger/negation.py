"""Negation, denial and other cue words judged in a window of words around a trigger.

"No airstrikes were reported" and "the army denied shelling" must not tag airstrike or
shelling; the cue has to sit in the same clause, a few words before (or just after) the
trigger, so "no one was hurt in the shelling" style sentences are read clause by clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pipelines.tagger.lexicon import cue_regex

_MAX_WORD_CHARS = 40  # a window of n words never needs more than n * 40 characters


@dataclass(frozen=True)
class CueWindow:
    """Looks for cue phrases within `window` words before and/or after a span of text."""

    before: re.Pattern[str] | None
    after: re.Pattern[str] | None
    window: int
    breaks: tuple[str, ...] = ()

    @classmethod
    def build(cls, before: Any, after: Any, window: int, breaks: tuple[str, ...] = ()) -> CueWindow:
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
        lower = _near_before(text, lower, start, self.window)
        words = text[self._clause_start(text, lower, start) : start].split()[-self.window :]
        return bool(words) and self.before.search(" ".join(words)) is not None

    def matches_after(self, text: str, end: int, upper: int) -> bool:
        """True when a cue starts within `window` words after `end`."""
        if self.after is None:
            return False
        upper = _near_after(text, end, upper, self.window)
        words = text[end : self._clause_end(text, end, upper)].split()[: self.window]
        return bool(words) and self.after.search(" ".join(words)) is not None

    def matches(self, text: str, start: int, end: int, lower: int, upper: int) -> bool:
        """True when a cue sits on either side of the span [start, end)."""
        return self.matches_before(text, lower, start) or self.matches_after(text, end, upper)


def _near_before(text: str, lower: int, start: int, window: int) -> int:
    """A later lower bound that still leaves `window` words before `start`, on a word edge.

    Cue windows are a few words wide; searching clause marks in the whole sentence before
    every trigger was a large share of tagging time.
    """
    bound = start - window * _MAX_WORD_CHARS
    if bound <= lower:
        return lower
    space = text.find(" ", bound, start)
    return space + 1 if space >= 0 else start


def _near_after(text: str, end: int, upper: int, window: int) -> int:
    """An earlier upper bound that still leaves `window` words after `end`, on a word edge."""
    bound = end + window * _MAX_WORD_CHARS
    if bound >= upper:
        return upper
    space = text.rfind(" ", end, bound)
    return space if space >= 0 else end


@dataclass(frozen=True)
class Negation:
    """Negation and denial: a cue a few words before the trigger, or a denial right after it."""

    before: CueWindow
    after: CueWindow

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Negation:
        """Build from the taxonomy's `negation` section."""
        breaks = tuple(config.get("clause_breaks") or ())
        return cls(
            CueWindow.build(config["pre_cues"], None, int(config["window"]), breaks),
            CueWindow.build(None, config.get("post_cues"), int(config.get("post_window", 4)), breaks),
        )

    def governs(self, text: str, start: int, end: int, lower: int, upper: int) -> bool:
        """True when a negation or denial cue applies to the phrase at [start, end).

        Costly (clause analysis plus two regexes), so callers ask only about sentences in which
        the phrase matcher found a cue word at all.
        """
        return self.before.matches_before(text, lower, start) or self.after.matches_after(text, end, upper)
