"""Death tolls read from a lexicon's `fatalities` section: one counter for every language.

A sentence is read as a row of tokens (stems of the language's view, lexicon phrases of up to
a few words). A number counts as deaths when the nearest death word (`death_words`,
`toll_words`) within `window` tokens is nearer than any `not_deaths` word (wounded, missing,
arrested), with no comma, semicolon or colon between: "погибли 12 человек, 30 ранены" is 12.
`qualifiers` ("at least", "по меньшей мере") take no room in the window. Numbers are digits
(Arabic-Indic digits read as 0-9; "1 200", "1.200" and "1,200" group thousands), number words
(`numbers`, matched as written or by stem, summed and scaled: "двадцать пять", "deux cents",
collective "семеро"), or both joined by `number_joiners` ("treinta y dos"); a range joined by
`range_words` or a dash ("10-15", "от 10 до 15") counts its upper bound. A `vague_counts` word
("dozens", "десятки") gives no number. Years (1900-2099) and percentages are not counts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, NamedTuple

from pipelines.tagger.languages import Language
from pipelines.tagger.lexicon import FILLER, Hit, PhraseMatcher, expand_all, normalise
from pipelines.tagger.morphology import DIGITS
from pipelines.tagger.tolls import TollReader

DEFAULT_WINDOW = 4
# words (with inner apostrophes: "п'ятеро", "aujourd'hui") and the marks that end a clause
_TOKENS = re.compile(r"\w+(?:'\w+)*|[,;:()\u060c\u061b]")
_BARRIERS = frozenset(",;:()\u060c\u061b")
_GROUPING = frozenset(" .,\u066c\u202f")  # thousands separators between digit groups
_MAX_PHRASE_TOKENS = 4
_OTHER_DIGITS = re.compile("[\u0660-\u0669\u06f0-\u06f9]")
_HUNDRED, _THOUSANDS = 100, frozenset({1000, 1_000_000})
DEATH, NOT_DEATH, QUALIFIER, VAGUE, RANGE, JOINER, NUMBER, WORD, BARRIER = (
    "death",
    "not_death",
    "qualifier",
    "vague",
    "range",
    "joiner",
    "number",
    "word",
    "barrier",
)
_PHRASE_KINDS = {  # lexicon key -> token kind, in order of precedence
    "vague_counts": VAGUE,
    "death_words": DEATH,
    "toll_words": DEATH,
    "not_deaths": NOT_DEATH,
    "qualifiers": QUALIFIER,
    "range_words": RANGE,
    "number_joiners": JOINER,
}


class Token(NamedTuple):
    """One word (or phrase, or barrier mark) of a sentence, with what the lexicon makes of it."""

    kind: str
    value: int
    end: int  # offset after the token in the sentence (a number's grouping looks at it)


class LexiconTolls(TollReader):
    """Death counts from a lexicon's `fatalities` section (missing lists: no counts)."""

    def __init__(self, language: Language) -> None:
        section = language.section("fatalities")
        self.window = int(section.get("window", DEFAULT_WINDOW))
        self.death_phrases = [
            *language.phrases(section.get("death_words"), "fatalities.death_words"),
            *language.phrases(section.get("toll_words"), "fatalities.toll_words"),
        ]
        self.phrases: dict[tuple[str, ...], str] = {}
        for key, kind in _PHRASE_KINDS.items():
            for phrase in language.phrases(section.get(key), f"fatalities.{key}"):
                self.phrases.setdefault(tuple(_TOKENS.findall(phrase)), kind)
        self.numbers, self.stemmed_numbers = _numbers(language, section.get("numbers") or {})
        longest = [len(words) for words in [*self.phrases, *self.numbers, *self.stemmed_numbers]]
        self.longest = min(max(longest, default=1), _MAX_PHRASE_TOKENS)

    def register(self, lower: PhraseMatcher) -> None:
        """Death and toll words gate a sentence (kind `death`), as in English."""
        lower.add(self.death_phrases, "death")

    def largest(
        self, texts: Sequence[str], surfaces: Sequence[str], kinds: Sequence[dict[str, list[Hit]]]
    ) -> int | None:
        """Largest count over the sentences (stem views and their lowercase surface text)."""
        counts = [self.count(text, surface) for text, surface in zip(texts, surfaces, strict=True)]
        return max((count for count in counts if count is not None), default=None)

    def count(self, view: str, surface: str) -> int | None:
        """Largest death count in one sentence (its stem view and lowercase surface text)."""
        tokens = _ranges(_numbers_joined(self._tokens(view, surface)))
        best: int | None = None
        for index, token in enumerate(tokens):
            if token.kind == NUMBER and self._tied_to_death(tokens, index):
                best = token.value if best is None else max(best, token.value)
        return best

    def _tokens(self, view: str, surface: str) -> list[Token]:
        """The sentence as tokens: lexicon phrases (longest first), numbers, words, barriers."""
        if _OTHER_DIGITS.search(surface):
            view, surface = view.translate(DIGITS), surface.translate(DIGITS)
        found = list(_TOKENS.finditer(view.replace(FILLER, " ")))
        stems = [match.group() for match in found]
        written = _written(found, surface)
        tokens: list[Token] = []
        i = 0
        while i < len(found):
            token, used = self._token_at(found, stems, written, surface, i)
            tokens.append(token)
            i += used
        return tokens

    def _token_at(
        self, found: list[re.Match[str]], stems: list[str], written: list[str], surface: str, i: int
    ) -> tuple[Token, int]:
        """The token starting at word i, and how many words it spans."""
        stem = stems[i]
        if stem in _BARRIERS:
            return Token(BARRIER, 0, found[i].end()), 1
        if stem.isdigit():
            return _digits(found, stems, surface, i)
        for size in range(min(self.longest, len(stems) - i), 0, -1):
            words = tuple(stems[i : i + size])
            kind = self.phrases.get(words)
            if kind is not None:
                return Token(kind, 0, found[i + size - 1].end()), size
            value = self.numbers.get(tuple(written[i : i + size])) or self.stemmed_numbers.get(words)
            if value:
                return Token(NUMBER, value, found[i + size - 1].end()), size
        return Token(WORD, 0, found[i].end()), 1

    def _tied_to_death(self, tokens: list[Token], index: int) -> bool:
        """True when the nearest death or not-death word in the window is a death word."""
        best_distance, best_kind = self.window + 1, ""
        for step in (-1, 1):
            distance, j = 0, index + step
            while 0 <= j < len(tokens) and distance <= self.window:
                kind = tokens[j].kind
                if kind == BARRIER:
                    break
                if kind != QUALIFIER:
                    distance += 1
                if kind in (DEATH, NOT_DEATH):
                    if distance < best_distance or (distance == best_distance and kind == NOT_DEATH):
                        best_distance, best_kind = distance, kind
                    break
                j += step
        return best_kind == DEATH


