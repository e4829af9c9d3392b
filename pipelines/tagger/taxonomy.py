"""The taxonomy as typed records, read once from schemas/taxonomy/taxonomy.yaml.

Ids here are the contract with the index, the alert rules and the analysts' filters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from schemas import load_yaml

TAXONOMY_FILE = "taxonomy/taxonomy.yaml"
ACTORS_FILE = "taxonomy/actors.yaml"
PLACES_FILE = "taxonomy/places.yaml"

EVENT_TYPE_IDS = (
    "battle",
    "explosion_remote_violence",
    "violence_against_civilians",
    "protest",
    "riot",
    "strategic_development",
)
TAG_IDS = (
    "airstrike",
    "drone_strike",
    "shelling",
    "missile_attack",
    "ied_bombing",
    "ground_offensive",
    "armed_clash",
    "siege",
    "cluster_munitions",
    "incendiary_weapons",
    "chemical_weapons",
    "barrel_bombs",
    "ceasefire",
    "ceasefire_collapse",
    "peace_talks",
    "aid_attack",
    "civilian_casualties",
    "displacement",
    "protest",
    "riot",
    "arrests",
)


@dataclass(frozen=True)
class CooccurrenceRule:
    """A tag fires when a phrase of every `all` group, and none of `none`, is in one sentence."""

    all: tuple[tuple[str, ...], ...]
    none: tuple[str, ...] = ()
    # fires like a strong trigger (no conflict context needed) when its phrases say it all
    strong: bool = False
    # `none_near` phrases block the rule only within `none_within` words of the first group's
    # hit (victims named next to "people" are combatants; perpetrators further away are not)
    none_near: tuple[str, ...] = ()
    none_within: int = 6
    # when set, the first two groups' hits must be at most this many words apart
    within: int | None = None
    # when set, `none` phrases block the rule only in the clause of one of its hits and at
    # most this many words from it ("clashes between the army and rebels killed 80 people",
    # not "killed 30 people, ..., in the deadliest attack since fighting began in 2023")
    none_window: int | None = None
    # with `within`: the first two groups' hits in one clause (no comma, semicolon, colon)
    same_clause: bool = False


@dataclass(frozen=True)
class TagSpec:
    """One tag: its trigger phrases, co-occurrence rules and distractor phrases."""

    id: str
    event_type: str | None
    strong: tuple[str, ...] = ()
    weak: tuple[str, ...] = ()
    distractors: tuple[str, ...] = ()
    rules: tuple[CooccurrenceRule, ...] = ()
    generic: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    vague: tuple[str, ...] = ()
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class EventTypeSpec:
    """One ACLED event type: the tags that imply it and its own weak triggers."""

    id: str
    from_tags: tuple[str, ...]
    from_tags_unless_remote: tuple[str, ...]
    weak: tuple[str, ...]


@dataclass(frozen=True)
class Taxonomy:
    """Everything in taxonomy.yaml, validated against the fixed ids."""

    tags: dict[str, TagSpec]
    event_types: dict[str, EventTypeSpec]
    context: dict[str, tuple[str, ...]]
    negation: dict[str, Any]
    weapons: dict[str, tuple[str, ...]]
    cumulative_cues: tuple[str, ...]
    relevance: dict[str, Any] = field(default_factory=dict, compare=False)
    background: dict[str, Any] = field(default_factory=dict, compare=False)
    prominence: dict[str, Any] = field(default_factory=dict, compare=False)


def _tuple(value: Any) -> tuple[str, ...]:
    """A YAML list-or-string as a tuple of patterns."""
    if not value:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def _tag_spec(tag_id: str, raw: dict[str, Any]) -> TagSpec:
    """Build one TagSpec from its YAML mapping."""
    rules = tuple(
        CooccurrenceRule(
            tuple(_tuple(group) for group in rule["all"]),
            _tuple(rule.get("none")),
            bool(rule.get("strong")),
            _tuple(rule.get("none_near")),
            int(rule.get("none_within", 6)),
            rule.get("within"),
            rule.get("none_window"),
            bool(rule.get("same_clause")),
        )
        for rule in raw.get("rules") or ()
    )
    return TagSpec(
        id=tag_id,
        event_type=raw.get("event_type"),
        strong=_tuple(raw.get("strong")),
        weak=_tuple(raw.get("weak")),
        distractors=_tuple(raw.get("distractors")),
        rules=rules,
        generic=_tuple(raw.get("generic")),
        needs=_tuple(raw.get("needs")),
        vague=_tuple(raw.get("vague")),
        raw=raw,
    )


def load_taxonomy(data: dict[str, Any] | None = None) -> Taxonomy:
    """Read and check the taxonomy; unknown or missing ids fail fast with the id named."""
    data = data if data is not None else load_yaml(TAXONOMY_FILE)
    tags = {tag_id: _tag_spec(tag_id, raw) for tag_id, raw in data["tags"].items()}
    if set(tags) != set(TAG_IDS):
        raise ValueError(
            f"{TAXONOMY_FILE}: tag ids differ from the contract: {sorted(set(tags) ^ set(TAG_IDS))}"
        )
    if set(data["event_types"]) != set(EVENT_TYPE_IDS):
        raise ValueError(f"{TAXONOMY_FILE}: event type ids differ from the contract")
    event_types = {
        et_id: EventTypeSpec(
            et_id,
            _tuple(raw.get("from_tags")),
            _tuple(raw.get("from_tags_unless_remote")),
            _tuple(raw.get("weak_triggers")),
        )
        for et_id, raw in data["event_types"].items()
    }
    return Taxonomy(
        tags=tags,
        event_types=event_types,
        context={name: _tuple(value) for name, value in data["context"].items()},
        negation=data["negation"],
        weapons={name: _tuple(value) for name, value in data["weapons"].items()},
        cumulative_cues=_tuple(data["fatalities"]["cumulative_cues"]),
        relevance=dict(data.get("relevance") or {}),
        background=dict(data.get("background") or {}),
        prominence=dict(data.get("prominence") or {}),
    )
