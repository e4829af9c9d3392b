"""Decides which trigger phrases fire as tags, sentence by sentence.

A trigger fires when it is not inside a distractor phrase ("price war", "drone footage"),
not negated or denied, and its context allows it (see context.py). Co-occurrence rules
("aid convoy" + "bombed" in one sentence) fire like weak triggers. A ceasefire mention next
to a collapse cue becomes ceasefire_collapse; next to a proposal cue it becomes peace_talks.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from pipelines.tagger.context import ArticleContext
from pipelines.tagger.lexicon import Hit, PhraseMatcher, expand_all
from pipelines.tagger.negation import CueWindow, Negation
from pipelines.tagger.taxonomy import Taxonomy

CROWD_TAGS = frozenset({"protest", "riot"})
_TRIGGER_KINDS = frozenset({"strong", "weak", "generic", "event_weak"})
RULE_SCORE_BONUS = -0.05


@dataclass(frozen=True, slots=True)
class Firing:
    """A tag (or an event type's own trigger, as "event:<id>") supported by one sentence."""

    label: str
    sentence: int
    score: float
    start: int
    end: int
    generic: bool = False


@dataclass(frozen=True, slots=True)
class SentenceView:
    """What the evaluator needs to know about one sentence."""

    index: int
    start: int
    end: int
    hits: list[Hit]
    negation_cues: list[int]


def _cue_window(section: dict[str, Any]) -> CueWindow:
    """A ceasefire cue window from its YAML section."""
    return CueWindow.build(section.get("before"), section.get("after"), int(section["window"]))


class TriggerRules:
    """The compiled trigger rules of the taxonomy."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        ceasefire = taxonomy.tags["ceasefire"].raw
        self.collapse = _cue_window(ceasefire["collapse_cues"])
        self.proposal = _cue_window(ceasefire["proposal_cues"])
        self.negation = Negation.from_config(taxonomy.negation)
        self.rules = {tag.id: tag.rules for tag in taxonomy.tags.values() if tag.rules}

    def register(self, lower: PhraseMatcher) -> None:
        """Add every trigger, context and distractor phrase to the lowercase matcher."""
        for name, patterns in self.taxonomy.context.items():
            lower.add(expand_all(patterns), f"ctx_{name}")
        for tag in self.taxonomy.tags.values():
            lower.add(expand_all(tag.strong), "strong", tag.id)
            lower.add(expand_all(tag.weak), "weak", tag.id)
            lower.add(expand_all(tag.distractors), "distractor", tag.id)
            lower.add(expand_all(tag.generic), "generic", tag.id)
            lower.add(expand_all(tag.needs), "needs", tag.id)
            for r, rule in enumerate(tag.rules):
                for g, group in enumerate(rule.all):
                    lower.add(expand_all(group), "rule", f"{tag.id}|{r}|{g}")
                lower.add(expand_all(rule.none), "rule", f"{tag.id}|{r}|none")
        for event_type in self.taxonomy.event_types.values():
            lower.add(expand_all(event_type.weak), "event_weak", event_type.id)

    def evaluate(self, text: str, view: SentenceView, context: ArticleContext,
                 needs: dict[str, set[int]]) -> list[Firing]:
        """All firings of one sentence."""
        triggers = [h for h in view.hits if h.kind in _TRIGGER_KINDS]
        triggers = [h for h in triggers if not any(_shadows(o, h) for o in triggers)]
        distractors = [h for h in view.hits if h.kind == "distractor"]
        firings = []
        for hit in triggers:
            if any(hit.overlaps(d) for d in distractors) or self._negated(text, view, hit):
                continue
            score = self._score(hit, view.index, context, needs)
            if score is not None:
                firings.append(self._relabel(text, view, hit, score))
        firings.extend(self._rule_firings(text, view, context, distractors))
        return firings

    def _negated(self, text: str, view: SentenceView, hit: Hit) -> bool:
        """True when a negation or denial cue governs the hit."""
        return self.negation.governs(text, hit.start, hit.end, view.start, view.end,
                                     view.negation_cues)

    def _score(self, hit: Hit, index: int, context: ArticleContext,
               needs: dict[str, set[int]]) -> float | None:
        """Score a trigger hit in its context, or None when it must not fire."""
        if hit.label in needs:
            if not needs[hit.label] & {index - 1, index, index + 1}:
                return None
            return context.needs_score(index, hit)
        if hit.kind == "strong":
            return context.strong_score(index, hit)
        if hit.label in CROWD_TAGS:
            return context.crowd_score(index, hit)
        return context.weak_score(index, hit)

    def _relabel(self, text: str, view: SentenceView, hit: Hit, score: float) -> Firing:
        """Turn a trigger hit into a firing; ceasefire mentions may become collapse or talks."""
        label = hit.label if hit.kind != "event_weak" else f"event:{hit.label}"
        if label == "ceasefire":
            if self.collapse.matches(text, hit.start, hit.end, view.start, view.end):
                label = "ceasefire_collapse"
            elif self.proposal.matches(text, hit.start, hit.end, view.start, view.end):
                label = "peace_talks"
        return Firing(label, view.index, score, hit.start, hit.end, hit.kind == "generic")

    def _rule_firings(self, text: str, view: SentenceView, context: ArticleContext,
                      distractors: list[Hit]) -> list[Firing]:
        """Co-occurrence rules: every group of a rule present, none negated or a distractor."""
        groups: dict[str, list[Hit]] = defaultdict(list)
        for hit in view.hits:
            if hit.kind == "rule" and not any(hit.overlaps(d) for d in distractors):
                groups[hit.label].append(hit)
        if not groups:
            return []
        firings = []
        for tag, rules in self.rules.items():
            for r, rule in enumerate(rules):
                members = [groups.get(f"{tag}|{r}|{g}") for g in range(len(rule.all))]
                if not all(members) or f"{tag}|{r}|none" in groups:
                    continue
                chosen = [group[0] for group in members]  # type: ignore[index]
                if _overlapping(chosen) or any(self._negated(text, view, h) for h in chosen):
                    continue
                span = Hit(min(h.start for h in chosen), max(h.end for h in chosen), "rule", tag)
                score = context.weak_score(view.index, *chosen)
                if score is not None:
                    firings.append(Firing(tag, view.index, round(score + RULE_SCORE_BONUS, 2),
                                          span.start, span.end))
                    break
        return firings


def _shadows(container: Hit, hit: Hit) -> bool:
    """True when a longer trigger makes a shorter one inside it redundant ("missile strike")."""
    return hit.within(container) and (container.kind == "strong" or container.label == hit.label)


def _overlapping(hits: list[Hit]) -> bool:
    """True when two of the hits share characters (one phrase cannot fill two rule groups)."""
    return any(a.overlaps(b) for i, a in enumerate(hits) for b in hits[i + 1:])
