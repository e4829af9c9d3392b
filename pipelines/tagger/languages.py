"""Languages the tagger reads: English from taxonomy.yaml, the others from one lexicon file each.

A language's taxonomy is taxonomy.yaml's structure (ids, event types, rule options, numbers)
with every phrase list replaced by its lexicon's list, brace-expanded and stemmed by the
language's morphology once, here. A key the lexicon leaves out is empty for that language,
never English. Adding a language is adding `schemas/taxonomy/lexicons/<code>.yaml`
(schemas/taxonomy/README.md, "Adding a language").
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from pipelines.tagger.lexicon import expand_all, normalise
from pipelines.tagger.morphology import Morphology, morphology_for
from pipelines.tagger.taxonomy import TAG_IDS, TAXONOMY_FILE, Taxonomy, load_taxonomy
from schemas import SCHEMA_DIR, load_yaml

ENGLISH = "en"
LEXICON_DIR = "taxonomy/lexicons"
_TAG_LISTS = ("strong", "weak", "vague", "generic", "distractors", "needs")
_TAG_NOTES = frozenset({"description", "examples", "notes"})  # prose a lexicon may keep
_CUE_SECTIONS = ("background_cues", "collapse_cues", "proposal_cues")
_RELEVANCE_LISTS = ("loose", "loose_military_nouns", "test_cues")
_BACKGROUND_LISTS = ("past_cues", "historic_cues", "late_cues", "present_cues")


@dataclass(frozen=True)
class Language:
    """One language's data: its lexicon (empty for English), morphology and source file."""

    code: str
    lexicon: dict[str, Any] = field(default_factory=dict)
    morphology: Morphology = field(default_factory=Morphology)
    source: str = f"schemas/{TAXONOMY_FILE}"

    def section(self, name: str) -> dict[str, Any]:
        """A top-level mapping of the lexicon ({} when absent)."""
        value = self.lexicon.get(name) or {}
        if not isinstance(value, dict):
            raise ValueError(f"{self.source}: `{name}` must be a mapping")
        return value

    def phrases(self, value: Any, where: str) -> list[str]:
        """A lexicon phrase list expanded, normalised and stemmed ([] when absent)."""
        if value is None:
            return []
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
            raise ValueError(f"{self.source}: `{where}` must be a phrase or a list of phrases")
        stemmed = (self.morphology.stem_phrase(phrase) for phrase in expand_all(items))
        return list(dict.fromkeys(phrase for phrase in stemmed if phrase))

    def phrases_as_written(self, value: Any) -> list[str]:
        """Names (places, groups) brace-expanded but neither lowercased nor stemmed."""
        if value is None:
            return []
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list):
            raise ValueError(f"{self.source}: names must be a name or a list of names: {value!r}")
        return expand_all([str(item) for item in items])


def lexicon_codes() -> tuple[str, ...]:
    """Codes of the lexicon files present, sorted."""
    folder = SCHEMA_DIR / LEXICON_DIR
    return tuple(sorted(path.stem for path in folder.glob("*.yaml"))) if folder.is_dir() else ()


def available_languages() -> tuple[str, ...]:
    """Every language the tagger reads: English and each lexicon file's language."""
    return (ENGLISH, *[code for code in lexicon_codes() if code != ENGLISH])


def load_language(code: str, path: Path | None = None) -> Language:
    """A language's lexicon and morphology (from `path`, else schemas/); English needs none."""
    if code == ENGLISH and path is None:
        return Language(ENGLISH)
    name = f"{LEXICON_DIR}/{code}.yaml"
    source = str(path) if path is not None else f"schemas/{name}"
    lexicon = yaml.safe_load(path.read_text(encoding="utf-8")) if path is not None else load_yaml(name)
    return language_from(code, lexicon, source)


def language_from(code: str, lexicon: Any, source: str) -> Language:
    """A language from lexicon data (`source` names it in errors)."""
    if not isinstance(lexicon, dict):
        raise ValueError(f"{source}: a lexicon file is a mapping (LEXICON keys, README)")
    if lexicon.get("language", code) != code:
        raise ValueError(f"{source}: `language: {lexicon.get('language')}` differs from the file name")
    settings = lexicon.get("morphology") or {}
    stemmer = str(settings.get("stemmer", "none"))
    try:
        morphology = morphology_for(
            stemmer, code, settings.get("as_written") or (), settings.get("lemma_cut") or ()
        )
    except ValueError as error:
        raise ValueError(f"{source}: morphology.stemmer: {error}") from None
    return Language(code, lexicon, morphology, source)


def language_taxonomy(language: Language) -> Taxonomy:
    """taxonomy.yaml with the language's phrases (English: taxonomy.yaml as it is)."""
    if language.code == ENGLISH:
        return load_taxonomy()
    return load_taxonomy(localise(load_yaml(TAXONOMY_FILE), language))


