"""Compiled phrase matchers: one Aho-Corasick pass over an article finds every lexicon phrase.

Lexicons are written with brace alternation ("shell{ed,ing}") so the YAML stays readable;
they are expanded and compiled once, when the tagger is built, never per article.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from collections.abc import Iterable
from typing import Any, NamedTuple

import ahocorasick

_BRACES = re.compile(r"\{([^{}]*)\}")
# Pads a stem to its word's length in a language's stem view (morphology.py). Python reads it
# as whitespace (str.split, regex \s) and never as part of a word; the phrase matcher skips it.
FILLER = "\x1f"
_FILLER_RUN = re.compile(FILLER + "+")
# One-to-one character substitutions, so offsets in normalised text match the original.
_FOLD = (
    ("-", " "),
    ("\u2010", " "),
    ("\u2011", " "),
    ("\u2013", " "),
    ("\u2014", " "),
    ("\u2019", "'"),
    ("\u2018", "'"),
    ("\u201c", '"'),
    ("\u201d", '"'),
    ("\n", " "),
    ("\t", " "),
    ("\u00a0", " "),
)


def replace_each(text: str, pairs: tuple[tuple[str, str], ...]) -> str:
    """`text` with each pair's character replaced: what `str.translate` does, but translate
    reads non-ASCII text (Cyrillic, Arabic, a curly quote) one character at a time through
    its table, about a hundred times slower than one `str.replace` scan per pair."""
    for old, new in pairs:
        text = text.replace(old, new)
    return text


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
    folded = replace_each(text, _FOLD)
    lowered = folded.lower()
    if len(lowered) == len(folded):
        return lowered
    return "".join(char.lower()[0] for char in folded)


def span_text(text: str, start: int, end: int) -> str:
    """The text of a hit as the lexicon wrote it: the span without stem-view padding."""
    span = text[start:end]
    return span.replace(FILLER, "") if FILLER in span else span


class Squeezed(NamedTuple):
    """A stem view without its padding, and how to map its offsets back to the view's.

    The matcher runs on this text, so a multi-word phrase matches whatever each word's stem
    length was. The stem views build it in the same pass as the view (morphology.py).
    """

    text: str
    points: list[int]  # squeezed offset of the first character after each removed run
    shifts: list[int]  # characters removed up to and including that run

    def original(self, offset: int) -> int:
        """The view offset of the character at `offset` in the squeezed text."""
        k = bisect_right(self.points, offset)
        return offset + self.shifts[k - 1] if k else offset


def squeeze(text: str) -> Squeezed:
    """A view's `Squeezed`, found by scanning it (for views not built by morphology.py)."""
    points: list[int] = []
    shifts: list[int] = []
    removed = 0
    for run in _FILLER_RUN.finditer(text):
        removed += run.end() - run.start()
        points.append(run.end() - removed)
        shifts.append(removed)
    return Squeezed(text.replace(FILLER, ""), points, shifts)


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

    def _matches(self, text: str, squeezed: Squeezed | None) -> tuple[Any, str, list[int], list[int]]:
        """The automaton's matches in the text a view is matched on, and the offset mapping.

        The text is padded with a space at each end so the word-edge test needs no bounds
        checks. A stem view (padding in it) is matched through its squeezed text: `squeezed`
        when the morphology built it with the view, else found here.
        """
        if self._automaton is None:
            raise RuntimeError("PhraseMatcher.compile() must be called before matching")
        if squeezed is None and FILLER in text:
            squeezed = squeeze(text)
        if squeezed is None:
            padded = f" {text} "
            return self._automaton.iter(padded), padded, _NO_SHIFTS, _NO_SHIFTS
        padded = f" {squeezed.text} "
        return self._automaton.iter(padded), padded, squeezed.points, squeezed.shifts

    def find_all(self, text: str, squeezed: Squeezed | None = None) -> list[Hit]:
        """Every whole-word hit in `text` (overlapping hits included), in order of end offset;
        a plain loop (no generator) since it runs for every match of an article."""
        found, padded, points, shifts = self._matches(text, squeezed)
        hits, new = [], tuple.__new__
        for last, (length, payloads) in found:
            start, end = last - length, last  # in the matched text; padded[start] is the char before
            if padded[start].isalnum() or padded[last + 1].isalnum():
                continue
            if points:
                start, end = _view_span(points, shifts, start, end)
            for kind, label in payloads:
                hits.append(new(Hit, (start, end, kind, label)))
        return hits

    def scan(
        self, text: str, sentence_ends: list[int], squeezed: Squeezed | None = None
    ) -> list[dict[str, list[Hit]]]:
        """Every whole-word hit, bucketed by sentence and then by kind, in one pass.

        This is the tagger's hot loop (hundreds of hits per article), so it avoids bisection
        and Python-level constructors: the automaton reports hits in order of their end
        offset, so a moving pointer finds each hit's sentence (the one holding its last
        character), `tuple.__new__` builds a Hit at half the cost of `Hit(...)`, and a
        sentence's list for a kind is made on its first hit (`setdefault(kind, [])` built
        and threw away an empty list for every hit).
        """
        found, padded, points, shifts = self._matches(text, squeezed)
        buckets: list[dict[str, list[Hit]]] = [{} for _ in sentence_ends] or [{}]
        last_sentence, current, new = len(buckets) - 1, 0, tuple.__new__
        bound = sentence_ends[0] if sentence_ends else len(text)
        kinds = buckets[0]
        bucket_of = kinds.get
        passed, count = 0, len(points)  # padding runs before the current end (ends only grow)
        for last, (length, payloads) in found:
            start, end = last - length, last  # see find_all
            if padded[start].isalnum() or padded[last + 1].isalnum():
                continue
            if count:  # to view offsets, as _view_span does, without bisecting for every hit
                while passed < count and points[passed] <= end - 1:
                    passed += 1
                k = passed
                while k and points[k - 1] > start:  # a phrase spans a few words: a few steps
                    k -= 1
                start, end = start + (shifts[k - 1] if k else 0), end + (shifts[passed - 1] if passed else 0)
            if end > bound and current < last_sentence:
                while end > bound and current < last_sentence:
                    current += 1
                    bound = sentence_ends[current]
                kinds = buckets[current]
                bucket_of = kinds.get
            for kind, label in payloads:
                bucket = bucket_of(kind)
                if bucket is None:
                    kinds[kind] = [new(Hit, (start, end, kind, label))]
                else:
                    bucket.append(new(Hit, (start, end, kind, label)))
        return buckets


_NO_SHIFTS: list[int] = []


def _view_span(points: list[int], shifts: list[int], start: int, end: int) -> tuple[int, int]:
    """A hit's [start, end) in the squeezed text as offsets in the view: the view offsets of
    its first and last characters (so the end excludes the last word's padding)."""
    k = bisect_right(points, start)
    j = bisect_right(points, end - 1)
    return (start + shifts[k - 1] if k else start), (end + shifts[j - 1] if j else end)


def cue_regex(patterns: Iterable[str] | str | None) -> re.Pattern[str] | None:
    """Compile cue phrases into one whole-word regex alternation (longest phrases first)."""
    phrases = sorted(set(expand_all(patterns)), key=len, reverse=True)
    if not phrases:
        return None
    body = "|".join(re.escape(phrase) for phrase in phrases)
    return re.compile(rf"(?<![\w])(?:{body})(?![\w])")
