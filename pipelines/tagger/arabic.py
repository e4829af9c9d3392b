"""Arabic morphology: folded spelling, clitic prefixes blanked, Snowball stems, same length.

Arabic writes the conjunctions و ف, the prepositions ب ك ل and the article ال onto the
word ("والقصف", "بالقصف", "للقصف"), may add vowel marks (harakat) and tatweel, and spells alef
several ways. So each word is folded (marks and tatweel dropped, أ إ آ ٱ → ا, and in names
ة → ه, ى → ي), its proclitics are blanked, and the rest is stemmed by Snowball's Arabic
stemmer (after the plural ات, which Snowball strips only from long words); the view pads the
result back to the word's length. Arabic-Indic and Persian digits
read as 0-9. Names (places, groups) get the same folding and clitic blanking, no stemming.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from pipelines.tagger.lexicon import Squeezed
from pipelines.tagger.morphology import DIGITS, PaddedWords, StemmedMorphology, pad

# letters plus the marks that sit inside Arabic words (harakat, Quranic marks, tatweel)
_WORDS = re.compile(r"([\w\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]+)")
_MARKS = re.compile(r"[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]")
_ALEF = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا"})
_NAME_LETTERS = str.maketrans({"ة": "ه", "ى": "ي"})
CONJUNCTIONS = ("و", "ف")
_PREPOSITIONS = ("ب", "ك", "ل")
_ARTICLE = "ال"
_MIN_AFTER_ARTICLE = 2  # "الى" is no article + one letter
_MIN_AFTER_LETTER = 3  # "ولد", "بلد": a one-letter clitic needs a root of three letters after it
# Snowball strips the plural ات only from long words ("الغارات" -> غار, "غارات" -> غارا), so
# it goes first: every form of a noun then reaches Snowball alike
_PLURAL = "ات"


def strip_clitics(word: str) -> int:
    """How many leading letters of a folded word are proclitics (و ف, then ب ك ل, then ال)."""
    cut = 0
    if word.startswith(CONJUNCTIONS) and len(word) - 1 >= _MIN_AFTER_LETTER:
        cut = 1
    rest = word[cut:]
    if rest.startswith("لل") and len(rest) - 2 >= _MIN_AFTER_ARTICLE:
        return cut + 2  # ل + ال: "للقصف"
    if rest.startswith(_PREPOSITIONS) and (
        rest[1:].startswith(_ARTICLE) or len(rest) - 1 >= _MIN_AFTER_LETTER
    ):
        cut += 1
        rest = rest[1:]
    if rest.startswith(_ARTICLE) and len(rest) - 2 >= _MIN_AFTER_ARTICLE:
        cut += 2
    return cut


def fold(word: str) -> str:
    """A word without marks or tatweel, alef forms unified."""
    return _MARKS.sub("", word).translate(_ALEF)


class ArabicMorphology(StemmedMorphology):
    """Snowball Arabic stems of clitic-free words, padded back to each word's length."""

    def __init__(self, stem: Callable[[str], str]) -> None:
        super().__init__("arabic", stem)
        self._words = PaddedWords(self._pad, _WORDS)
        self._names = PaddedWords(_blank_clitics, _WORDS)

    def views(self, text: str) -> tuple[str, Squeezed | None]:
        """Words folded, clitics blanked and stemmed; digits read as 0-9 (all are in words)."""
        return self._words.views(text)

    def _pad(self, word: str) -> str:
        """The padded stem of a word."""
        word = word.translate(DIGITS)
        folded = fold(word)
        cut = strip_clitics(folded)
        core = folded[cut:]
        if core.endswith(_PLURAL) and len(core) - len(_PLURAL) >= _MIN_AFTER_LETTER:
            core = core[: -len(_PLURAL)]
        return pad(self._stem(core), word, cut) if core else word

    def proper_views(self, text: str) -> tuple[str, Squeezed | None]:
        """Names as written, folded and with clitics blanked ("وحلب", "بحلب" read "حلب")."""
        return self._names.views(text)


def _blank_clitics(word: str) -> str:
    """A word folded for name matching, its clitics blanked, padded to its length."""
    word = word.translate(DIGITS)
    folded = fold(word).translate(_NAME_LETTERS)
    if folded == word and not word.startswith((*CONJUNCTIONS, *_PREPOSITIONS, _ARTICLE)):
        return word
    cut = strip_clitics(folded)
    return pad(folded[cut:], word, cut) if folded[cut:] else word
