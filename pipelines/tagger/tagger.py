"""The conflict-event tagger: one article in, tags, event types, actors, places and a death toll out.

Everything costly (lexicon expansion, Aho-Corasick automata, the gazetteer) happens once in
`EventTagger.from_schemas()`; `tag()` is a single pass per matcher plus per-sentence rules.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from functools import partial
from typing import Any

from pipelines.tagger.actors import ActorLexicon, state_forces
from pipelines.tagger.background import TimeFrame
from pipelines.tagger.context import ArticleContext, SentenceContext
from pipelines.tagger.death_counts import tolls_for
from pipelines.tagger.events import (
    VAGUE_REACH,
    EventDeriver,
    evidence,
    settle_ceasefire,
    settle_generic_strikes,
    settle_tests,
    settle_vague,
)
from pipelines.tagger.gazetteer import Gazetteer
from pipelines.tagger.languages import ENGLISH, Language, language_taxonomy, load_language
from pipelines.tagger.lexicon import (
    Hit,
    PhraseMatcher,
    expand_all,
    span_text,
)
from pipelines.tagger.negation import Negation
from pipelines.tagger.prepared import Article, prepare
from pipelines.tagger.prominence import STRONG_SCORE, Prominence
from pipelines.tagger.scripts import common_characters
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


_NO_HITS: list[Hit] = []
# sentences around a firing whose death counts are its toll: "на Сумщині дрон влучив у
# будинок" ... "відомо про загибель трьох людей" two sentences on
_TOLL_REACH = 2
_new = tuple.__new__  # builds a NamedTuple at half the cost of calling it (dozens per article)
_NATION_KINDS = frozenset({"demonym", "country"})


class EventTagger:
    """Tags conflict events in news text; build once with `from_schemas()`, call `tag()` often."""

    def __init__(
        self, taxonomy: Taxonomy, actors: ActorLexicon, gazetteer: Gazetteer, language: Language | None = None
    ) -> None:
        self.language = language or Language(ENGLISH)
        self.morphology = self.language.morphology
        self.tolls = tolls_for(self.language)
        self.rules = TriggerRules(taxonomy)
        self.deriver = EventDeriver(taxonomy)
        self.actors = actors
        self.gazetteer = gazetteer
        self.negation = Negation.from_config(taxonomy.negation)
        common = common_characters(self.language)
        self.lower = PhraseMatcher(common)
        self.proper = PhraseMatcher(common)
        self.rules.register(self.lower)
        for name, patterns in taxonomy.weapons.items():
            self.lower.add(expand_all(patterns), "weapon", name)
        self.tolls.register(self.lower)
        self.lower.add(expand_all(taxonomy.cumulative_cues), "cumulative")
        self.time_frame = TimeFrame(taxonomy.background)
        self.time_frame.register(self.lower)
        self.prominence = Prominence(taxonomy.prominence)
        actors.register(self.lower, self.proper)
        gazetteer.register(self.proper)
        relevance = taxonomy.relevance
        self.lower.add(expand_all(relevance.get("test_cues")), "test_cue")
        self.test_tags = frozenset(relevance.get("test_tags") or ())
        self.lower.compile()
        self.proper.compile()
        self.loose = frozenset(expand_all(relevance.get("loose")))
        self.loose_military = frozenset(expand_all(relevance.get("loose_military_nouns")))
        self.lead_sentences = int(relevance.get("lead_sentences", 4))
        self.min_core_sentences = int(relevance.get("min_sentences", 2))
        self.min_domain_words = int(relevance.get("min_domain_words", 2))
        self.min_article_sentences = int(relevance.get("min_article_sentences", 6))
        self.self_evident = frozenset(relevance.get("self_evident") or ())
        exempt = relevance.get("exempt") or ()
        self.exempt = frozenset([*exempt, *[f"event:{tag}" for tag in exempt]])

    @classmethod
    def from_schemas(cls, language: str = ENGLISH) -> EventTagger:
        """Load taxonomy, actor lexicon and gazetteer from schemas/ (costly; do it once).

        `language`: English, or a language with a lexicon file (languages.py); its phrases,
        stemmer, death-toll words, actor and place names replace the English ones.
        """
        if language == ENGLISH:
            return cls(load_taxonomy(), ActorLexicon.from_schemas(), Gazetteer.from_schemas())
        return cls.from_language(load_language(language))

    @classmethod
    def from_language(cls, lang: Language) -> EventTagger:
        """A tagger for a loaded language (a lexicon file anywhere: tests, new languages)."""
        return cls(
            language_taxonomy(lang), ActorLexicon.for_language(lang), Gazetteer.from_schemas(lang), lang
        )

    def tag(self, title: str, text: str) -> TagResult:
        """Tag one article; the title is read as the first sentence."""
        article = prepare(title, text, self.morphology, self.lower, self.proper)
        contexts, actor_names = self._contexts(article)
        context = ArticleContext(contexts)
        firings = self._firings(article, context)
        if firings:
            firings = self._news(article, contexts, firings)
        # the toll reads near every firing of the news, also one settled away below as
        # secondary (a late "Загинув чоловік." after a weak civilian-harm firing)
        news = firings
        firings = settle_vague(firings, article.title_sentences)
        firings = self.rules.precede_in_text(article.norm, firings, VAGUE_REACH)
        firings = settle_generic_strikes(self.prominence.settle(firings, partial(self._current, article)))
        firings = settle_ceasefire(firings, article.norm)
        firings = settle_tests(firings, article.lower_hits, self.test_tags)
        tags = sorted({f.label for f in firings if not f.label.startswith("event:")})
        event_types = self.deriver.event_types(firings)
        conflict = bool(tags or event_types)
        chosen = self._conflict_sentences(contexts, firings) if conflict else []

        all_proper = [h for hits in article.proper_hits for h in hits]
        nations = {h.label for hits in article.lower_hits for h in hits.get("demonym", _NO_HITS)}
        locations, countries = self.gazetteer.locate(all_proper, article.proper_text, nations)
        return TagResult(
            event_types=event_types,
            tags=tags,
            evidence=evidence(firings, article.originals),
            fatalities=self._fatalities(article, self._conflict_sentences(contexts, news, _TOLL_REACH))
            if conflict
            else None,
            weapons=self._weapons(article, chosen),
            actors=sorted(actor_names) if conflict else [],
            locations=locations,
            countries=countries,
        )

    def _contexts(self, article: Article) -> tuple[list[SentenceContext], set[str]]:
        """Per-sentence context (armed actors count as conflict context) and actor names."""
        contexts: list[SentenceContext] = []
        names: set[str] = set()
        for sentence, lower, proper in zip(
            article.sentences, article.lower_hits, article.proper_hits, strict=False
        ):
            conflict = lower.get("ctx_conflict", _NO_HITS) + lower.get("actor_armed", _NO_HITS)
            # no war in "price war", no truce in "tariff truce", no army in "military parade"
            figurative = lower.get("distractor", _NO_HITS) + lower.get("ctx_domain", _NO_HITS)
            if figurative and conflict:
                conflict = [h for h in conflict if not any(h.overlaps(f) for f in figurative)]
            for hits in (lower.get("actor"), lower.get("actor_armed")):
                if hits:
                    names.update(h.label for h in hits)
            for hit in proper:
                if hit.kind == "actor_armed":
                    conflict.append(hit)
                    names.add(hit.label)
                elif hit.kind == "actor":
                    names.add(hit.label)
            military = lower.get("mil_noun")
            forces = self._state_forces(article, military, proper, lower) if military else None
            if forces:
                names |= forces
                conflict.append(Hit(sentence.start, sentence.start, "state_force", ""))
            core = bool(conflict) and self._core(article.norm, conflict, military, bool(forces))
            contexts.append(
                SentenceContext(
                    conflict, lower.get("ctx_crowd", _NO_HITS), len(lower.get("ctx_domain", _NO_HITS)), core
                )
            )
        return contexts, names

    def _news(self, article: Article, contexts: list[SentenceContext], firings: list[Firing]) -> list[Firing]:
        """Firings that report news about armed conflict (README: relevance, background).

        An article of `min_article_sentences` or more (a snippet is too short to judge) with
        no core conflict context in its headline or lead, core context in fewer than
        `min_sentences` sentences, and `min_domain_words` words of another domain (sport,
        business, music: it is about something else) keeps only crowd tags (protest, riot,
        arrests): figurative "siege", "truce" and "drone" cluster in such stories.
        So does an article whose headline names another genre and no event (a review, a
        treaty, drills). Firings in background sentences ("a truce agreed in January
        collapsed in March") go.
        """
        if self._about_something_else(contexts, firings) or self._other_genre_headline(article, firings):
            return [f for f in firings if f.label in self.exempt]
        return [f for f in firings if not self._background(article, f.sentence, f.start, f.end)]

    def _about_something_else(self, contexts: list[SentenceContext], firings: list[Firing]) -> bool:
        """True for a full article about another domain with little core conflict context."""
        return (
            len(contexts) >= self.min_article_sentences
            and sum(c.domain for c in contexts) >= self.min_domain_words
            and not (
                any(c.core for c in contexts[: self.lead_sentences])
                or sum(c.core for c in contexts) >= self.min_core_sentences
                or any(f.label in self.self_evident for f in firings)
            )
        )

    @staticmethod
    def _other_genre_headline(article: Article, firings: list[Firing]) -> bool:
        """True for a headline that names another genre (`context.genre`) and no event of its
        own, a strong trigger ("'Warfare' review: an Iraq war film", "Lithuania quits cluster
        munitions treaty", "India successfully tests Agni-5 missile"): the body's war words
        describe a film, a treaty or a test, not news of fighting."""
        return (
            article.title_sentences > 0
            and "ctx_genre" in article.lower_hits[0]
            and not any(f.sentence == 0 and f.score >= STRONG_SCORE for f in firings)
        )

    def _background(self, article: Article, index: int, start: int, end: int) -> bool:
        """True when a past-time cue of its sentence dates the phrase at [start, end)."""
        cues = article.cues.get(index)
        if cues is None:
            cues = article.cues[index] = self._cues(article, index)
        return bool(cues) and self.time_frame.dates_back(article.norm, cues, start, end)

    def _cues(self, article: Article, index: int) -> list[int]:
        """Past-time cues of a body sentence (background.py); a headline has none."""
        if index < article.title_sentences:
            return []
        late = index >= self.prominence.lead_sentences
        return self.time_frame.cues(article.norm, article.lower_hits[index], late)

    def _current(self, article: Article, index: int) -> bool:
        """True for a sentence that names the reported event's time ("on Sunday")."""
        return self.time_frame.is_current(article.lower_hits[index])

    def _core(self, norm: str, conflict: list[Hit], military: list[Hit] | None, forces: bool) -> bool:
        """True when the sentence's conflict context is not only words used figuratively."""
        for hit in conflict:
            if hit.kind != "state_force" and (
                hit.kind != "ctx_conflict" or span_text(norm, hit.start, hit.end) not in self.loose
            ):
                return True
        return forces and any(
            span_text(norm, h.start, h.end) not in self.loose_military for h in military or ()
        )

    def _state_forces(
        self, article: Article, military: list[Hit], proper: list[Hit], lower: dict[str, list[Hit]]
    ) -> set[str]:
        """State-force actors named in one sentence (country and demonym hits carry codes;
        languages that write demonyms lowercase find them with the lowercase matcher)."""
        nations = [(hit, hit.label) for hit in proper if hit.kind in _NATION_KINDS]
        nations.extend((hit, hit.label) for hit in lower.get("demonym", _NO_HITS))
        return state_forces(self.actors, article.norm, nations, military) if nations else set()

    def _firings(self, article: Article, context: ArticleContext) -> list[Firing]:
        """All tag firings of the article, judged only in sentences that hold a trigger."""
        needs: dict[str, set[int]] = {tag: set() for tag in self.rules.needs_tags}
        for index, kinds in enumerate(article.lower_hits):
            for hit in kinds.get("needs", _NO_HITS):
                needs[hit.label].add(index)
        firings = []
        for sentence in article.sentences:
            kinds = article.lower_hits[sentence.number]
            if not self.rules.relevant(kinds):
                continue
            view = _new(
                SentenceView,
                (
                    sentence.number,
                    sentence.start,
                    sentence.end,
                    kinds,
                    "neg" in kinds,
                    sentence.number < article.title_sentences,
                ),
            )
            firings.extend(self.rules.evaluate(article.norm, view, context, needs))
        return firings

    def _conflict_sentences(
        self, contexts: list[SentenceContext], firings: list[Firing], reach: int = 1
    ) -> list[int]:
        """Sentences about the conflict: with a firing or conflict context, or within `reach`
        sentences of a firing."""
        fired = {f.sentence for f in firings}
        near = {i + d for i in fired for d in range(-reach, reach + 1)}
        chosen = near | {i for i, ctx in enumerate(contexts) if ctx.conflict}
        return sorted(i for i in chosen if 0 <= i < len(contexts))

    def _fatalities(self, article: Article, chosen: list[int]) -> int | None:
        """Largest death count stated in the article's conflict sentences with a death word,
        each read only up to the clause a cumulative cue dates (`_news_end`)."""
        kept: list[tuple[int, int]] = []
        for i in chosen:
            kinds = article.lower_hits[i]
            if "death" not in kinds or all(
                self._background(article, i, hit.start, hit.end) for hit in kinds["death"]
            ):
                continue
            length = self._news_end(article, i) - article.sentences[i].start
            if length > 0:
                kept.append((i, length))
        if not kept:
            return None
        # another day's toll counts only when the article states no toll of the event's day
        other = self.time_frame.other_days(article.lower_hits, self.prominence.lead_sentences)
        today = [row for row in kept if row[0] not in other]
        count = self._largest(article, today)
        return count if count is not None or len(today) == len(kept) else self._largest(article, kept)

    def _largest(self, article: Article, kept: list[tuple[int, int]]) -> int | None:
        """Largest death count over (sentence, length read) rows."""
        return self.tolls.largest(
            [article.sentence_texts[i][:n] for i, n in kept],
            [article.surfaces[i][:n] for i, n in kept],
            [article.lower_hits[i] for i, _ in kept],
            [article.originals[i][:n] for i, n in kept],
        )

    def _news_end(self, article: Article, index: int) -> int:
        """Where a sentence's cumulative tally begins: a cumulative cue ("since the war began",
        "в общей сложности") dates its own clause and what follows, not the whole sentence, so
        "X were killed on Tuesday, bringing the toll since the war began to 40,000" keeps X."""
        sentence = article.sentences[index]
        hits = article.lower_hits[index].get("cumulative", _NO_HITS)
        cues = [hit.start for hit in hits]
        return self.time_frame.reach_start(article.norm, cues, sentence.start, sentence.end)

    def _weapons(self, article: Article, chosen: list[int]) -> list[str]:
        """Weapons named, not negated, in the article's conflict sentences."""
        found = set()
        for index in chosen:
            kinds = article.lower_hits[index]
            sentence = article.sentences[index]
            for hit in kinds.get("weapon", _NO_HITS):
                if hit.label in found:
                    continue
                if "neg" not in kinds or not self.negation.governs(
                    article.norm, hit.start, hit.end, sentence.start, sentence.end
                ):
                    found.add(hit.label)
        return sorted(found)
