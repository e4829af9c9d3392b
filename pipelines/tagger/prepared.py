"""The article as the tagger reads it: sentences, the language's stem views, and the hits of
both phrase matchers, computed once per article before any rule looks at it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pipelines.tagger.lexicon import Hit, PhraseMatcher, normalise
from pipelines.tagger.morphology import Morphology
from pipelines.tagger.sentences import Sentence, split_sentences


@dataclass
class Article:
    """Working state for one article while it is being tagged."""

    text: str
    norm: str  # the language's stem view of the lowercased text (English: the lowercased text)
    sentences: list[Sentence]
    lower_hits: list[dict[str, list[Hit]]]
    proper_hits: list[list[Hit]]
    sentence_texts: Sequence[str]
    originals: Sequence[str]
    title_sentences: int  # how many leading sentences are the headline (0 or 1)
    proper_text: str  # the text proper names were matched in (Arabic: folded, clitics blanked)
    surfaces: Sequence[str]  # sentences lowercased, not stemmed (number words as written)
    cues: dict[int, list[int]] = field(default_factory=dict)  # sentence -> past-time cues


def prepare(
    title: str, text: str, morphology: Morphology, lower: PhraseMatcher, proper: PhraseMatcher
) -> Article:
    """Split, normalise (and stem) and run both matchers once over the whole article."""
    has_title = bool(title and title.strip())
    full = f"{title.strip()}\n\n{text}" if has_title else text
    surface = normalise(full)
    norm, squeezed = morphology.views(surface)
    proper_text, proper_squeezed = morphology.proper_views(full)
    sentences = split_sentences(full)
    ends = [s.end for s in sentences]
    lower_hits = lower.scan(norm, ends, squeezed)
    proper_hits: list[list[Hit]] = [[] for _ in lower_hits]
    current, last = 0, len(ends) - 1
    for hit in _longest_only(proper.find_all(proper_text, proper_squeezed)):  # by start
        while current < last and hit.start >= ends[current]:
            current += 1
        proper_hits[current].append(hit)
    texts, originals = SentenceTexts(norm, sentences), SentenceTexts(full, sentences)
    surfaces = texts if surface is norm else SentenceTexts(surface, sentences)
    return Article(
        full,
        norm,
        sentences,
        lower_hits,
        proper_hits,
        texts,
        originals,
        int(has_title),
        proper_text,
        surfaces,
    )


class SentenceTexts(Sequence[str]):
    """Sentence strings cut on demand: only the few with evidence or a death toll are read."""

    def __init__(self, text: str, sentences: list[Sentence]) -> None:
        self._text, self._sentences = text, sentences

    def __len__(self) -> int:
        return len(self._sentences)

    def __getitem__(self, index: int) -> str:  # type: ignore[override]
        sentence = self._sentences[index]
        return self._text[sentence.start : sentence.end]


def _longest_only(hits: list[Hit]) -> list[Hit]:
    """Drop proper-name hits inside a longer one ("Sudan" inside "Port Sudan"); a country
    inside an actor's name is still named ("ВС РФ", "Армия обороны Израиля")."""
    hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
    kept: list[Hit] = []
    for hit in hits:
        if (
            kept
            and hit.start < kept[-1].end
            and hit.end <= kept[-1].end
            and ((hit.start, hit.end) != (kept[-1].start, kept[-1].end))
            and not (hit.kind == "country" and kept[-1].kind.startswith("actor"))
        ):
            continue
        kept.append(hit)
    return kept
