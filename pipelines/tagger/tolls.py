"""Reading an article's death toll: the interface the engine calls, and English behind it.

English keeps its pattern reader (fatalities.py: "killed 20 people", "the death toll rose to
40"); other languages read their lexicon's `fatalities` section (death_counts.py). The
engine only registers the reader's words with its phrase matcher and asks for the largest
count over the sentences it chose.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipelines.tagger.fatalities import DEATH_WORDS, NUMBER_WORDS, SCALE_WORDS, largest_count, upper_bound
from pipelines.tagger.lexicon import Hit, PhraseMatcher

_NO_HITS: list[Hit] = []


class TollReader:
    """English death tolls (fatalities.py); subclasses read other languages."""

    def register(self, lower: PhraseMatcher) -> None:
        """Add the words the reader needs found (death words gate a sentence: kind `death`)."""
        lower.add(DEATH_WORDS, "death")
        for word in NUMBER_WORDS:
            lower.add([word], "number", word)
        for word in SCALE_WORDS:
            lower.add([word, f"{word}s"], "number_scale", word)

    def largest(
        self,
        texts: Sequence[str],
        surfaces: Sequence[str],
        kinds: Sequence[dict[str, list[Hit]]],
        originals: Sequence[str] | None = None,
    ) -> int | None:
        """Largest death count over the sentences (`texts`: the matcher's view of each;
        `surfaces`: the same sentences lowercased, unstemmed; `kinds`: their matcher hits;
        `originals`: as written, which the lexicon reader needs and English does not)."""
        bounds = [_number_bound(hits, text) for hits, text in zip(kinds, texts, strict=True)]
        return largest_count(texts, None, bounds)


def _number_bound(kinds: dict[str, list[Hit]], text: str) -> int:
    """The sentence's fatalities `upper_bound`, its number words found by the matcher."""
    scale = 1
    for hit in kinds.get("number_scale", _NO_HITS):
        scale *= SCALE_WORDS[hit.label]
    return upper_bound(text, sum(NUMBER_WORDS[h.label] for h in kinds.get("number", _NO_HITS)), scale)
