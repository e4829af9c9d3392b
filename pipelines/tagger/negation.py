"""Negation, denial and other cue words judged in a window of words around a trigger.

"No airstrikes were reported" and "the army denied shelling" must not tag airstrike or
shelling; the cue has to sit in the same clause, a few words before (or just after) the
trigger, so "no one was hurt in the shelling" style sentences are read clause by clause. Phrases that
hold a negation word but negate nothing ("no fewer than", "не менее", "ما لا يقل عن", "pas
moins de": `not_negating`) are taken out of the window before the cues are looked for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pipelines.tagger.lexicon import cue_regex, expand_all

_MAX_WORD_CHARS = 40  # a window of n words never needs more than n * 40 characters


@dataclass(frozen=True)
class CueWindow:
    """Looks for cue phrases within `window` words before and/or after a span of text."""

    before: re.Pattern[str] | None
    after: re.Pattern[str] | None
    window: int
    breaks: tuple[str, ...] = ()
    exceptions: re.Pattern[str] | None = None  # phrases whose cue words are no cue
    # words a cue phrase has beyond the first: a phrase longer than the window still matches
    # when it ends (before a span) or starts (after it) within the window
    reach: int = 0

    @classmethod
    def build(
        cls, before: Any, after: Any, window: int, breaks: tuple[str, ...] = (), exceptions: Any = None
    ) -> CueWindow:
        """Compile the cue lists once."""
        phrases = [*expand_all(before), *expand_all(after)]
        reach = max((len(phrase.split()) - 1 for phrase in phrases), default=0)
        return cls(cue_regex(before), cue_regex(after), window, breaks, cue_regex(exceptions), reach)

    def _found(self, cues: re.Pattern[str], words: list[str], edge: int, ending: bool) -> bool:
        """True when a cue among the words (the exception phrases taken out) ends after
        character `edge` of the joined words (`ending`), or starts before it."""
        if not words:
            return False
        joined = " ".join(words)
        if self.exceptions is not None:  # blanked, offsets kept: no cue spans the gap either
            joined = self.exceptions.sub(lambda match: " " * len(match.group()), joined)
        return any(
            (match.end() > edge) if ending else (match.start() < edge) for match in cues.finditer(joined)
        )

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
        lower = _near_before(text, lower, start, self.window + self.reach)
        words = text[self._clause_start(text, lower, start) : start].split()[-(self.window + self.reach) :]
        outside = words[: -self.window] if len(words) > self.window else []
        return self._found(self.before, words, len(" ".join(outside)), ending=True)

    def matches_after(self, text: str, end: int, upper: int) -> bool:
        """True when a cue starts within `window` words after `end`."""
        if self.after is None:
            return False
        upper = _near_after(text, end, upper, self.window + self.reach)
        words = text[end : self._clause_end(text, end, upper)].split()[: self.window + self.reach]
        return self._found(self.after, words, len(" ".join(words[: self.window])), ending=False)

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
        exceptions = config.get("not_negating")
        return cls(
            CueWindow.build(config["pre_cues"], None, int(config["window"]), breaks, exceptions),
            CueWindow.build(
                None, config.get("post_cues"), int(config.get("post_window", 4)), breaks, exceptions
            ),
        )

    def governs(self, text: str, start: int, end: int, lower: int, upper: int) -> bool:
        """True when a negation or denial cue applies to the phrase at [start, end).

        Costly (clause analysis plus two regexes), so callers ask only about sentences in which
        the phrase matcher found a cue word at all.
        """
        return self.before.matches_before(text, lower, start) or self.after.matches_after(text, end, upper)
