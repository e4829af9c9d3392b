"""Arabic morphology: folded spelling, clitic prefixes blanked, Snowball stems, same length.

Arabic writes the conjunctions و ف, the prepositions ب ك ل and the article ال onto the
word ("والقصف", "بالقصف", "للقصف"), may add vowel marks (harakat) and tatweel, and spells alef
several ways. So each word is folded (marks and tatweel dropped, أ إ آ ٱ → ا, and in names
ة → ه, ى → ي), its proclitics are blanked, and the rest is stemmed by Snowball's Arabic
stemmer (after the plural ات, which Snowball strips only from long words); the view pads the
result back to the word's length. Arabic-Indic and Persian digits
read as 0-9. Names (places, groups) get the same folding and clitic blanking, no stemming.

A word's first letter may only look like a clitic: "فتاة" (girl) is no ف + "تاة", "فلسطينيين" no
ف + ل + "سطينيين". So the letters are read off only as far as leaves a word simplemma's Arabic
dictionary knows; when no reading does (names, rare words), every clitic the letters allow.
(The most, not the fewest: "بلدة", "فريق" are words, but so are "لدة", "ريق", and the lexicon
was written and checked against the readings that strip such letters.)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container

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


def clitic_cuts(word: str) -> list[int]:
    """Every count of leading letters of a folded word that may be proclitics (و ف, then
    ب ك ل, then ال), shortest first: 0, then one more for each clitic read off."""
    cuts = [0]
    cut = 0
    if word.startswith(CONJUNCTIONS) and len(word) - 1 >= _MIN_AFTER_LETTER:
        cut = 1
        cuts.append(cut)
    rest = word[cut:]
    if rest.startswith("لل") and len(rest) - 2 >= _MIN_AFTER_ARTICLE:
        cuts.append(cut + 2)  # ل + ال: "للقصف"
        return cuts
    if rest.startswith(_PREPOSITIONS) and (
        rest[1:].startswith(_ARTICLE) or len(rest) - 1 >= _MIN_AFTER_LETTER
    ):
        cut += 1
        rest = rest[1:]
        cuts.append(cut)
    if rest.startswith(_ARTICLE) and len(rest) - 2 >= _MIN_AFTER_ARTICLE:
        cuts.append(cut + 2)
    return cuts


def strip_clitics(word: str, known: Container[str] = (), bare: str = "") -> int:
    """How many leading letters of a folded word are proclitics: the most that leave a `known`
    word ("فتاة" is a word, ف + "تاة" none), or, when no reading does, all the letters may be.
    `bare` is the word with its hamza kept (only its marks dropped), as the dictionary writes
    words."""
    cuts = clitic_cuts(word)
    if len(cuts) > 1 and known:
        bare = bare or word
        for cut in reversed(cuts):
            if bare[cut:] in known:
                return cut
    return cuts[-1]


class ArabicMorphology(StemmedMorphology):
    """Snowball Arabic stems of clitic-free words, padded back to each word's length."""

    def __init__(self, stem: Callable[[str], str], known: Container[str] = ()) -> None:
        super().__init__("arabic", stem)
        self._known = known  # the words clitic letters may leave (simplemma's dictionary)
        self._words = PaddedWords(self._pad, _WORDS)
        self._names = PaddedWords(self._blank_clitics, _WORDS)

    def views(self, text: str) -> tuple[str, Squeezed | None]:
        """Words folded, clitics blanked and stemmed; digits read as 0-9 (all are in words)."""
        return self._words.views(text)

    def _pad(self, word: str) -> str:
        """The padded stem of a word."""
        word = word.translate(DIGITS)
        bare = _MARKS.sub("", word)
        folded = bare.translate(_ALEF)
        cut = strip_clitics(folded, self._known, bare)
        core = folded[cut:]
        if core.endswith(_PLURAL) and len(core) - len(_PLURAL) >= _MIN_AFTER_LETTER:
            core = core[: -len(_PLURAL)]
        return pad(self._stem(core), word, cut) if core else word

    def proper_views(self, text: str) -> tuple[str, Squeezed | None]:
        """Names as written, folded and with clitics blanked ("وحلب", "بحلب" read "حلب")."""
        return self._names.views(text)

    def _blank_clitics(self, word: str) -> str:
        """A word folded for name matching, its clitics blanked, padded to its length."""
        word = word.translate(DIGITS)
        bare = _MARKS.sub("", word)
        folded = bare.translate(_ALEF).translate(_NAME_LETTERS)
        if folded == word and not word.startswith((*CONJUNCTIONS, *_PREPOSITIONS, _ARTICLE)):
            return word
        cut = strip_clitics(folded, self._known, bare)
        return pad(folded[cut:], word, cut) if folded[cut:] else word
