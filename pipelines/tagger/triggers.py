"""Decides which trigger phrases fire as tags, sentence by sentence.

A trigger fires when it is not inside a distractor phrase ("price war", "drone footage"),
not negated or denied, not a background mention ("since a truce was brokered", "fleeing
fighting"), and its context allows it (see context.py). Co-occurrence rules (rules.py) fire
like weak triggers. A ceasefire mention next to a collapse cue becomes ceasefire_collapse;
next to a proposal cue it becomes peace_talks.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from pipelines.tagger.context import ArticleContext
from pipelines.tagger.firing import Firing, SentenceView
from pipelines.tagger.lexicon import Hit, PhraseMatcher, expand_all, span_text
from pipelines.tagger.negation import CueWindow, Negation
from pipelines.tagger.rules import RuleSet
from pipelines.tagger.taxonomy import Taxonomy

__all__ = ["Firing", "SentenceView", "TriggerRules"]

CROWD_TAGS = frozenset({"protest", "riot"})
_new = tuple.__new__
# Weapons that explain a vague verb ("pounded", "bombarded") better than shelling does.
EXPLOSIVE_TAGS = frozenset(
    {
        "airstrike",
        "drone_strike",
        "missile_attack",
        "ied_bombing",
        "barrel_bombs",
        "cluster_munitions",
        "incendiary_weapons",
    }
)
_TRIGGER_ORDER = ("strong", "weak", "generic", "event_weak", "vague")
_TRIGGER_KINDS = frozenset(_TRIGGER_ORDER)
_KIND_OF_FIELD = {
    "strong": "strong",
    "weak": "weak",
    "distractors": "distractor",
    "generic": "generic",
    "needs": "needs",
    "vague": "vague",
}


def _cue_window(section: dict[str, Any]) -> CueWindow:
    """A cue window from its YAML section ({before, after, window, exceptions}): the
    exceptions hold a cue word and are no cue ("fin de la semaine" ends no truce)."""
    before, after, exceptions = section.get("before"), section.get("after"), section.get("exceptions")
    return CueWindow.build(before, after, int(section["window"]), exceptions=exceptions)


class TriggerRules:
    """The compiled trigger rules of the taxonomy."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        ceasefire = taxonomy.tags["ceasefire"].raw
        self.collapse = _cue_window(ceasefire["collapse_cues"])
        self.proposal = _cue_window(ceasefire["proposal_cues"])
        self.background = {
            tag.id: _cue_window(section)
            for tag in taxonomy.tags.values()
            if (section := tag.raw.get("background_cues"))
        }
        # a tag's background cue words get a hit kind (shared by tags with the same cues), so
        # the (regex) window test runs only in sentences that hold one of them
        self._cue_phrases = {tag: _cue_phrases(taxonomy.tags[tag].raw) for tag in self.background}
        kind_of = {phrases: f"background:{tag}" for tag, phrases in reversed(self._cue_phrases.items())}
        self._cue_kinds = {tag: kind_of[phrases] for tag, phrases in self._cue_phrases.items()}
        self.yields_to = {
            tag.id: frozenset(tag.raw["yields_to"])
            for tag in taxonomy.tags.values()
            if tag.raw.get("yields_to")
        }
        self.negation = Negation.from_config(taxonomy.negation)
        self.precedence = {
            tag.id: (frozenset(expand_all(spec["phrases"])), frozenset(spec["to"]))
            for tag in taxonomy.tags.values()
            if (spec := tag.raw.get("yields_in_sentence"))
        }
        self.rule_set = RuleSet(taxonomy)
        self.needs_tags = tuple(tag.id for tag in taxonomy.tags.values() if tag.needs)
        self._anchors = self.rule_set.anchors

    def relevant(self, kinds: dict[str, list[Hit]]) -> bool:
        """True when a sentence holds a trigger or a rule anchor; the rest need no judging."""
        return not kinds.keys().isdisjoint(_TRIGGER_KINDS) or not kinds.keys().isdisjoint(self._anchors)

    def register(self, lower: PhraseMatcher) -> None:
        """Add every trigger, context and distractor phrase to the lowercase matcher."""
        for name, patterns in self.taxonomy.context.items():
            lower.add(expand_all(patterns), f"ctx_{name}")
        for tag in self.taxonomy.tags.values():
            for field_name, kind in _KIND_OF_FIELD.items():
                lower.add(expand_all(getattr(tag, field_name)), kind, tag.id)
        for event_type in self.taxonomy.event_types.values():
            lower.add(expand_all(event_type.weak), "event_weak", event_type.id)
        self.rule_set.register(lower)
        for tag_id, kind in self._cue_kinds.items():
            lower.add(self._cue_phrases[tag_id], kind)
        negation = self.taxonomy.negation
        lower.add(expand_all(negation["pre_cues"]) + expand_all(negation.get("post_cues")), "neg")

    def evaluate(
        self, text: str, view: SentenceView, context: ArticleContext, needs: dict[str, set[int]]
    ) -> list[Firing]:
        """All firings of one sentence."""
        kinds = view.kinds
        triggers = [h for kind in _TRIGGER_ORDER for h in kinds.get(kind, ())]
        if len(triggers) > 1:
            triggers = _unshadowed(triggers)
        distractors = kinds.get("distractor", [])
        firings: list[Firing] = []
        vague: list[Firing] = []
        supported = False
        negation, cue_kinds = view.has_negation, self._cue_kinds
        for hit in triggers:
            if distractors and any(hit.overlaps(d) for d in distractors):
                continue
            if (negation and self._negated(text, view, hit)) or (
                cue_kinds.get(hit.label) in kinds and self._background(text, view, hit)
            ):
                continue
            score = self._score(hit, view, context, needs)
            if score is not None:
                (vague if hit.kind == "vague" else firings).append(self._relabel(text, view, hit, score))
                supported = supported or hit.kind == "strong"
        if vague and not any(f.label in EXPLOSIVE_TAGS for f in firings):
            firings.extend(vague)
        if len(firings) > 1 and self.precedence:
            firings = self._precede(text, firings)
        if not self._anchors.isdisjoint(kinds.keys()):
            negated = partial(self._negated, text, view) if view.has_negation else None
            rules = self.rule_set.firings(text, view, context, distractors, supported, negated)
            firings = self._yield(firings, rules) + rules if rules else firings
        return firings

    def _precede(self, text: str, firings: list[Firing]) -> list[Firing]:
        """Drop a weapon mention that another weapon fired in the sentence explains
        (`yields_in_sentence`: "artillery and rocket fire" is shelling, not a missile attack)."""
        labels = {f.label for f in firings}
        kept = []
        for firing in firings:
            spec = self.precedence.get(firing.label)
            if (
                spec
                and not labels.isdisjoint(spec[1])
                and span_text(text, firing.start, firing.end) in spec[0]
            ):
                continue
            kept.append(firing)
        return kept

    def precede_in_text(self, text: str, firings: list[Firing], reach: int) -> list[Firing]:
        """A bare shelling word ("обстрел") yields to a drone, missile or air strike named
        within `reach` sentences, as it does in its own sentence (`yields_in_sentence`)."""
        spec = self.precedence.get("shelling")
        if spec is None:
            return firings
        strikes = {f.sentence for f in firings if f.label in spec[1]}
        if not strikes:
            return firings
        return [
            f
            for f in firings
            if not (
                f.label == "shelling"
                and any(abs(f.sentence - s) <= reach for s in strikes)
                and span_text(text, f.start, f.end) in spec[0]
            )
        ]

    def _yield(self, firings: list[Firing], rules: list[Firing]) -> list[Firing]:
        """Drop trigger firings that a rule firing around them explains (`yields_to`)."""
        return [
            f
            for f in firings
            if not any(
                r.label in self.yields_to.get(f.label, ()) and r.start <= f.start and f.end <= r.end
                for r in rules
            )
        ]

    def _negated(self, text: str, view: SentenceView, hit: Hit) -> bool:
        """True when a negation or denial cue governs the hit."""
        return view.has_negation and self.negation.governs(text, hit.start, hit.end, view.start, view.end)

    def _background(self, text: str, view: SentenceView, hit: Hit) -> bool:
        """True when the mention is background, not news ("since a truce was brokered")."""
        window = self.background.get(hit.label)
        return window is not None and window.matches(text, hit.start, hit.end, view.start, view.end)

    def _score(
        self, hit: Hit, view: SentenceView, context: ArticleContext, needs: dict[str, set[int]]
    ) -> float | None:
        """Score a trigger hit in its context, or None when it must not fire."""
        index = view.number
        if hit.label in needs:
            if not needs[hit.label] & {index - 1, index, index + 1}:
                return None
            return context.needs_score(index, hit)
        if hit.kind == "strong":
            return context.strong_score(index, hit)
        if hit.label in CROWD_TAGS:
            return context.crowd_score(index, hit)
        if hit.kind == "generic" and view.is_title:
            return context.local_score(index, hit)  # "Strike denial", "Strike talks" headlines
        return context.weak_score(index, hit)

    def _relabel(self, text: str, view: SentenceView, hit: Hit, score: float) -> Firing:
        """Turn a trigger hit into a firing; ceasefire mentions may become collapse or talks."""
        label = hit.label if hit.kind != "event_weak" else f"event:{hit.label}"
        if label == "ceasefire":
            if self.collapse.matches(text, hit.start, hit.end, view.start, view.end):
                label = "ceasefire_collapse"
            elif self.proposal.matches(text, hit.start, hit.end, view.start, view.end):
                label = "peace_talks"
        kind = hit.kind
        return _new(
            Firing, (label, view.number, score, hit.start, hit.end, kind == "generic", kind == "vague")
        )  # tuple.__new__: half the cost of Firing(...)


def _cue_phrases(raw: dict[str, Any]) -> tuple[str, ...]:
    """Every phrase of a tag's background cues, sorted (equal cue lists compare equal)."""
    cues = raw["background_cues"]
    return tuple(sorted(set(expand_all(cues.get("before")) + expand_all(cues.get("after")))))


def _unshadowed(hits: list[Hit]) -> list[Hit]:
    """Hits that no longer trigger around them makes redundant ("missile strike" vs "strike").

    A longer strong trigger hides any trigger inside it, a longer trigger of the same tag hides
    its shorter form, and any longer trigger hides a bare "strike" ("halt on strikes").
    Plain loops: this runs for every sentence with two or more triggers.
    """
    kept = []
    for hit in hits:
        start, end = hit.start, hit.end
        for other in hits:
            if (
                other.start <= start
                and end <= other.end
                and (other.start != start or other.end != end)
                and (other.kind == "strong" or hit.kind == "generic" or other.label == hit.label)
            ):
                break
        else:
            kept.append(hit)
    return kept
