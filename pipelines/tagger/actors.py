"""Actors from the lexicon in schemas/taxonomy/actors.yaml.

Named armed groups and international bodies come straight from the lexicon. State forces are
inferred: a demonym or country name within a few words of a military noun in one sentence
("Russian warplanes", "the aircraft were Russian", "Sudan's army") names that country's forces.
Armed actors also count as conflict context for the trigger rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pipelines.tagger.languages import Language
from pipelines.tagger.lexicon import Hit, PhraseMatcher, expand_all
from schemas import load_yaml

_ARMED_KINDS = frozenset({"armed_group", "state_force", "militia"})
_UNARMED_GENERIC = frozenset({"protesters", "rioters", "police"})


@dataclass(frozen=True)
class ActorLexicon:
    """Compiled-in actor names and the state-forces inference settings."""

    groups: dict[str, str]  # name -> kind
    generic: dict[str, tuple[str, ...]]
    international: list[dict[str, Any]]
    group_entries: list[dict[str, Any]]
    military_nouns: tuple[str, ...]
    state_force_names: dict[str, str]
    demonym_by_country: dict[str, str]
    window: int
    # demonyms matched on the (stemmed, lowercase) view: languages that write them lowercase
    demonym_phrases: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_schemas(cls, name: str = "taxonomy/actors.yaml") -> ActorLexicon:
        """Read actors.yaml once."""
        data = load_yaml(name)
        demonym_by_country: dict[str, str] = {}
        for demonym, code in data["demonyms"].items():
            if demonym[0].isupper() and not demonym.endswith("s") and "." not in demonym:
                demonym_by_country.setdefault(code, demonym)
        forces = data["state_forces"]
        return cls(
            groups={entry["name"]: entry.get("kind", "armed_group") for entry in data["groups"]},
            generic={label: tuple(expand_all(pattern)) for label, pattern in data["generic"].items()},
            international=list(data["international"]),
            group_entries=list(data["groups"]),
            military_nouns=tuple(expand_all(forces["military_nouns"])),
            state_force_names=dict(forces["names"]),
            demonym_by_country=demonym_by_country,
            window=int(forces["window"]),
        )

    @classmethod
    def for_language(cls, language: Language, name: str = "taxonomy/actors.yaml") -> ActorLexicon:
        """Actor names as a lexicon writes them; kinds, reported names and the window from actors.yaml.

        English reads actors.yaml alone. Another language's `actors` section names groups by
        their actors.yaml `name` (case-sensitive names in its own script), its demonyms and
        military nouns (stemmed) and, optionally, `generic` labels of actors.yaml.
        """
        english = cls.from_schemas(name)
        if not language.lexicon:
            return english
        section = language.section("actors")
        entries = {entry["name"]: entry for entry in [*english.group_entries, *english.international]}
        groups = section.get("groups") or {}
        unknown = sorted(set(groups) - set(entries))
        generic = section.get("generic") or {}
        unknown += sorted(set(generic) - set(english.generic))
        if unknown:
            raise ValueError(
                f"{language.source}: actors: unknown actor name(s) {', '.join(unknown)} (actors.yaml)"
            )
        written = {
            actor: [language.morphology.proper_name(alias) for alias in language.phrases_as_written(names)]
            for actor, names in groups.items()
        }
        own = [{**entries[actor], "patterns": names, "phrases": []} for actor, names in written.items()]
        own += _force_entries(language, section.get("forces") or {}, english)
        demonyms = section.get("demonyms") or {}
        return cls(
            groups=english.groups,
            generic={
                label: tuple(language.phrases(pattern, f"actors.generic.{label}"))
                for label, pattern in generic.items()
            },
            international=[entry for entry in own if not _armed_entry(entry, english)],
            group_entries=[entry for entry in own if _armed_entry(entry, english)],
            military_nouns=tuple(language.phrases(section.get("military_nouns"), "actors.military_nouns")),
            state_force_names=english.state_force_names,
            demonym_by_country=english.demonym_by_country,
            window=english.window,
            demonym_phrases=tuple(
                (phrase, str(code))
                for word, code in demonyms.items()
                for phrase in language.phrases(word, f"actors.demonyms.{word}")
            ),
        )

    def register(self, lower: PhraseMatcher, proper: PhraseMatcher) -> None:
        """Add actor names: acronyms and proper names case-sensitively, phrases lowercased."""
        for entry in [*self.group_entries, *self.international]:
            kind = (
                "actor_armed"
                if entry in self.group_entries and (entry.get("kind", "armed_group") in _ARMED_KINDS)
                else "actor"
            )
            proper.add(entry.get("patterns") or [], kind, entry["name"])
            lower.add(entry.get("phrases") or [], kind, entry["name"])
        for label, phrases in self.generic.items():
            lower.add(phrases, "actor" if label in _UNARMED_GENERIC else "actor_armed", label)
        lower.add(self.military_nouns, "mil_noun")
        for phrase, code in self.demonym_phrases:
            lower.add([phrase], "demonym", code)

    def state_force(self, code: str) -> str:
        """Reported name of a country's forces ("Russian forces", "Syrian government forces")."""
        if code in self.state_force_names:
            return self.state_force_names[code]
        return f"{self.demonym_by_country.get(code, code)} forces"


def _armed_entry(entry: dict[str, Any], english: ActorLexicon) -> bool:
    """True for an actors.yaml group or a state force (not an international body)."""
    return entry["name"] in english.groups or entry.get("kind") == "state_force"


def _force_entries(language: Language, forces: Any, english: ActorLexicon) -> list[dict[str, Any]]:
    """Names that are a country's state force on their own (`actors.forces`: ЗСУ, ЦАХАЛ,
    FAMa, قوات النظام -> a country code) as group entries named as actors.yaml reports that
    force ("Ukrainian forces"), matched like group names: case-sensitive, as written."""
    if not isinstance(forces, dict):
        raise ValueError(f"{language.source}: actors.forces must map names to country codes")
    by_actor: dict[str, list[str]] = {}
    for names, code in forces.items():
        if not (isinstance(code, str) and len(code) == 2 and code.isupper()):
            raise ValueError(f"{language.source}: actors.forces.{names}: {code!r} is no ISO country code")
        written = [language.morphology.proper_name(name) for name in language.phrases_as_written(names)]
        by_actor.setdefault(english.state_force(code), []).extend(written)
    return [
        {"name": actor, "kind": "state_force", "patterns": names, "phrases": []}
        for actor, names in by_actor.items()
    ]


def _words_between(text: str, first: Hit, second: Hit) -> int:
    """Number of words separating two non-overlapping hits."""
    left, right = (first, second) if first.start <= second.start else (second, first)
    return len(text[left.end : right.start].split())


def state_forces(
    lexicon: ActorLexicon, text: str, nation_hits: Iterable[tuple[Hit, str]], military_hits: list[Hit]
) -> set[str]:
    """State-force actors: a nation named within the window of a military noun."""
    found: set[str] = set()
    for nation, code in nation_hits:
        for noun in military_hits:
            if not noun.overlaps(nation) and _words_between(text, nation, noun) <= lexicon.window:
                found.add(lexicon.state_force(code))
                break
    return found