def _numbers(
    language: Language, raw: dict[str, Any]
) -> tuple[dict[tuple[str, ...], int], dict[tuple[str, ...], int]]:
    """Number words as written (lowercased) and as stemmed, each -> value."""
    if not isinstance(raw, dict):
        raise ValueError(f"{language.source}: fatalities.numbers must map words to numbers")
    written: dict[tuple[str, ...], int] = {}
    stemmed: dict[tuple[str, ...], int] = {}
    for pattern, value in raw.items():
        for phrase in expand_all(str(pattern)):
            written[tuple(_TOKENS.findall(normalise(phrase)))] = int(value)
            stemmed[tuple(_TOKENS.findall(language.morphology.stem_phrase(phrase)))] = int(value)
    return written, stemmed


def _written(found: list[re.Match[str]], surface: str) -> list[str]:
    """For each view token, the written word from its start (an Arabic stem: the word's tail)."""
    words = list(_TOKENS.finditer(surface))
    written: list[str] = []
    k = 0
    for match in found:
        start = match.start()
        while k < len(words) and words[k].end() <= start:
            k += 1
        written.append(surface[start : words[k].end()] if k < len(words) else match.group())
    return written


def _digits(found: list[re.Match[str]], stems: list[str], surface: str, i: int) -> tuple[Token, int]:
    """A number written in digits, its thousands grouped ("1 200", "1.200"); years are words."""
    text, used = stems[i], 1
    while (
        len(stems[i]) <= 3
        and i + used < len(stems)
        and len(stems[i + used]) == 3
        and stems[i + used].isdigit()
        and found[i + used].start() - found[i + used - 1].end() == 1
        and surface[found[i + used - 1].end()] in _GROUPING
    ):
        text += stems[i + used]
        used += 1
    end = found[i + used - 1].end()
    value = int(text)
    if (used == 1 and len(text) == 4 and 1900 <= value <= 2099) or surface[end : end + 2].strip().startswith(
        "%"
    ):
        return Token(WORD, 0, end), used
    return Token(NUMBER, value, end), used


def _numbers_joined(tokens: list[Token]) -> list[Token]:
    """Adjacent number tokens (and `number_joiners` between them) read as one number."""
    out: list[Token] = []
    run: list[int] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.kind == NUMBER:
            run.append(token.value)
        elif token.kind == JOINER and run and i + 1 < len(tokens) and tokens[i + 1].kind == NUMBER:
            pass
        else:
            if run:
                out.append(Token(NUMBER, _combine(run), tokens[i - 1].end))
                run = []
            out.append(token)
        i += 1
    if run:
        out.append(Token(NUMBER, _combine(run), tokens[-1].end))
    return out


def _combine(values: list[int]) -> int:
    """Numbers in a row as one: "двадцать пять" 25, "сто двадцать" 120, "deux cents" 200,
    "2 тысячи" 2000; a row that is no one number ("10 15": a dash-folded range) is its largest."""
    total, current = 0, 0
    for value in values:
        if value == _HUNDRED:
            current = max(current, 1) * value
        elif value in _THOUSANDS:
            total, current = total + max(current, 1) * value, 0
        elif current % 10 ** len(str(value)) == 0:
            current += value
        else:
            return max(values)
    return total + current


def _ranges(tokens: list[Token]) -> list[Token]:
    """A range ("10 to 15", "от 10 до 15") as one number: its upper bound."""
    out: list[Token] = []
    for token in tokens:
        if token.kind == NUMBER and len(out) >= 2 and out[-1].kind == RANGE and out[-2].kind == NUMBER:
            out[-2:] = [Token(NUMBER, max(out[-2].value, token.value), token.end)]
        else:
            out.append(token)
    return out


def tolls_for(language: Language) -> TollReader:
    """English's pattern reader, or the lexicon counter for a language with a lexicon."""
    return LexiconTolls(language) if language.lexicon else TollReader()
