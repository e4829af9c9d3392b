"""Sentence splitting tuned for wire copy: abbreviations like "Mr." and "U.S." do not end a sentence.

Tags, negation and fatality counts are all judged within one sentence, so the splitter
decides how far a word's influence reaches.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

_ABBREVIATIONS = frozenset([
    "mr", "mrs", "ms", "dr", "gen", "lt", "col", "maj", "capt", "sgt", "st", "no", "jan", "feb",
    "aug", "sept", "oct", "nov", "dec", "u.s", "u.n", "u.k", "gov", "sen", "rep", "prof", "inc",
    "corp", "co", "ltd", "vs", "etc", "al", "approx", "est", "fig",
])
_BOUNDARY = re.compile(r"""(?<=[.!?])["')\]]*\s+(?=["'(\[]?[A-Z0-9])|\n\s*\n|\n(?=\S)""")


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence as a span of the article text."""

    index: int
    start: int
    end: int


def _ends_with_abbreviation(text: str, end: int) -> bool:
    """True when the word before a full stop is a known abbreviation or a single initial."""
    word_start = end
    while word_start > 0 and not text[word_start - 1].isspace():
        word_start -= 1
    word = text[word_start:end].rstrip(".\"')]").lower()
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def split_sentences(text: str) -> list[Sentence]:
    """Split text into sentence spans (blank lines and headlines count as boundaries)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        if text[match.start() - 1:match.start()] == "." and _ends_with_abbreviation(
                text, match.start() - 1):
            continue
        if text[start:match.start()].strip():
            spans.append((start, match.start()))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return [Sentence(index, begin, end) for index, (begin, end) in enumerate(spans)]


class SentenceIndex:
    """Maps a character offset to the sentence holding it."""

    def __init__(self, sentences: list[Sentence]) -> None:
        self.sentences = sentences
        self._starts = [sentence.start for sentence in sentences]

    def of(self, offset: int) -> int:
        """Index of the sentence containing `offset` (the previous one when between sentences)."""
        return max(0, bisect_right(self._starts, offset) - 1)
