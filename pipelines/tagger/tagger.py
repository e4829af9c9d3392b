"""The conflict-event tagger: one article in, tags, event types, actors, places and a death toll out.

Everything costly (lexicon expansion, Aho-Corasick automata, the gazetteer) happens once in
`EventTagger.from_schemas()`; `tag()` is a single pass per matcher plus per-sentence rules.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from pipelines.tagger.actors import ActorLexicon, state_forces
from pipelines.tagger.context import ArticleContext, SentenceContext
from pipelines.tagger.events import (
    EventDeriver,
    evidence,
    settle_ceasefire,
    settle_generic_strikes,
)
from pipelines.tagger.fatalities import largest_count
from pipelines.tagger.gazetteer import Gazetteer
from pipelines.tagger.lexicon import Hit, PhraseMatcher, cue_regex, expand_all, normalise
from pipelines.tagger.negation import Negation
from pipelines.tagger.sentences import SentenceIndex, split_sentences
from pipelines.tagger.taxonomy import Taxonomy, load_taxonomy
from pipelines.tagger.triggers import Firing, SentenceView, TriggerRules


@dataclass(frozen=True)
class TagResult:
    """What the tagger says about one article; every list is sorted and duplicate-free."""

    event_types: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    evidence: list[dict[str, Any]] = field(default_factory=list)
    fatalities: int | None = None
    weapons: list[str] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    locations: list[dict[str, Any]] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of `sitrep tag` output and the enriched article (without id)."""
        return asdict(self)


@dataclass
class _Article:
    """Working state for one article while it is being tagged."""

    text: str
    norm: str
    index: SentenceIndex
    lower_hits: dict[int, list[Hit]]
    proper_hits: dict[int, list[Hit]]
    sentence_texts: list[str]
    originals: list[str]


