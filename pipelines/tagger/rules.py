"""Co-occurrence rules: a tag fires when a phrase of every group is in one sentence.

`aid_attack` = an aid object + an attack verb; `civilian_casualties` = a civilian noun + a
harm verb, or "people" + harm + a civilian place or weapon. Each rule group is a hit kind of
its own, so the article scan buckets rule phrases directly, and a rule is only looked at in
sentences holding its first group (its anchor).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from pipelines.tagger.context import ArticleContext
from pipelines.tagger.firing import Firing, SentenceView
from pipelines.tagger.lexicon import Hit, PhraseMatcher, expand_all
from pipelines.tagger.taxonomy import Taxonomy

RULE_SCORE_BONUS = -0.05
SUPPORTED_SCORE = 0.75  # a rule in a sentence where a strong trigger fired needs no more context


class CompiledRule(NamedTuple):
    """One rule with its groups as hit kinds."""

    tag: str
    keys: tuple[str, ...]
    key_set: frozenset[str]
    none_key: str
    strong: bool
    near_key: str
    none_within: int
    within: int | None
    none_window: int | None
    same_clause: bool
    # judged like a vague trigger (events.settle_vague): a weapon tag nearby explains it
    vague: bool = False


class RuleSet:
    """The compiled co-occurrence rules of the taxonomy."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.rules, self._groups = _compile(taxonomy)
        self._by_anchor: dict[str, list[CompiledRule]] = {}
        for rule in self.rules:
            self._by_anchor.setdefault(rule.keys[0], []).append(rule)
        self.anchors = frozenset(self._by_anchor)
        self._order = {rule: i for i, rule in enumerate(self.rules)}

    def register(self, lower: PhraseMatcher) -> None:
        """Add every rule phrase, under its group's kind, to the lowercase matcher."""
        for key, phrases in self._groups.items():
            lower.add(phrases, key)

    def firings(
        self,
        text: str,
        view: SentenceView,
        context: ArticleContext,
        distractors: list[Hit],
        supported: bool,
        negated: Callable[[Hit], bool] | None,
    ) -> list[Firing]:
        """Rules met in the sentence: every group present, none negated or a distractor.

        `supported`: a strong trigger fired in the sentence, which is all the conflict
        context a rule needs ("a tractor driver was killed when his vehicle hit a landmine");
        a strong rule that fires supports the rules after it the same way.
        """
        kinds, firings, done = view.kinds, [], set()
        present = kinds.keys()
        candidates = [
            rule
            for anchor in self.anchors.intersection(present)
            for rule in self._by_anchor[anchor]
            if present >= rule.key_set
        ]
        if len(candidates) > 1:
            candidates.sort(key=self._order.__getitem__)  # taxonomy order, as written
        for rule in candidates:
            if rule.tag in done:
                continue
            # another tag's distractor says what the words are not, not that they are no
            # event: "обстрел милицейской автоколонны" is no shelling, yet a clash
            own = [d for d in distractors if d.label in (rule.tag, "")]
            chosen = _met(text, kinds, rule, own, negated)
            if chosen is None:
                continue
            score = self._score(view.number, context, rule, chosen, supported)
            if score is not None:
                done.add(rule.tag)
                supported = supported or rule.strong  # "a convoy came under fire, killing two"
                firings.append(
                    Firing(
                        rule.tag,
                        view.number,
                        round(score + RULE_SCORE_BONUS, 2),
                        min(h.start for h in chosen),
                        max(h.end for h in chosen),
                        vague=rule.vague,
                    )
                )
        return firings

    @staticmethod
    def _score(
        index: int, context: ArticleContext, rule: CompiledRule, chosen: list[Hit], supported: bool
    ) -> float | None:
        """Strong rules need only a sentence not about sport or business; others need context."""
        if rule.strong:
            return context.strong_score(index, chosen[0])
        score = context.weak_score(index, *chosen)
        if score is None and supported and context.strong_score(index, chosen[0]) is not None:
            return SUPPORTED_SCORE
        return score


