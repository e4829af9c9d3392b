"""Rule types as small plugins behind one interface: from matches and window counts to candidates.

`any` fires per story; `frequency` when a key reaches N articles in the window; `spike` when
the current window is F times the previous windows' average (breaking news); `flatline` when a
source or feed falls below N in the window (a feed went silent); `event` per real-world event the
cycle linked reports into (new, or its toll reached N). Adding a type is adding a class.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from typing import Any, ClassVar

from pipelines.alerting.alerts import ArticleMatch, Candidate
from pipelines.alerting.event_rules import event_candidate
from pipelines.alerting.rules import Rule

ALL_KEY = "_all"
Counts = dict[str | None, list[int]]


class RuleType:
    """How one kind of rule turns this cycle's matches and window counts into candidates."""

    name: ClassVar[str]
    matches_batch: ClassVar[bool] = True
    reads_events: ClassVar[bool] = False
    registry: ClassVar[dict[str, RuleType]] = {}

    def __init_subclass__(cls) -> None:
        RuleType.registry[cls.name] = cls()

    def needs_windows(self, articles: list[ArticleMatch]) -> bool:
        """Whether window counts must be fetched this cycle (a second, small msearch)."""
        return bool(articles)

    def candidates(self, rule: Rule, articles: list[ArticleMatch], counts: Counts) -> list[Candidate]:
        """The keys this rule would fire for, before throttling."""
        raise NotImplementedError

    def event_candidates(self, rule: Rule, events: list[dict[str, Any]],
                         batch_ids: Collection[str]) -> list[Candidate]:
        """The events this rule would fire for, among those the cycle touched (event rules only)."""
        return []


def rule_type(rule: Rule) -> RuleType:
    """The plugin for a rule's `type`."""
    return RuleType.registry[rule.type]


def by_key(rule: Rule, articles: list[ArticleMatch]) -> dict[str, list[ArticleMatch]]:
    """This cycle's articles grouped by the rule's query_key value (all under `_all` if none)."""
    groups: dict[str, list[ArticleMatch]] = defaultdict(list)
    for article in articles:
        keys = article.keys.get(rule.query_key, []) if rule.query_key else [ALL_KEY]
        for key in keys:
            groups[key].append(article)
    return groups


def _key_label(rule: Rule, key: str) -> str:
    return f" for {rule.query_key}={key}" if rule.query_key else ""


class AnyRule(RuleType):
    """Every matching story, once: copies of one story from several outlets share story_id."""

    name = "any"

    def needs_windows(self, articles: list[ArticleMatch]) -> bool:
        return False

    def candidates(self, rule: Rule, articles: list[ArticleMatch], counts: Counts) -> list[Candidate]:
        stories: dict[str, list[ArticleMatch]] = defaultdict(list)
        for article in articles:
            stories[article.story_id].append(article)
        return [
            Candidate(rule=rule, key=story, articles=copies, count=len(copies), story_id=story,
                      message=f"{copies[0].title} ({len(copies)} article{'s' * (len(copies) > 1)})")
            for story, copies in stories.items()
        ]


class FrequencyRule(RuleType):
    """At least `num_events` matching articles within `timeframe`, per key when one is set."""

    name = "frequency"

    def candidates(self, rule: Rule, articles: list[ArticleMatch], counts: Counts) -> list[Candidate]:
        wanted = int(rule.spec["num_events"])
        found = []
        for key, group in by_key(rule, articles).items():
            count = counts.get(None if key == ALL_KEY else key, [0])[0]
            if count >= wanted:
                found.append(Candidate(
                    rule=rule, key=key, articles=group, count=count,
                    message=f"{count} matching articles in {rule.spec['timeframe']}{_key_label(rule, key)} "
                    f"(threshold {wanted})"))
        return found


class SpikeRule(RuleType):
    """The current window holds `spike_height` times the average of the previous windows."""

    name = "spike"

    def candidates(self, rule: Rule, articles: list[ArticleMatch], counts: Counts) -> list[Candidate]:
        height = float(rule.spec["spike_height"])
        minimum = int(rule.spec.get("min_count", 3))
        found = []
        for key, group in by_key(rule, articles).items():
            current, *previous = counts.get(None if key == ALL_KEY else key, [0])
            average = sum(previous) / len(previous) if previous else 0.0
            if current >= minimum and current >= height * average:
                found.append(Candidate(
                    rule=rule, key=key, articles=group, count=current,
                    message=f"spike{_key_label(rule, key)}: {current} articles in {rule.spec['timeframe']}, "
                    f"{average:.1f} on average in the previous {len(previous)} windows"))
        return found


class FlatlineRule(RuleType):
    """Fewer than `threshold` articles per source or feed within `timeframe`: for ops."""

    name = "flatline"
    matches_batch = False

    def needs_windows(self, articles: list[ArticleMatch]) -> bool:
        return True

    def candidates(self, rule: Rule, articles: list[ArticleMatch], counts: Counts) -> list[Candidate]:
        threshold = int(rule.spec["threshold"])
        expected = {key: [0] for key in self.expected_keys(rule)}
        found = []
        for key, windows in {**expected, **counts}.items():
            current = windows[0] if windows else 0
            if key is not None and current < threshold:
                found.append(Candidate(
                    rule=rule, key=key, articles=[], count=current,
                    message=f"{rule.query_key}={key}: {current} articles in {rule.spec['timeframe']} "
                    f"(expected at least {threshold})"))
        return found

    @staticmethod
    def expected_keys(rule: Rule) -> list[str]:
        """Sources or feeds named in the filters are watched even if they never published."""
        filters = rule.spec.get("filters", {})
        named = {"source": "sources", "feed_url": "feeds", "countries": "countries", "language": "languages"}
        keys = list(filters.get(named.get(rule.query_key or "", ""), []))
        return [k.lower() for k in keys] if rule.query_key == "source" else keys


class EventRule(RuleType):
    """Once per real-world event, never per article: new and matching, or its toll reached N."""

    name = "event"
    matches_batch = False
    reads_events = True

    def needs_windows(self, articles: list[ArticleMatch]) -> bool:
        return False

    def candidates(self, rule: Rule, articles: list[ArticleMatch], counts: Counts) -> list[Candidate]:
        return []

    def event_candidates(self, rule: Rule, events: list[dict[str, Any]],
                         batch_ids: Collection[str]) -> list[Candidate]:
        found = (event_candidate(rule, event, batch_ids) for event in events)
        return [candidate for candidate in found if candidate is not None]