class EventTagger:
    """Tags conflict events in news text; build once with `from_schemas()`, call `tag()` often."""

    def __init__(self, taxonomy: Taxonomy, actors: ActorLexicon, gazetteer: Gazetteer) -> None:
        self.rules = TriggerRules(taxonomy)
        self.deriver = EventDeriver(taxonomy)
        self.actors = actors
        self.gazetteer = gazetteer
        self.negation = Negation.from_config(taxonomy.negation)
        self.cumulative = cue_regex(taxonomy.cumulative_cues)
        self.lower = PhraseMatcher()
        self.proper = PhraseMatcher()
        self.rules.register(self.lower)
        for name, patterns in taxonomy.weapons.items():
            self.lower.add(expand_all(patterns), "weapon", name)
        actors.register(self.lower, self.proper)
        gazetteer.register(self.proper)
        self.lower.compile()
        self.proper.compile()

    @classmethod
    def from_schemas(cls) -> EventTagger:
        """Load taxonomy, actor lexicon and gazetteer from schemas/ (costly; do it once)."""
        return cls(load_taxonomy(), ActorLexicon.from_schemas(), Gazetteer.from_schemas())

    def tag(self, title: str, text: str) -> TagResult:
        """Tag one article; the title is read as the first sentence."""
        article = self._prepare(title, text)
        contexts, actor_names = self._contexts(article)
        context = ArticleContext(contexts)
        firings = self._firings(article, context)
        firings = settle_generic_strikes(settle_ceasefire(firings, article.sentence_texts))
        tags = sorted({f.label for f in firings if not f.label.startswith("event:")})
        event_types = self.deriver.event_types(firings)
        conflict = bool(tags or event_types)
        all_proper = [h for hits in article.proper_hits.values() for h in hits]
        locations, countries = self.gazetteer.locate(all_proper, article.text)
        return TagResult(
            event_types=event_types,
            tags=tags,
            evidence=evidence(firings, article.originals),
            fatalities=self._fatalities(article, contexts, firings) if conflict else None,
            weapons=self._weapons(article, contexts, firings) if conflict else [],
            actors=sorted(actor_names) if conflict else [],
            locations=locations,
            countries=countries,
        )

    def _prepare(self, title: str, text: str) -> _Article:
        """Split, normalise and run both matchers once over the whole article."""
        full = f"{title.strip()}\n\n{text}" if title and title.strip() else text
        norm = normalise(full)
        index = SentenceIndex(split_sentences(full))
        lower_hits: dict[int, list[Hit]] = defaultdict(list)
        proper_hits: dict[int, list[Hit]] = defaultdict(list)
        for hit in self.lower.find(norm):
            lower_hits[index.of(hit.start)].append(hit)
        for hit in _longest_only(list(self.proper.find(full))):
            proper_hits[index.of(hit.start)].append(hit)
        texts = [norm[s.start:s.end] for s in index.sentences]
        originals = [full[s.start:s.end] for s in index.sentences]
        return _Article(full, norm, index, lower_hits, proper_hits, texts, originals)

    def _contexts(self, article: _Article) -> tuple[list[SentenceContext], set[str]]:
        """Per-sentence context (armed actors count as conflict context) and actor names."""
        contexts, names = [], set()
        for sentence in article.index.sentences:
            lower = article.lower_hits.get(sentence.index, [])
            proper = article.proper_hits.get(sentence.index, [])
            ctx = SentenceContext(
                conflict=[h for h in lower if h.kind in ("ctx_conflict", "actor_armed")],
                crowd=[h for h in lower if h.kind == "ctx_crowd"],
                domain=sum(1 for h in lower if h.kind == "ctx_domain"))
            ctx.conflict += [h for h in proper if h.kind == "actor_armed"]
            names |= {h.label for h in [*lower, *proper] if h.kind.startswith("actor")}
            forces = self._state_forces(article, lower, proper)
            if forces:
                names |= forces
                ctx.conflict.append(Hit(sentence.start, sentence.start, "state_force", ""))
            contexts.append(ctx)
        return contexts, names

    def _state_forces(self, article: _Article, lower: list[Hit], proper: list[Hit]) -> set[str]:
        """State-force actors named in one sentence."""
        military = [h for h in lower if h.kind == "mil_noun"]
        if not military:
            return set()
        nations = []
        for hit in proper:
            if hit.kind in ("demonym", "country"):
                name = article.text[hit.start:hit.end]
                code = (self.gazetteer.demonyms if hit.kind == "demonym"
                        else self.gazetteer.countries).get(name)
                if code:
                    nations.append((hit, code))
        return state_forces(self.actors, article.norm, nations, military)

    def _firings(self, article: _Article, context: ArticleContext) -> list[Firing]:
        """All tag firings of the article, sentence by sentence."""
        needs: dict[str, set[int]] = defaultdict(set)
        for index, hits in article.lower_hits.items():
            for hit in hits:
                if hit.kind == "needs":
                    needs[hit.label].add(index)
        for tag in self.rules.taxonomy.tags.values():
            if tag.needs:
                needs.setdefault(tag.id, set())
        firings = []
        cues = self.rules.negation.cue_offsets(article.norm)
        for sentence in article.index.sentences:
            view = SentenceView(sentence.index, sentence.start, sentence.end,
                                article.lower_hits.get(sentence.index, []), cues)
            firings.extend(self.rules.evaluate(article.norm, view, context, needs))
        return firings

    def _conflict_sentences(self, contexts: list[SentenceContext],
                            firings: list[Firing]) -> set[int]:
        """Sentences about the conflict: with a firing or conflict context, or next to a firing."""
        fired = {f.sentence for f in firings}
        near = {i + d for i in fired for d in (-1, 0, 1)}
        return near | {i for i, ctx in enumerate(contexts) if ctx.conflict}

    def _fatalities(self, article: _Article, contexts: list[SentenceContext],
                    firings: list[Firing]) -> int | None:
        """Largest death count stated in the article's conflict sentences."""
        chosen = sorted(self._conflict_sentences(contexts, firings) & set(
            range(len(article.sentence_texts))))
        return largest_count((article.sentence_texts[i] for i in chosen), self.cumulative)

    def _weapons(self, article: _Article, contexts: list[SentenceContext],
                 firings: list[Firing]) -> list[str]:
        """Weapons named, not negated, in the article's conflict sentences."""
        found = set()
        for index in self._conflict_sentences(contexts, firings):
            sentence = article.index.sentences[index] if index < len(contexts) else None
            if sentence is None or index < 0:
                continue
            for hit in article.lower_hits.get(index, []):
                if hit.kind == "weapon" and not self.negation.governs(
                        article.norm, hit.start, hit.end, sentence.start, sentence.end):
                    found.add(hit.label)
        return sorted(found)


def _longest_only(hits: list[Hit]) -> list[Hit]:
    """Drop proper-name hits inside a longer one ("Sudan" inside "Port Sudan")."""
    hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
    kept: list[Hit] = []
    for hit in hits:
        if kept and hit.start < kept[-1].end and hit.end <= kept[-1].end and (
                (hit.start, hit.end) != (kept[-1].start, kept[-1].end)):
            continue
        kept.append(hit)
    return kept
