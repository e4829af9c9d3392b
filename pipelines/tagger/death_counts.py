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
("dozens", "десятки") gives no number, unless it is also a thousand or a million of `numbers`
right after a number ("2 тысячи"); a decimal counts only before one ("2,2 тысячи": 2200).
Years (1900-2099) and percentages are not counts, nor is a number with an `age_words` word
after it ("un niño de 10 años", "35-річний"): the age takes no room in the window either.
Some words are a count themselves: `single_victims` as written ("загинула жінка", "Подросток
погиб": 1) and duals, a `dual_nouns` singular with a `dual_suffixes` ending ("جنديين": 2;
"قتيلين", a death word's dual, is two deaths on its own).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from pipelines.tagger.arabic import CONJUNCTIONS
from pipelines.tagger.languages import Language
from pipelines.tagger.lexicon import FILLER, Hit, PhraseMatcher, expand_all, normalise
from pipelines.tagger.morphology import DIGITS
from pipelines.tagger.numerals import (
    AGE,
    BARRIER,
    DEATH,
    DEATH_COUNT,
    JOINER,
    NOT_DEATH,
    NUMBER,
    QUALIFIER,
    RANGE,
    THOUSANDS,
    VAGUE,
    WORD,
    Token,
    digits,
    model_numbers,
    read_numbers,
)
from pipelines.tagger.tolls import TollReader

DEFAULT_WINDOW = 4
# words (with inner apostrophes: "п'ятеро", "aujourd'hui") and the marks that end a clause
_TOKENS = re.compile(r"\w+(?:'\w+)*|[,;:()\u060c\u061b]")
_BARRIERS = frozenset(",;:()\u060c\u061b")
_OTHER_DIGITS = re.compile("[\u0660-\u0669\u06f0-\u06f9]")
_MARKS = {ord(mark): mark for mark in _BARRIERS}  # a barrier token's value: which mark it is
_MAX_PHRASE_TOKENS = 6  # "acabó con la vida de": a death phrase of five words
_SKIPPED = frozenset({QUALIFIER, AGE})  # take no room between a number and its death word
_PHRASE_KINDS = {  # lexicon key -> token kind, in order of precedence
    "vague_counts": VAGUE,
    "death_words": DEATH,
    "toll_words": DEATH,
    "not_deaths": NOT_DEATH,
    "qualifiers": QUALIFIER,
    "age_words": AGE,
    "range_words": RANGE,
    "number_joiners": JOINER,
}


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
        # a number phrase that holds a death word is a toll by itself ("un muerto", "un mort"):
        # its death word is inside the phrase, so none is left to tie the number to
        deaths = frozenset(tuple(_TOKENS.findall(phrase)) for phrase in self.death_phrases)
        stem = language.morphology.stem_phrase
        self.death_numbers = frozenset(
            words
            for words in self.numbers
            if any((word,) in deaths for word in _TOKENS.findall(stem(" ".join(words))))
        )
        # words that are a count themselves: a lone victim ("жінка": 1), a dual ("جنديين": 2)
        self.counted = _counted_words(language, section, frozenset(self.death_phrases))
        longest = [len(words) for words in [*self.phrases, *self.numbers, *self.stemmed_numbers]]
        self.longest = min(max(longest, default=1), _MAX_PHRASE_TOKENS)
        # first words of the phrases and numbers: most words start none, a set look-up says so
        self.first_stems = frozenset(words[0] for words in [*self.phrases, *self.stemmed_numbers] if words)
        self.first_written = frozenset(words[0] for words in self.numbers if words)

    def register(self, lower: PhraseMatcher) -> None:
        """Death and toll words gate a sentence (kind `death`), as in English."""
        lower.add(self.death_phrases, "death")

    def largest(
        self,
        texts: Sequence[str],
        surfaces: Sequence[str],
        kinds: Sequence[dict[str, list[Hit]]],
        originals: Sequence[str] | None = None,
    ) -> int | None:
        """Largest count over the sentences (stem views, their lowercase surface text and,
        when given, the sentences as written: hyphens kept, so "Tu-95" is a model, not 95)."""
        written = originals if originals is not None else surfaces
        counts = [self.count(*row) for row in zip(texts, surfaces, written, strict=True)]
        return max((count for count in counts if count is not None), default=None)

    def count(self, view: str, surface: str, original: str | None = None) -> int | None:
        """Largest death count in one sentence (its stem view, lowercase surface text and the
        sentence as written, offsets alike: a number hyphenated to a name is a model)."""
        tokens = read_numbers(self._tokens(view, surface, original))
        best: int | None = None
        for index, token in enumerate(tokens):
            if token.kind == DEATH_COUNT or (token.kind == NUMBER and self._tied_to_death(tokens, index)):
                best = token.value if best is None else max(best, token.value)
        return best

    def _tokens(self, view: str, surface: str, original: str | None = None) -> list[Token]:
        """The sentence as tokens: lexicon phrases (longest first), numbers, words, barriers."""
        models = model_numbers(original) if original else frozenset()
        if _OTHER_DIGITS.search(surface):
            view, surface = view.translate(DIGITS), surface.translate(DIGITS)
        found = list(_TOKENS.finditer(view.replace(FILLER, " ")))
        stems = [match.group() for match in found]
        written = _written(found, surface)
        tokens: list[Token] = []
        i = 0
        while i < len(found):
            token, used = self._token_at(found, stems, written, surface, i)
            if token.kind == NUMBER and found[i].start() in models:
                token = Token(WORD, 0, token.end)
            elif _after_conjunction(surface, found[i].start()):
                token = token._replace(opens=True)
            tokens.append(token)
            i += used
        return tokens

    def _token_at(
        self, found: list[re.Match[str]], stems: list[str], written: list[str], surface: str, i: int
    ) -> tuple[Token, int]:
        """The token starting at word i, and how many words it spans."""
        stem = stems[i]
        if stem in _BARRIERS:
            return Token(BARRIER, ord(stem), found[i].end()), 1
        if stem.isdigit():
            return digits(found, surface, i)
        counted = self.counted.get(written[i]) if self.counted else None
        if counted is not None:
            return Token(counted[0], counted[1], found[i].end()), 1
        if stem not in self.first_stems and written[i] not in self.first_written:
            return Token(WORD, 0, found[i].end()), 1
        for size in range(min(self.longest, len(stems) - i), 0, -1):
            words = tuple(stems[i : i + size])
            kind = self.phrases.get(words)
            value = self.numbers.get(tuple(written[i : i + size])) or self.stemmed_numbers.get(words)
            if kind == VAGUE and value and value not in THOUSANDS:
                kind = None  # "عشرة" (ten) stems as "عشرات" (tens) does: as written, it is ten
            if kind is not None:  # "тысячи" is vague, but a scale after a number: keep its value
                scale = value if kind == VAGUE and value in THOUSANDS else 0
                return Token(kind, scale, found[i + size - 1].end()), size
            if value:
                kind = DEATH_COUNT if tuple(written[i : i + size]) in self.death_numbers else NUMBER
                return Token(kind, value, found[i + size - 1].end()), size
        return Token(WORD, 0, found[i].end()), 1

    def _tied_to_death(self, tokens: list[Token], index: int) -> bool:
        """True when the nearest death or not-death word in the window is a death word.

        A tie goes to the death word. A death word reached back across a joiner loses to a
        not-death word ahead ("murieron y más de 700 han sido detenidas": 700 detained). A
        count opening its clause reaches twice as far ahead to its verb, over a short aside
        ("80 combatientes del grupo ... (FAR) murieron", "huit personnes, dont quatre
        enfants, ont été tuées")."""
        back = _nearest(tokens, index, -1, self.window)
        reach = self.window * 2 if _opens_clause(tokens, index) else self.window
        ahead = _nearest(tokens, index, 1, reach, self.window)
        if back is None or ahead is None:
            found = back or ahead
            return found is not None and found[1] != NOT_DEATH
        if back[2] != ahead[2]:  # the word in the number's own clause claims it
            return (ahead if back[2] else back)[1] != NOT_DEATH
        nearest = back if back[0] <= ahead[0] else ahead
        if back[0] == ahead[0] and NOT_DEATH in (back[1], ahead[1]):
            nearest = back if back[1] != NOT_DEATH else ahead
        return nearest[1] != NOT_DEATH


_ASIDE = 6  # tokens an aside may hold: "(FAR)", ", dont quatre enfants,"
_CLOSES = {"(": ")", ",": ",", "\u060c": "\u060c"}


def _nearest(
    tokens: list[Token], index: int, step: int, window: int, plain: int | None = None
) -> tuple[int, str, bool] | None:
    """The nearest death or not-death word from a number one way: (distance, kind, whether a
    clause opens between: a joiner, or a word written with a conjunction "و"). Ahead, a short
    aside without such a word is stepped over; beyond `plain` words, another number ends it."""
    distance, j = 0, index + step
    joined = step < 0 and tokens[index].opens
    while 0 <= j < len(tokens) and distance <= window:
        token = tokens[j]
        if token.kind == BARRIER:
            after = _aside_end(tokens, j) if step > 0 else None
            if after is None:
                return None
            j = after
            continue
        if token.kind not in _SKIPPED:
            distance += 1
        if token.kind == NUMBER and plain is not None and distance > plain:
            return None
        if token.kind in (DEATH, NOT_DEATH, DEATH_COUNT) and distance <= window:
            return distance, token.kind, joined or (step > 0 and token.opens)
        joined = joined or token.kind == JOINER or token.opens
        j += step
    return None


def _aside_end(tokens: list[Token], start: int) -> int | None:
    """The token after an aside opening at `start` ("(", ","), if it closes soon and holds no
    death or not-death word; else None. A list of counts goes on over its commas, each item
    as long as an aside: "57 civilians, including 22 women, 17 children and 3 infants, died"."""
    mark = _CLOSES.get(_MARKS.get(tokens[start].value, ""))
    if mark is None:
        return None
    j, limit = start + 1, start + _ASIDE + 2
    while j < min(limit, len(tokens)):
        kind = tokens[j].kind
        if kind in (DEATH, NOT_DEATH, DEATH_COUNT):
            return None
        if kind == BARRIER:
            if _MARKS.get(tokens[j].value) != mark or j == start + 1:
                return None
            if mark != "," or j + 1 >= len(tokens) or tokens[j + 1].kind != NUMBER:
                return j + 1
            limit = j + _ASIDE + 2  # the next item of a list of counts
        j += 1
    return None


def _opens_clause(tokens: list[Token], index: int) -> bool:
    """True when only qualifiers stand between the number and its clause's start."""
    j = index - 1
    while j >= 0 and tokens[j].kind == QUALIFIER:
        j -= 1
    return j < 0 or tokens[j].kind == BARRIER


def _numbers(
    language: Language, raw: dict[str, Any]
) -> tuple[dict[tuple[str, ...], int], dict[tuple[str, ...], int]]:
    """Number words as written (lowercased), and the scale words (thousand, million) also as
    stemmed, each -> value. Smaller numbers match only as written: their stems collide with
    other words (Russian "семи" seven and "семье" family both stem to "сем")."""
    if not isinstance(raw, dict):
        raise ValueError(f"{language.source}: fatalities.numbers must map words to numbers")
    written: dict[tuple[str, ...], int] = {}
    stemmed: dict[tuple[str, ...], int] = {}
    for pattern, value in raw.items():
        for phrase in expand_all(str(pattern)):
            written[tuple(_TOKENS.findall(normalise(phrase)))] = int(value)
            if int(value) in THOUSANDS:
                stemmed[tuple(_TOKENS.findall(language.morphology.stem_phrase(phrase)))] = int(value)
    return written, stemmed


def _after_conjunction(surface: str, start: int) -> bool:
    """True when the word's stem starts after a conjunction clitic written onto it ("وأصيب")."""
    begin = start
    while begin > 0 and surface[begin - 1].isalpha():
        begin -= 1
    return begin < start and surface[begin] in CONJUNCTIONS


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


def _counted_words(
    language: Language, section: dict[str, Any], deaths: frozenset[str]
) -> dict[str, tuple[str, int]]:
    """Written words that are a count -> (token kind, value): `single_victims` ("жінка",
    "قتيل": 1) and duals, a `dual_nouns` singular with each `dual_suffixes` ending ("جنديين",
    "قتيلين": 2). A death word's form ("قتيل", "загиблий", "قتيلين") counts deaths by itself;
    any other is a number that needs a death word nearby."""
    suffixes = [normalise(suffix).strip() for suffix in expand_all(section.get("dual_suffixes"))]
    forms = [(word, word, 1) for word in expand_all(section.get("single_victims"))]
    nouns = expand_all(section.get("dual_nouns"))
    forms += [(noun, noun + suffix, 2) for noun in nouns for suffix in suffixes]
    counted: dict[str, tuple[str, int]] = {}
    for word, form, value in forms:
        kind = DEATH_COUNT if language.morphology.stem_phrase(word) in deaths else NUMBER
        counted[normalise(form).strip()] = (kind, value)
    return counted


def tolls_for(language: Language) -> TollReader:
    """English's pattern reader, or the lexicon counter for a language with a lexicon."""
    return LexiconTolls(language) if language.lexicon else TollReader()
