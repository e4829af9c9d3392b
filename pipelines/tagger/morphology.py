"""Morphology hooks: a language's "stem view" of normalised text, and its phrases stemmed alike.

The engine matches phrases on stems, so a lexicon writes each word once ("обстрел") and its
inflections match too ("обстрелов", "обстрела"). The view keeps the text's LENGTH: each word
becomes its stem padded with `FILLER` (Arabic: clitic prefixes blanked too), so every offset,
sentence split and evidence sentence still points into the original article. Phrases are
stemmed at build time by the same view, so text and lexicon always agree (a lemma longer
than its word keeps the word, on both sides).

One small class per kind of stemmer, chosen by the lexicon's `morphology.stemmer`; the engine
never asks which language it reads.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from pipelines.tagger.lexicon import FILLER, normalise

_WORDS = re.compile(r"(\w+)")
MAX_CACHED_WORDS = 200_000  # a worker's vocabulary; cleared when reached, never unbounded
# Arabic-Indic and Persian (Extended Arabic-Indic) digits read as 0-9
DIGITS = str.maketrans(
    {**{chr(0x0660 + d): str(d) for d in range(10)}, **{chr(0x06F0 + d): str(d) for d in range(10)}}
)


class Morphology:
    """No morphology (English and `stemmer: none`): the view is the normalised text itself."""

    name = "none"

    def view(self, text: str) -> str:
        """The same-length text phrases are matched on (`text` already normalised)."""
        return text

    def proper_view(self, text: str) -> str:
        """The same-length text proper names are matched on (case kept)."""
        return text

    def stem_phrase(self, phrase: str) -> str:
        """A lexicon phrase as it appears in the view, padding removed."""
        return " ".join(self.view(normalise(phrase)).replace(FILLER, "").split())

    def proper_name(self, name: str) -> str:
        """A place or group name as it appears in the proper view."""
        return " ".join(self.proper_view(name).replace(FILLER, "").split())


class StemmedMorphology(Morphology):
    """Each word replaced by its stem from `stem` (one word in, one stem out), cached per word."""

    def __init__(self, name: str, stem: Callable[[str], str]) -> None:
        self.name = name
        self._stem = stem
        self._padded: dict[str, str] = {}

    def view(self, text: str) -> str:
        """Words stemmed and padded to their length; everything else as it was."""
        parts = _WORDS.split(text)
        cache = self._padded
        parts[1::2] = [cache.get(word) or self._learn(word) for word in parts[1::2]]
        return "".join(parts)

    def _learn(self, word: str) -> str:
        """The padded stem of a word not seen yet (and remembered)."""
        if len(self._padded) >= MAX_CACHED_WORDS:
            self._padded.clear()
        padded = pad(self._stem(word), word)
        self._padded[word] = padded
        return padded


def pad(stem: str, word: str, blank: int = 0) -> str:
    """`blank` fillers, the stem, and fillers up to the word's length (the word if it won't fit)."""
    room = len(word) - blank - len(stem)
    if not stem or room < 0:
        return word
    return FILLER * blank + stem + FILLER * room


def snowball(algorithm: str) -> Callable[[str], str]:
    """A word stemmer from PyStemmer (Snowball in C)."""
    import Stemmer

    stemmer: Any = Stemmer.Stemmer(algorithm)
    stem_word: Callable[[str], str] = stemmer.stemWord
    return stem_word


def simplemma_lemmas(language: str) -> Callable[[str], str]:
    """A word lemmatiser from simplemma (Ukrainian has no Snowball stemmer)."""
    import simplemma

    module: Any = simplemma

    def lemma(word: str) -> str:
        """The word's lemma, lowercased (simplemma keeps a proper noun's capital)."""
        return str(module.lemmatize(word, lang=language)).lower()

    return lemma


def morphology_for(stemmer: str, language: str) -> Morphology:
    """The morphology a lexicon names (`morphology.stemmer`); unknown names fail fast."""
    if stemmer == "none":
        return Morphology()
    if stemmer == "simplemma":
        return StemmedMorphology(f"simplemma:{language}", simplemma_lemmas(language))
    if stemmer == "arabic":
        from pipelines.tagger.arabic import ArabicMorphology

        return ArabicMorphology(snowball("arabic"))
    import Stemmer

    if stemmer not in Stemmer.algorithms():
        raise ValueError(
            f"unknown stemmer {stemmer!r}: use none, simplemma or a PyStemmer algorithm "
            f"({', '.join(sorted(Stemmer.algorithms()))})"
        )
    return StemmedMorphology(stemmer, snowball(stemmer))
