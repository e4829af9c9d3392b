"""Compiled phrase matchers: one Aho-Corasick pass over an article finds every lexicon phrase.

Lexicons are written with brace alternation ("shell{ed,ing}") so the YAML stays readable;
they are expanded and compiled once, when the tagger is built, never per article.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from collections.abc import Iterable
from typing import NamedTuple

import ahocorasick

_BRACES = re.compile(r"\{([^{}]*)\}")
# Pads a stem to its word's length in a language's stem view (morphology.py). Python reads it
# as whitespace (str.split, regex \s) and never as part of a word; the phrase matcher skips it.
FILLER = "\x1f"
_FILLER_RUN = re.compile(FILLER + "+")
# One-to-one character substitutions, so offsets in normalised text match the original.
_FOLD = str.maketrans(
    {
        "-": " ",
        "\u2010": " ",
        "\u2011": " ",
        "\u2013": " ",
        "\u2014": " ",
        "\u2019": "'",
        "\u2018": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\n": " ",
        "\t": " ",
        "\u00a0": " ",
    }
)


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


def span_text(text: str, start: int, end: int) -> str:
    """The text of a hit as the lexicon wrote it: the span without stem-view padding."""
    span = text[start:end]
    return span.replace(FILLER, "") if FILLER in span else span


class _Squeezed(NamedTuple):
    """A stem view without its padding, and how to map its offsets back to the view's."""

    text: str
    points: list[int]  # squeezed offset of the first character after each removed run
    shifts: list[int]  # characters removed up to and including that run

    def original(self, offset: int) -> int:
        """The view offset of the character at `offset` in the squeezed text."""
        k = bisect_right(self.points, offset)
        return offset + self.shifts[k - 1] if k else offset


def _squeeze(text: str) -> _Squeezed:
    """Drop the padding so a multi-word phrase matches whatever each word's stem length was."""
    points: list[int] = []
    shifts: list[int] = []
    removed = 0
    for run in _FILLER_RUN.finditer(text):
        removed += run.end() - run.start()
        points.append(run.end() - removed)
        shifts.append(removed)
    return _Squeezed(text.replace(FILLER, ""), points, shifts)


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
        return (
            other.start <= self.start
            and self.end <= other.end
            and (self.start != other.start or self.end != other.end)
        )


# English text, most frequent characters first (lowercase, space, punctuation).
COMMON_CHARACTERS = " etaoinsrhldcumfpgwybvkxjqz,.'\"0123456789-:;()"
_NEVER = "\x00"  # ends the root entries below, so they can never match


class PhraseMatcher:
    """Finds whole-word occurrences of many phrases at once, each tagged with (kind, label)."""

    def __init__(self, common_characters: str = "") -> None:
        """`common_characters`: characters frequent in the text but rare at a phrase start.

        The automaton finds a node's child by scanning its children in insertion order, so
        on a case-sensitive name list (33,000 places, all capitalised) every lowercase letter
        of an article scanned all of the root's children. A non-matching root entry for each
        common character, added first, makes that lookup short: half the matcher's time.
        """
        self._entries: dict[str, list[tuple[str, str]]] = {}
        self._automaton: ahocorasick.Automaton | None = None
        self._common = common_characters

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
        for char in self._common:
            if char + _NEVER not in self._entries:
                automaton.add_word(char + _NEVER, (0, ()))
        for phrase, payloads in self._entries.items():
            automaton.add_word(phrase, (len(phrase), tuple(payloads)))
        automaton.make_automaton()
        self._automaton = automaton
        self._entries = {}  # tens of thousands of lists the garbage collector would keep visiting
        return self

    def find_all(self, text: str) -> list[Hit]:
        """Every whole-word hit in `text` (overlapping hits included), in order of end offset.

        The text is padded with a space at each end so the word-edge test needs no bounds
        checks; a plain loop (no generator) since it runs for every match of an article.
        """
        if self._automaton is None:
            raise RuntimeError("PhraseMatcher.compile() must be called before matching")
        if FILLER in text:
            return self._find_padded(text)
        hits, new = [], tuple.__new__
        padded = f" {text} "
        for last, (length, payloads) in self._automaton.iter(padded):
            start = last - length  # in `text`; padded[start] is the character before the match
            if padded[start].isalnum() or padded[last + 1].isalnum():
                continue
            for kind, label in payloads:
                hits.append(new(Hit, (start, last, kind, label)))
        return hits

    def _find_padded(self, text: str) -> list[Hit]:
        """`find_all` on a stem view: match the squeezed text, report offsets in the view."""
        squeezed = _squeeze(text)
        original, new = squeezed.original, tuple.__new__
        return [
            new(Hit, (original(hit.start), original(hit.end - 1) + 1, hit.kind, hit.label))
            for hit in self.find_all(squeezed.text)
        ]

    def _scan_padded(self, text: str, sentence_ends: list[int]) -> list[dict[str, list[Hit]]]:
        """`scan` on a stem view: the hits of `_find_padded`, bucketed by sentence and kind."""
        buckets: list[dict[str, list[Hit]]] = [{} for _ in sentence_ends] or [{}]
        current, last_sentence = 0, len(buckets) - 1
        for hit in self._find_padded(text):  # in order of end offset, like the automaton's
            while current < last_sentence and hit.end > sentence_ends[current]:
                current += 1
            buckets[current].setdefault(hit.kind, []).append(hit)
        return buckets

    def scan(self, text: str, sentence_ends: list[int]) -> list[dict[str, list[Hit]]]:
        """Every whole-word hit, bucketed by sentence and then by kind, in one pass.

        This is the tagger's hot loop (hundreds of hits per article), so it avoids bisection
        and Python-level constructors: the automaton reports hits in order of their end
        offset, so a moving pointer finds each hit's sentence (the one holding its last
        character), `tuple.__new__` builds a Hit at half the cost of `Hit(...)`, and a
        sentence's list for a kind is made on its first hit (`setdefault(kind, [])` built
        and threw away an empty list for every hit).
        """
        if self._automaton is None:
            raise RuntimeError("PhraseMatcher.compile() must be called before scan()")
        if FILLER in text:
            return self._scan_padded(text, sentence_ends)
        buckets: list[dict[str, list[Hit]]] = [{} for _ in sentence_ends] or [{}]
        last_sentence, current, new = len(buckets) - 1, 0, tuple.__new__
        bound = sentence_ends[0] if sentence_ends else len(text)
        kinds = buckets[0]
        bucket_of = kinds.get
        padded = f" {text} "
        for last, (length, payloads) in self._automaton.iter(padded):
            start = last - length  # see find_all: offsets in `text`, edges in `padded`
            if padded[start].isalnum() or padded[last + 1].isalnum():
                continue
            if last > bound and current < last_sentence:
                while last > bound and current < last_sentence:
                    current += 1
                    bound = sentence_ends[current]
                kinds = buckets[current]
                bucket_of = kinds.get
            for kind, label in payloads:
                bucket = bucket_of(kind)
                if bucket is None:
                    kinds[kind] = [new(Hit, (start, last, kind, label))]
                else:
                    bucket.append(new(Hit, (start, last, kind, label)))
        return buckets


def cue_regex(patterns: Iterable[str] | str | None) -> re.Pattern[str] | None:
    """Compile cue phrases into one whole-word regex alternation (longest phrases first)."""
    phrases = sorted(set(expand_all(patterns)), key=len, reverse=True)
    if not phrases:
        return None
    body = "|".join(re.escape(phrase) for phrase in phrases)
    return re.compile(rf"(?<![\w])(?:{body})(?![\w])")
