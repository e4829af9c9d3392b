"""Morphology hooks: a language's "stem view" of normalised text, and its phrases stemmed alike.

The engine matches phrases on stems, so a lexicon writes each word once ("обстрел") and its
inflections match too ("обстрелов", "обстрела"). The view keeps the text's LENGTH: each word
becomes its stem padded with `FILLER` (Arabic: clitic prefixes blanked too), so every offset,
sentence split and evidence sentence still points into the original article. Phrases are
stemmed at build time by the same view, so text and lexicon always agree (a lemma longer
than its word keeps the word, on both sides).

One small class per kind of stemmer, chosen by the lexicon's `morphology.stemmer`; the engine
never asks which language it reads. `views` gives the matcher the view's squeezed text (the
padding dropped, lexicon's `Squeezed`) and its offset table from the same pass over the text,
which looks up each space-separated chunk once (`PaddedWords`): a word is stemmed only the
first time a worker sees it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from pipelines.tagger.lexicon import FILLER, Squeezed, normalise

_WORDS = re.compile(r"(\w+)")
# a word's padded stem, its stem, and the fillers before and after the stem
Entry = tuple[str, str, int, int]
# a space-separated chunk's view, its squeezed text, and each run of padding dropped from it
# as (squeezed offset after the run, run length), flattened
Chunk = tuple[str, str, tuple[int, ...]]
MAX_CACHED_WORDS = 200_000  # a worker's vocabulary; cleared when reached, never unbounded
MAX_CACHED_CHUNKS = 100_000  # words with their punctuation ("Донецк,"): cleared when reached
MAX_CHUNK = 64  # longer chunks (a text without spaces) are read but not remembered
# Arabic-Indic and Persian (Extended Arabic-Indic) digits read as 0-9
DIGITS = str.maketrans(
    {**{chr(0x0660 + d): str(d) for d in range(10)}, **{chr(0x06F0 + d): str(d) for d in range(10)}}
)


class Morphology:
    """No morphology (English and `stemmer: none`): the view is the normalised text itself."""

    name = "none"

    def view(self, text: str) -> str:
        """The same-length text phrases are matched on (`text` already normalised)."""
        return self.views(text)[0]

    def views(self, text: str) -> tuple[str, Squeezed | None]:
        """The view, and its squeezed text for the matcher (None: the view has no padding)."""
        return text, None

    def proper_view(self, text: str) -> str:
        """The same-length text proper names are matched on (case kept)."""
        return self.proper_views(text)[0]

    def proper_views(self, text: str) -> tuple[str, Squeezed | None]:
        """The proper view, and its squeezed text (None: no padding)."""
        return text, None

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
        self._words = PaddedWords(self._pad, _WORDS)

    def views(self, text: str) -> tuple[str, Squeezed | None]:
        """Words stemmed and padded to their length; everything else as it was."""
        return self._words.views(text)

    def _pad(self, word: str) -> str:
        """The padded stem of a word."""
        return pad(self._stem(word), word)


class PaddedWords:
    """Each word's padded form (`learn`), remembered, and the views assembled from them.

    The text is read a space-separated chunk at a time ("обстрелов,", "(AFP)"): a chunk seen
    before is one dictionary look-up, and `str.split(" ")` stands in for a regex pass over
    the whole article (`words`, the pattern that finds words, runs only on chunks not seen
    yet; no word crosses a space, so the words are the same).
    """

    def __init__(self, learn: Callable[[str], str], words: re.Pattern[str]) -> None:
        self._learn = learn
        self._words = words
        self._entries: dict[str, Entry] = {}
        self._chunks: dict[str, Chunk] = {}

    def views(self, text: str) -> tuple[str, Squeezed | None]:
        """The view of `text` and its squeezed text, in one pass.

        Each chunk's view goes into the view and its stems into the squeezed text, and every
        run of padding dropped is noted where the scan of the view would have found it
        (lexicon.squeeze, which a text holding FILLER of its own still needs).
        """
        if FILLER in text:
            return self._join(self._words.split(text)), None
        chunks = text.split(" ")
        cache = self._chunks
        view, stems = chunks[:], chunks[:]
        points: list[int] = []
        shifts: list[int] = []
        removed, position = 0, 0
        for i in range(len(chunks)):
            chunk = chunks[i]
            entry = cache.get(chunk)
            padded, squeezed, runs = entry if entry is not None else self._chunk(chunk)
            view[i], stems[i] = padded, squeezed
            for k in range(0, len(runs), 2):
                removed += runs[k + 1]
                points.append(position + runs[k])
                shifts.append(removed)
            position += len(squeezed) + 1
        return " ".join(view), Squeezed(" ".join(stems), points, shifts)

    def _chunk(self, chunk: str) -> Chunk:
        """A chunk not seen yet: its words' padded forms and stems, and its runs of padding."""
        parts = self._words.split(chunk)
        view, stems = parts[:], parts[:]
        runs: list[int] = []
        position = len(parts[0])
        for i in range(1, len(parts), 2):
            word = parts[i]
            known = self._entries.get(word)
            padded, stem, blank, room = known if known is not None else self._entry(word)
            view[i], stems[i] = padded, stem
            if blank:
                runs.append(position)
                runs.append(blank)
            position += len(stem)
            if room:
                runs.append(position)
                runs.append(room)
            position += len(parts[i + 1])
        entry = ("".join(view), "".join(stems), tuple(runs))
        if len(chunk) <= MAX_CHUNK:
            if len(self._chunks) >= MAX_CACHED_CHUNKS:
                self._chunks.clear()
            self._chunks[chunk] = entry
        return entry

    def _join(self, parts: list[str]) -> str:
        """The view alone."""
        entries, learn = self._entries, self._entry
        return "".join(
            part if i % 2 == 0 else (entries.get(part) or learn(part))[0] for i, part in enumerate(parts)
        )

    def _entry(self, word: str) -> Entry:
        """A word not seen yet, learned (and remembered; the memory is bounded)."""
        if len(self._entries) >= MAX_CACHED_WORDS:
            self._entries.clear()
        padded = self._learn(word)
        stem = padded.strip(FILLER)
        blank = len(padded) - len(padded.lstrip(FILLER))
        entry = (padded, stem, blank, len(padded) - blank - len(stem))
        self._entries[word] = entry
        return entry


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


