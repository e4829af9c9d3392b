"""Per-sentence evidence that a sentence is about armed conflict (or about something else).

Precision first: a weak trigger ("battle", "siege", "strike") counts only when conflict
context is nearby and words from other domains (sport, business, entertainment) do not
outweigh it. Context hits that overlap the trigger itself do not count for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pipelines.tagger.lexicon import Hit

ARTICLE_CONTEXT_THRESHOLD = 3  # conflict words an article needs to lend context to a sentence


@dataclass(slots=True)
class SentenceContext:
    """The context hits of one sentence, sorted by kind."""

    conflict: list[Hit] = field(default_factory=list)
    crowd: list[Hit] = field(default_factory=list)
    domain: int = 0
    core: bool = False  # conflict context beyond words used figuratively (relevance gate)

    def conflict_excluding(self, *spans: Hit) -> int:
        """Conflict hits in the sentence that are not part of the trigger's own spans.

        Plain loops rather than any()/generators: this runs for every weak trigger.
        """
        count = 0
        for hit in self.conflict:
            start, end = hit.start, hit.end
            for span in spans:
                if start < span.end and span.start < end:
                    break
            else:
                count += 1
        return count

    def any_conflict_excluding(self, spans: tuple[Hit, ...]) -> bool:
        """True when some conflict hit is not part of the spans (stops at the first one)."""
        for hit in self.conflict:
            start, end = hit.start, hit.end
            for span in spans:
                if start < span.end and span.start < end:
                    break
            else:
                return True
        return False

    def crowd_excluding(self, span: Hit) -> int:
        """Crowd hits in the sentence that are not part of `span` itself."""
        return sum(1 for hit in self.crowd if not hit.overlaps(span))


class ArticleContext:
    """Context for every sentence of one article, plus the article-wide conflict score."""

    def __init__(self, sentences: Sequence[SentenceContext]) -> None:
        self.sentences = list(sentences)
        self.score = sum(len(sentence.conflict) for sentence in self.sentences)

    def window_conflict(self, index: int) -> int:
        """Conflict hits in the sentences just before and after `index`."""
        return sum(
            len(self.sentences[i].conflict)
            for i in (index - 1, index + 1)
            if 0 <= i < len(self.sentences) and not self.sentences[i].domain
        )

    def window_crowd(self, index: int) -> int:
        """Crowd hits in the sentences just before and after `index`."""
        return sum(
            len(self.sentences[i].crowd) for i in (index - 1, index + 1) if 0 <= i < len(self.sentences)
        )

    def weak_score(self, index: int, *spans: Hit) -> float | None:
        """Score for a weak trigger at `spans`, or None when context does not support it."""
        sentence = self.sentences[index]
        if not sentence.domain:
            if sentence.any_conflict_excluding(spans):
                return 0.75
            local = 0
        else:
            local = sentence.conflict_excluding(*spans)
        if sentence.domain and local <= sentence.domain:
            return None
        if local:
            return 0.75
        if self.window_conflict(index):
            return 0.65
        if self.score - (len(sentence.conflict) - local) >= ARTICLE_CONTEXT_THRESHOLD:
            return 0.55
        return None

    def local_score(self, index: int, span: Hit) -> float | None:
        """Score for a trigger that only its own sentence can support (a headline's "strike")."""
        sentence = self.sentences[index]
        local = sentence.conflict_excluding(span)
        if not local or (sentence.domain and local <= sentence.domain):
            return None
        return 0.75

    def _unless_other_domain(self, index: int, span: Hit, score: float) -> float | None:
        """``score``, unless the sentence is clearly about another domain (sport, business...)."""
        sentence = self.sentences[index]
        if sentence.domain and sentence.conflict_excluding(span) <= sentence.domain:
            return None
        return score

    def strong_score(self, index: int, span: Hit) -> float | None:
        """Score for a strong trigger: fires unless the sentence is clearly about another domain."""
        return self._unless_other_domain(index, span, 0.9)

    def needs_score(self, index: int, span: Hit) -> float | None:
        """Score for a trigger whose own `needs` cue is nearby (arrests of protesters, militants)."""
        return self._unless_other_domain(index, span, 0.7)

    def crowd_score(self, index: int, span: Hit) -> float | None:
        """Score for a weak protest or riot trigger: a crowd must be in or next to the sentence."""
        sentence = self.sentences[index]
        if sentence.domain and sentence.crowd_excluding(span) <= sentence.domain:
            return None
        if sentence.crowd_excluding(span):
            return 0.75
        return 0.6 if self.window_crowd(index) else None
