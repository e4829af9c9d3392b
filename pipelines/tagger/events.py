"""From sentence firings to the article's tags, ACLED event types and evidence.

ACLED's rule for civilians: people killed by bombs, shells or missiles are recorded as
explosions/remote violence, not as violence against civilians. So civilian_casualties and
aid_attack imply violence_against_civilians only in sentences without a remote-violence,
battle, protest or riot firing.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from pipelines.tagger.lexicon import Hit
from pipelines.tagger.taxonomy import Taxonomy
from pipelines.tagger.triggers import EXPLOSIVE_TAGS, Firing

MAX_EVIDENCE_PER_TAG = 2
VAGUE_REACH = 2  # sentences around a weapon's firing whose vague attack verbs it explains
EVIDENCE_CHARS = 300
# a renewal word right before the truce word ("a new 30-day ceasefire", "extend the truce") or
# right after it ("the truce was extended"), not anywhere in the sentence ("the second phase
# of the ceasefire deal")
_RENEWED_BEFORE = re.compile(
    r"\b(?:new|fresh|renewed|another|extend|extended|extension|"
    r"restored|reinstated|second)(?: [\w']+){0,2} $"
)
_RENEWED_AFTER = re.compile(r" (?:[\w']+ ){0,2}(?:extended|renewed|restored|reinstated)\b")
_RENEWAL_REACH = 40  # characters around the truce word that can hold its renewal
_NOT_VAC = frozenset({"explosion_remote_violence", "battle", "protest", "riot"})


# weapons that explain a bare "strike" ("frappe", "bombardeo", "غارة") better than an airstrike
_SPECIFIC_STRIKES = frozenset(
    {"drone_strike", "missile_attack", "shelling", "barrel_bombs", "cluster_munitions", "incendiary_weapons"}
)


def settle_generic_strikes(firings: list[Firing]) -> list[Firing]:
    """A bare "strike" is an airstrike only when no drone, missile, shelling, barrel-bomb,
    cluster or incendiary tag explains it."""
    if not any(f.label in _SPECIFIC_STRIKES for f in firings):
        return firings
    return [f for f in firings if not f.generic]


def settle_vague(firings: list[Firing], title_sentences: int) -> list[Firing]:
    """A vague verb ("pounded", "attacked a military base", "assault") yields to a weapon.

    In a headline it yields to a weapon named anywhere in the article; in the body to one
    named within `VAGUE_REACH` sentences: the wire lede says "attacked a military base", a
    sentence or two later "launched explosive devices from a dump truck".
    """
    weapons = {f.sentence for f in firings if f.label in EXPLOSIVE_TAGS and not f.vague}
    if not weapons:
        return firings
    near = {s + step for s in weapons for step in range(-VAGUE_REACH, VAGUE_REACH + 1)}
    return [f for f in firings if not (f.vague and (f.sentence < title_sentences or f.sentence in near))]


def settle_tests(
    firings: list[Firing], kinds: Sequence[dict[str, list[Hit]]], tags: frozenset[str]
) -> list[Firing]:
    """An article that names a weapons test or drill (a `test_cue` hit in any sentence) and
    no one killed (no `death` hit) keeps none of the test `tags`: "fired a ballistic missile"
    in the lede, "fallen into the Sea of Japan" three sentences later is a test."""
    if not any(f.label in tags for f in firings):
        return firings
    if not any("test_cue" in hits for hits in kinds) or any("death" in hits for hits in kinds):
        return firings
    return [f for f in firings if f.label not in tags]


def settle_ceasefire(firings: list[Firing], text: str) -> list[Firing]:
    """Once a truce is reported collapsed, earlier mentions of it are history, not a new truce.

    `text` is the normalised article the firings' offsets point into.
    """
    if not any(f.label == "ceasefire_collapse" for f in firings):
        return firings
    return [f for f in firings if f.label != "ceasefire" or _renewed(text, f)]


def _renewed(text: str, firing: Firing) -> bool:
    """True when the truce mention is a new, renewed or extended truce."""
    return bool(
        _RENEWED_BEFORE.search(text, max(0, firing.start - _RENEWAL_REACH), firing.start)
        or _RENEWED_AFTER.match(text, firing.end, firing.end + _RENEWAL_REACH)
    )


class EventDeriver:
    """Maps tags to event types following the taxonomy's `from_tags` lists."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.by_tag: dict[str, str] = {}
        self.unless_remote: dict[str, str] = {}
        for event_type in taxonomy.event_types.values():
            for tag in event_type.from_tags:
                self.by_tag[tag] = event_type.id
            for tag in event_type.from_tags_unless_remote:
                self.unless_remote[tag] = event_type.id

    def event_types(self, firings: list[Firing]) -> list[str]:
        """Sorted event types implied by the firings."""
        per_sentence: dict[int, set[str]] = defaultdict(set)
        explicit = []
        for firing in firings:
            if firing.label.startswith("event:"):
                explicit.append(firing)
            elif event_type := self.by_tag.get(firing.label):
                per_sentence[firing.sentence].add(event_type)
        for firing in explicit:
            event_type = self._direct(firing.label)
            # "gunfire and explosions rocked the city as armed groups clashed": the blasts are
            # part of the battle, not a bombing of their own
            if event_type and not (
                event_type == "explosion_remote_violence" and "battle" in per_sentence[firing.sentence]
            ):
                per_sentence[firing.sentence].add(event_type)
        found = {et for ets in per_sentence.values() for et in ets}
        for firing in firings:
            conditional = self._conditional(firing.label)
            # explicit triggers (massacre, executed) are judged per sentence, tags per article
            scope = per_sentence[firing.sentence] if firing.label.startswith("event:") else found
            if conditional and not scope & _NOT_VAC:
                found.add(conditional)
        return sorted(found)

    def _direct(self, label: str) -> str | None:
        """Event type a tag or event trigger implies unconditionally."""
        if label.startswith("event:"):
            event_type = label.removeprefix("event:")
            return None if event_type == "violence_against_civilians" else event_type
        return self.by_tag.get(label)

    def _conditional(self, label: str) -> str | None:
        """Event type implied only when the sentence holds no remote or battle violence."""
        if label == "event:violence_against_civilians":
            return "violence_against_civilians"
        return self.unless_remote.get(label)


def evidence(firings: list[Firing], sentences: Sequence[str]) -> list[dict[str, object]]:
    """Best supporting sentences per tag: [{tag, sentence, score}], sorted by tag then score."""
    best: dict[str, dict[int, float]] = {}
    for firing in firings:
        label, sentence, score = firing.label, firing.sentence, firing.score
        if label.startswith("event:"):
            continue
        scores = best.get(label)
        if scores is None:
            best[label] = {sentence: score}
        elif score > scores.get(sentence, 0.0):
            scores[sentence] = score
    rows: list[dict[str, object]] = []
    texts: dict[int, str] = {}  # one sentence often supports several tags: tidy it once
    for tag in sorted(best):
        scores = best[tag]
        ranked = sorted(scores.items(), key=_strongest_first) if len(scores) > 1 else scores.items()
        for index, score in list(ranked)[:MAX_EVIDENCE_PER_TAG]:
            text = texts.get(index)
            if text is None:
                text = texts[index] = " ".join(sentences[index].split())[:EVIDENCE_CHARS]
            rows.append({"tag": tag, "sentence": text, "score": round(score, 2)})
    return rows


def _strongest_first(item: tuple[int, float]) -> tuple[float, int]:
    """Sort key for (sentence, score): highest score first, then earliest sentence."""
    return -item[1], item[0]