def _met(
    text: str,
    kinds: dict[str, list[Hit]],
    rule: CompiledRule,
    distractors: list[Hit],
    negated: Callable[[Hit], bool] | None,
) -> list[Hit] | None:
    """The hits that meet the rule in the sentence, or None when it is not met or blocked.

    `negated` is None in a sentence without any negation cue.
    """
    if rule.none_key in kinds and rule.none_window is None:
        return None
    chosen = _chosen(text, kinds, rule, distractors)
    if chosen is None or _blocked(
        text, _after(kinds.get(rule.near_key), chosen[0]), chosen[0], rule.none_within
    ):
        return None
    if rule.none_window is not None and any(
        _blocked(text, kinds.get(rule.none_key), hit, rule.none_window, clause=True) for hit in chosen
    ):
        return None
    if _overlapping(chosen) or (negated is not None and any(negated(h) for h in chosen)):
        return None
    return chosen


def _chosen(
    text: str, kinds: dict[str, list[Hit]], rule: CompiledRule, distractors: list[Hit]
) -> list[Hit] | None:
    """First hit of each group that is not part of a distractor phrase, or None.

    With `within`, the first two groups must hold a pair of hits that close together (and,
    with `same_clause`, with no comma, semicolon or colon between them).
    """
    members = [kinds[key] for key in rule.keys]
    if distractors:
        members = [[h for h in group if not any(h.overlaps(d) for d in distractors)] for group in members]
        if not all(members):
            return None
    if rule.within is None:
        return [group[0] for group in members]
    for first in members[0]:
        for second in members[1]:
            if (
                not first.overlaps(second)
                and _gap(text, first, second) <= rule.within
                and not (rule.same_clause and _clause_break(text, first, second))
            ):
                return [first, second, *[group[0] for group in members[2:]]]
    return None


def _gap(text: str, first: Hit, second: Hit) -> int:
    """Words between two hits."""
    left, right = (first, second) if first.start < second.start else (second, first)
    return len(text[left.end : right.start].split())


def _blocked(text: str, blockers: list[Hit] | None, anchor: Hit, window: int, clause: bool = False) -> bool:
    """True when a blocking phrase sits within `window` words of the anchor (and, with
    `clause`, in the same clause: no comma, semicolon or colon between them)."""
    if not blockers:
        return False
    return any(
        _gap(text, hit, anchor) <= window and not (clause and _clause_break(text, hit, anchor))
        for hit in blockers
    )


def _after(hits: list[Hit] | None, anchor: Hit) -> list[Hit]:
    """The hits after the anchor: victims are named after "people" ("20 people, including five
    soldiers"), perpetrators before it ("gunmen killed 30 people")."""
    if not hits:
        return []
    return [hit for hit in hits if hit.start > anchor.start]


def _clause_break(text: str, first: Hit, second: Hit) -> bool:
    """True when a comma, semicolon or colon separates two hits."""
    left, right = (first, second) if first.start < second.start else (second, first)
    between = text[left.end : right.start]
    return "," in between or ";" in between or ":" in between


def _overlapping(hits: list[Hit]) -> bool:
    """True when two of the hits share characters (one phrase cannot fill two rule groups).

    Plain loops: this runs for every rule met in every sentence.
    """
    for i, first in enumerate(hits):
        for second in hits[i + 1 :]:
            if first.start < second.end and second.start < first.end:
                return True
    return False


def _compile(taxonomy: Taxonomy) -> tuple[list[CompiledRule], dict[str, tuple[str, ...]]]:
    """The rules with group kinds, and the phrases of each kind.

    Groups with the same phrases share one kind, so a verb list used by several rules costs
    one hit per word, not one per rule.
    """
    keys: dict[tuple[str, ...], str] = {}

    def key(phrases: list[str], name: str) -> str:
        """The kind of a phrase group: the first name given to this exact set of phrases."""
        return keys.setdefault(tuple(sorted(set(phrases))), f"rule:{name}")

    rules = []
    for tag in taxonomy.tags.values():
        options = tag.raw.get("rules") or ()
        for r, rule in enumerate(tag.rules):
            groups = tuple(key(expand_all(group), f"{tag.id}|{r}|{g}") for g, group in enumerate(rule.all))
            rules.append(
                CompiledRule(
                    tag.id,
                    groups,
                    frozenset(groups),
                    key(expand_all(rule.none), f"{tag.id}|{r}|none"),
                    rule.strong,
                    key(expand_all(rule.none_near), f"{tag.id}|{r}|near"),
                    rule.none_within,
                    rule.within,
                    rule.none_window,
                    rule.same_clause,
                    bool(options[r].get("vague")) if r < len(options) else False,
                )
            )
    return rules, {name: phrases for phrases, name in keys.items()}