def localise(base: dict[str, Any], language: Language) -> dict[str, Any]:
    """taxonomy.yaml's data with every phrase list the lexicon's (missing lists empty)."""
    data = copy.deepcopy(base)
    phrases = language.phrases
    context = language.section("context")
    data["context"] = {name: phrases(context.get(name), f"context.{name}") for name in base["context"]}
    negation = language.section("negation")
    data["negation"] = {
        **base["negation"],
        "pre_cues": phrases(negation.get("pre_cues"), "negation.pre_cues"),
        "post_cues": phrases(negation.get("post_cues"), "negation.post_cues"),
        "not_negating": phrases(negation.get("not_negating"), "negation.not_negating"),
        # raw substrings: read through the view, as the text will be
        "clause_breaks": [
            language.morphology.view(normalise(mark)) for mark in negation.get("clause_breaks") or ()
        ],
    }
    event_types = _known(language, "event_types", base["event_types"])
    for event_id, raw in data["event_types"].items():
        where = f"event_types.{event_id}.weak_triggers"
        raw["weak_triggers"] = phrases((event_types.get(event_id) or {}).get("weak_triggers"), where)
    tags = _known(language, "tags", base["tags"])
    data["tags"] = {
        tag_id: _tag(language, tag_id, raw, tags.get(tag_id) or {}) for tag_id, raw in base["tags"].items()
    }
    weapons = _known(language, "weapons", base["weapons"])
    data["weapons"] = {name: phrases(weapons.get(name), f"weapons.{name}") for name in base["weapons"]}
    relevance = language.section("relevance")
    for key in _RELEVANCE_LISTS:
        data["relevance"][key] = phrases(relevance.get(key), f"relevance.{key}")
    background = language.section("background")
    for key in _BACKGROUND_LISTS:
        data["background"][key] = phrases(background.get(key), f"background.{key}")
    days = background.get("weekdays") or []
    data["background"]["weekdays"] = [phrases(day, "background.weekdays") for day in days]
    data["background"]["day_spans"] = phrases(background.get("day_spans"), "background.day_spans")
    cumulative = language.section("fatalities").get("cumulative_cues")
    data["fatalities"] = {
        **base["fatalities"],
        "cumulative_cues": phrases(cumulative, "fatalities.cumulative_cues"),
    }
    return data


def _known(language: Language, name: str, allowed: dict[str, Any]) -> dict[str, Any]:
    """A lexicon section keyed by taxonomy ids; an id taxonomy.yaml lacks fails, named."""
    section = language.section(name)
    unknown = sorted(set(section) - set(allowed))
    if unknown:
        raise ValueError(
            f"{language.source}: unknown {name} id(s) {', '.join(unknown)} "
            f"(taxonomy.yaml has: {', '.join(allowed)})"
        )
    return section


def _tag(language: Language, tag_id: str, base: dict[str, Any], lexicon: dict[str, Any]) -> dict[str, Any]:
    """One tag: taxonomy.yaml's options, the lexicon's phrases."""
    where = f"tags.{tag_id}"
    known = {*_TAG_LISTS, *_CUE_SECTIONS, "rules", "yields_in_sentence", *_TAG_NOTES}
    unknown = sorted(set(lexicon) - known)
    if unknown:
        raise ValueError(f"{language.source}: {where}: unknown key(s) {', '.join(unknown)}")
    raw = dict(base)
    for key in _TAG_LISTS:
        raw[key] = language.phrases(lexicon.get(key), f"{where}.{key}")
    for key in _CUE_SECTIONS:
        if key in base:
            cues = lexicon.get(key) or {}
            raw[key] = {
                **base[key],
                "before": language.phrases(cues.get("before"), f"{where}.{key}.before"),
                "after": language.phrases(cues.get("after"), f"{where}.{key}.after"),
                "window": int(cues.get("window", base[key]["window"])),
                "exceptions": language.phrases(cues.get("exceptions"), f"{where}.{key}.exceptions"),
            }
    if "yields_in_sentence" in base or lexicon.get("yields_in_sentence"):
        raw["yields_in_sentence"] = _yields(language, where, base, lexicon.get("yields_in_sentence") or {})
    raw["rules"] = _rules(language, where, base.get("rules") or [], lexicon.get("rules") or [])
    return raw


def _yields(language: Language, where: str, base: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    """A tag's in-sentence precedence: the lexicon's phrases; the tags they yield to are
    taxonomy.yaml's unless the lexicon names its own (a word wider than English's "air raid",
    Arabic "غارة", also yields to barrel bombs and cluster munitions). A tag English gives
    no yield rule may have one in a language whose word is wider (it must name `to`)."""
    phrases = language.phrases(spec.get("phrases"), f"{where}.yields_in_sentence.phrases")
    own = base.get("yields_in_sentence") or {}
    to = list(spec.get("to") or own.get("to") or ())
    if not to:
        raise ValueError(
            f"{language.source}: {where}.yields_in_sentence.to: taxonomy.yaml has no yield rule "
            "for this tag, so the lexicon must name the tags it yields to"
        )
    unknown = sorted(set(to) - set(TAG_IDS))
    if unknown:
        raise ValueError(
            f"{language.source}: {where}.yields_in_sentence.to: unknown tag(s) {', '.join(unknown)}"
        )
    return {**own, "phrases": phrases, "to": to}


def _rules(
    language: Language, where: str, base: list[dict[str, Any]], lexicon: list[Any]
) -> list[dict[str, Any]]:
    """Co-occurrence rules paired by position: taxonomy.yaml's options, the lexicon's groups."""
    if len(lexicon) > len(base):
        raise ValueError(
            f"{language.source}: {where}.rules: {len(lexicon)} rules, taxonomy.yaml has {len(base)}"
        )
    rules = []
    for number, rule in enumerate(base):
        mine = lexicon[number] if number < len(lexicon) else {}
        groups = mine.get("all") or []
        if len(groups) > len(rule["all"]):
            raise ValueError(
                f"{language.source}: {where}.rules[{number}].all: {len(groups)} groups, "
                f"taxonomy.yaml's rule has {len(rule['all'])}"
            )
        rules.append(
            {
                **rule,
                "all": [
                    language.phrases(
                        groups[g] if g < len(groups) else None, f"{where}.rules[{number}].all[{g}]"
                    )
                    for g in range(len(rule["all"]))
                ],
                "none": language.phrases(mine.get("none"), f"{where}.rules[{number}].none"),
                "none_near": language.phrases(mine.get("none_near"), f"{where}.rules[{number}].none_near"),
            }
        )
    return rules