def simplemma_lemmas(language: str, cut: Iterable[str] = ()) -> Callable[[str], str]:
    """A word lemmatiser from simplemma (Ukrainian has no Snowball stemmer).

    `cut`: lemma endings whose last letter is dropped, so the lemma fits every form of the
    word. A lemma longer than its word keeps the word (the view keeps the text's length), so
    Ukrainian "ракетна", "ракетну" (lemma "ракетний", 8 letters) matched neither each other
    nor "ракетної"; cut, all are "ракетни".
    """
    import simplemma

    module: Any = simplemma
    endings = tuple(cut)

    def lemma(word: str) -> str:
        """The word's lemma, lowercased (simplemma keeps a proper noun's capital)."""
        found = str(module.lemmatize(word, lang=language)).lower()
        return found[:-1] if endings and found.endswith(endings) and len(found) > 3 else found

    return lemma


@functools.lru_cache(maxsize=8)
def word_list(language: str) -> Mapping[str, str]:
    """simplemma's word -> lemma dictionary of a language (empty for one it lacks): the words
    the language is known to have, each looked up in one step (lemmatising was slower)."""
    from simplemma.strategies.dictionaries import DefaultDictionaryFactory

    try:
        words: Mapping[str, str] = DefaultDictionaryFactory().get_dictionary(language)
    except (ValueError, KeyError, OSError):
        return {}
    return words


def as_written(stem: Callable[[str], str], words: Iterable[str]) -> Callable[[str], str]:
    """`stem`, except that the listed words stay as written (lowercase).

    Snowball folds some unrelated words onto one stem (Spanish "refugio", a shelter, and
    "refugiados", refugees; "manifestantes" and "manifestó", stated): a word kept as written
    is its own stem on both sides, text and lexicon, so it matches only itself.
    """
    kept = frozenset(word.lower() for word in words)
    if not kept:
        return stem
    return lambda word: word if word in kept else stem(word)


def morphology_for(
    stemmer: str, language: str, keep: Iterable[str] = (), cut: Iterable[str] = ()
) -> Morphology:
    """The morphology a lexicon names (`morphology.stemmer`, with `morphology.as_written`
    words left unstemmed and simplemma's `morphology.lemma_cut` endings cut); unknown names
    fail fast."""
    if stemmer == "none":
        return Morphology()
    if stemmer == "simplemma":
        return StemmedMorphology(f"simplemma:{language}", as_written(simplemma_lemmas(language, cut), keep))
    if stemmer == "arabic":
        from pipelines.tagger.arabic import ArabicMorphology

        return ArabicMorphology(as_written(snowball("arabic"), keep), word_list(language))
    import Stemmer

    if stemmer not in Stemmer.algorithms():
        raise ValueError(
            f"unknown stemmer {stemmer!r}: use none, simplemma or a PyStemmer algorithm "
            f"({', '.join(sorted(Stemmer.algorithms()))})"
        )
    return StemmedMorphology(stemmer, as_written(snowball(stemmer), keep))
