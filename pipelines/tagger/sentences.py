"""Sentence splitting tuned for wire copy: abbreviations like "Mr." and "U.S." do not end a sentence.

Tags, negation and fatality counts are all judged within one sentence, so the splitter
decides how far a word's influence reaches.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from pipelines.tagger.lexicon import replace_each

_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "gen",
        "lt",
        "col",
        "maj",
        "capt",
        "sgt",
        "st",
        "no",
        "jan",
        "feb",
        "aug",
        "sept",
        "oct",
        "nov",
        "dec",
        "u.s",
        "u.n",
        "u.k",
        "gov",
        "sen",
        "rep",
        "prof",
        "inc",
        "corp",
        "co",
        "ltd",
        "vs",
        "etc",
        "al",
        "approx",
        "est",
        "fig",
    ]
)
# Opens with a character class (not a lookbehind) so the regex engine can skip straight to
# candidate characters; group 1 is the gap after end punctuation, group 2 a line break.
_BOUNDARY = re.compile(r"""[.!?](["')\]]*\s+)(?=["'(\[]?[A-Z0-9])|(\n\s*\n|\n(?=\S))""")

_END_MARKS = (("!", "."), ("?", "."), ("\n", "."), ("\u061f", "."))  # and the Arabic ؟
_CLOSERS = frozenset("\"')]")
_OPENERS = frozenset("\"'([")
_CAPITALS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_LONGEST_WORD = 24  # characters looked back for an abbreviation (all are far shorter)


class Sentence(NamedTuple):
    """A sentence as a span of the article text (a tuple: dozens are made per article)."""

    number: int  # position in the article (`index` would shadow tuple.index)
    start: int
    end: int


def _opens(char: str) -> bool:
    """True for a character that can open a sentence: a capital or digit, or (other scripts)
    any capital letter or a letter of a script without case (Arabic)."""
    if char in _CAPITALS:
        return True
    return char > "\x7f" and (char.isupper() or (char.isalpha() and char.lower() == char.upper()))


def _ends_with_abbreviation(text: str, end: int) -> bool:
    """True when the word before a full stop is a known abbreviation or a single initial.

    Most full stops follow a plain word of letters after a space, decided by one look-up;
    the general case (quotes, brackets, line breaks) splits the text before the stop.
    """
    lower = max(0, end - _LONGEST_WORD)
    space = text.rfind(" ", lower, end)
    word = text[space + 1 : end]
    if space >= 0 and word.isalpha():
        if word == "X" and text.endswith(" on", 0, space):  # "said on X." names the platform
            return False
        return len(word) == 1 or word.lower() in _ABBREVIATIONS
    before = text[lower:end]
    tail = before.split() if before and not before[-1].isspace() else []
    word = tail[-1].rstrip(".\"')]").lower() if tail else ""
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def _boundaries(text: str) -> Iterator[tuple[int, int]]:
    """(gap start, next sentence start) of every candidate boundary, left to right.

    The same boundaries as the regex `_BOUNDARY` (kept as the definition), found with str.find
    on a copy where every end mark is a full stop: the regex engine visited every character
    of every article, and this was a tenth of tagging time.
    """
    marks, size, position = replace_each(text, _END_MARKS), len(text), 0
    while (i := marks.find(".", position)) >= 0:
        position = i + 1
        if text[i] == "\n":
            k = i + 1
            while k < size and text[k].isspace():
                k += 1
            last = text.rfind("\n", i + 1, k)
            if last >= 0 or (i + 1 < size and k == i + 1):
                position = last + 1 if last >= 0 else i + 1
                yield i, position
            continue
        j = i + 1
        while j < size and text[j] in _CLOSERS:
            j += 1
        k = j
        while k < size and text[k].isspace():
            k += 1
        if (
            k > j
            and k < size
            and (_opens(text[k]) or (text[k] in _OPENERS and k + 1 < size and _opens(text[k + 1])))
        ):
            position = k
            yield i + 1, k


def split_sentences(text: str) -> list[Sentence]:
    """Split text into sentence spans (blank lines and headlines count as boundaries)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for gap, after in _boundaries(text):
        if text[gap - 1 : gap] == "." and _ends_with_abbreviation(text, gap - 1):
            continue
        if text[start:gap].strip():
            spans.append((start, gap))
        start = after
    if text[start:].strip():
        spans.append((start, len(text)))
    return [Sentence(index, begin, end) for index, (begin, end) in enumerate(spans)]
