"""Compiled phrase matchers: one Aho-Corasick pass over an article finds every lexicon phrase.

Lexicons are written with brace alternation ("shell{ed,ing}") so the YAML stays readable;
they are expanded and compiled once, when the tagger is built, never per article.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from typing import NamedTuple

import ahocorasick

_BRACES = re.compile(r"\{([^{}]*)\}")
# One-to-one character substitutions, so offsets in normalised text match the original.
_FOLD = str.maketrans({"-": " ", "\u2010": " ", "\u2011": " ", "\u2013": " ", "\u2014": " ",
                       "\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\n": " ",
                       "\t": " ", "\u00a0": " "})


def expand_braces(pattern: str) -> list[str]:
    """Expand "{a,b}" alternations (cartesian over several groups) into plain phrases."""
    parts = _BRACES.split(pattern)
    literals, groups = parts[0::2], [group.split(",") for group in parts[1::2]]
    phrases = []
    for choice in itertools.product(*groups):
        pieces = [literals[0]]
        for alternative, literal in zip(choice, literals[1:], strict=True):
            pieces.extend((alternative, literal))
        phrase = " ".join("".join(pieces).split())
        if phrase:
            phrases.append(phrase)
    return phrases


def expand_all(patterns: Iterable[str] | str | None) -> list[str]:
    """Expand a pattern or a list of patterns; a missing entry expands to nothing."""
    if not patterns:
        return []
    if isinstance(patterns, str):
        patterns = [patterns]
    return [phrase for pattern in patterns for phrase in expand_braces(pattern)]


def normalise(text: str) -> str:
    """Lowercase and fold hyphens, dashes and curly quotes, keeping every offset unchanged."""
    folded = text.translate(_FOLD)
    lowered = folded.lower()
    if len(lowered) == len(folded):
        return lowered
    return "".join(char.lower()[0] for char in folded)


class Hit(NamedTuple):
    """One phrase found in a text: where it is and what the lexicon says it means.

    A NamedTuple rather than a frozen dataclass: hundreds are made per article and tuple
    construction is several times cheaper.
    """

    start: int
    end: int
    kind: str
    label: str

    def overlaps(self, other: Hit) -> bool:
        """True when the two spans share at least one character."""
        return self.start < other.end and other.start < self.end

    def within(self, other: Hit) -> bool:
        """True when this span lies inside the other one (and is not the same span)."""
        return (other.start <= self.start and self.end <= other.end
                and (self.start != other.start or self.end != other.end))


class PhraseMatcher:
    """Finds whole-word occurrences of many phrases at once, each tagged with (kind, label)."""

    def __init__(self) -> None:
        self._entries: dict[str, list[tuple[str, str]]] = {}
        self._automaton: ahocorasick.Automaton | None = None

    def add(self, phrases: Iterable[str], kind: str, label: str = "") -> None:
        """Register phrases under a kind and label; call before `compile`."""
        for phrase in phrases:
            payload = (kind, label)
            bucket = self._entries.setdefault(phrase, [])
            if payload not in bucket:
                bucket.append(payload)

    def compile(self) -> PhraseMatcher:
        """Build the automaton once; the matcher is read-only afterwards."""
        automaton = ahocorasick.Automaton()
        for phrase, payloads in self._entries.items():
            automaton.add_word(phrase, (len(phrase), tuple(payloads)))
        automaton.make_automaton()
        self._automaton = automaton
        return self

    def find(self, text: str) -> Iterator[Hit]:
        """Yield every whole-word hit in `text` (overlapping hits included)."""
        if self._automaton is None:
            raise RuntimeError("PhraseMatcher.compile() must be called before find()")
        size = len(text)
        for last, (length, payloads) in self._automaton.iter(text):
            start, end = last - length + 1, last + 1
            if (start > 0 and text[start - 1].isalnum()) or (end < size and text[end].isalnum()):
                continue
            for kind, label in payloads:
                yield Hit(start, end, kind, label)


def cue_regex(patterns: Iterable[str] | str | None) -> re.Pattern[str] | None:
    """Compile cue phrases into one whole-word regex alternation (longest phrases first)."""
    phrases = sorted(set(expand_all(patterns)), key=len, reverse=True)
    if not phrases:
        return None
    body = "|".join(re.escape(phrase) for phrase in phrases)
    return re.compile(rf"(?<![\w])(?:{body})(?![\w])")
