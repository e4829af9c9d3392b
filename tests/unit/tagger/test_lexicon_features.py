"""Engine features a lexicon switches on with data: negation exceptions, names that are a state
force, generic strikes yielding to any specific weapon, counts from words that are counts
themselves, the gazetteer's aliases of supplement places and common-word names, cue phrases
longer than their window."""

from __future__ import annotations

import pytest

from pipelines.tagger import EventTagger
from pipelines.tagger.actors import ActorLexicon
from pipelines.tagger.death_counts import LexiconTolls
from pipelines.tagger.events import settle_generic_strikes
from pipelines.tagger.firing import Firing
from pipelines.tagger.gazetteer import Gazetteer
from pipelines.tagger.languages import language_from, load_language
from pipelines.tagger.lexicon import Hit, normalise
from pipelines.tagger.negation import CueWindow

RUSSIAN_TOLLS = {
    "morphology": {"stemmer": "russian"},
    "fatalities": {
        "death_words": ["{погиб,погибла,погибли}"],
        "not_deaths": ["{ранены}"],
        "vague_counts": ["{тысячи,десятки}"],
        "numbers": {"две": 2, "тысяча": 1000},
        "single_victims": ["{женщина,подросток}"],
        "age_words": ["{летний}"],
    },
}
ARABIC_TOLLS = {
    "morphology": {"stemmer": "arabic"},
    "fatalities": {
        "death_words": ["{قتيل,قتلى,مقتل}"],
        "not_deaths": ["{جريح,إصابة}"],
        "dual_suffixes": ["{ين,ان}"],
        "dual_nouns": ["{قتيل,جندي}"],
    },
}


def _count(lexicon: dict, code: str, text: str) -> int | None:
    language = language_from(code, lexicon, "test")
    surface = normalise(text)
    return LexiconTolls(language).count(language.morphology.view(surface), surface)


@pytest.mark.unit
def test_a_not_negating_phrase_takes_its_negation_word_out_of_the_window() -> None:
    window = CueWindow.build(["не"], None, 6, exceptions=["не менее"])
    text = "не менее 10 человек погибли при авиаударе"
    assert not window.matches_before(text, 0, text.index("авиаударе"))
    text = "не было авиаударов"
    assert window.matches_before(text, 0, text.index("авиаударов"))


@pytest.mark.unit
def test_a_cue_phrase_longer_than_the_window_matches_when_it_ends_in_it() -> None:
    window = CueWindow.build(["{test flight of the new long range}"], ["{fell into the sea of japan}"], 2)
    text = "a test flight of the new long range missile"
    assert window.matches_before(text, 0, text.index("missile"))
    text = "the missile fell into the sea of japan"
    assert window.matches_after(text, text.index("missile") + len("missile"), len(text))
    text = "a test flight of the new long range and then a missile"  # ends 3 words before
    assert not window.matches_before(text, 0, text.index("missile"))


@pytest.mark.unit
@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Подросток погиб.", 1),
        ("Погибла женщина, двое ранены.", 1),
        ("Погибли уже 2,2 тысячи человек.", 2200),
        ("Погибли 2 тысячи человек.", 2000),
        ("Погибли тысячи людей.", None),
        ("Погиб 35-летний мужчина.", None),  # an age is no count (мужчина is no single victim here)
        ("Погибли 1,200 человек.", 1200),
        ("Погибли 2,5 км.", None),  # a decimal without a thousand is no count
    ],
)
def test_lone_victims_decimal_thousands_and_ages_in_death_counts(text: str, count: int | None) -> None:
    assert _count(RUSSIAN_TOLLS, "ru", text) == count


@pytest.mark.unit
@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("سقوط قتيلين في غارة", 2),  # a death word's dual: two dead on its own
        ("مقتل جنديين في هجوم", 2),  # a listed noun's dual: a number beside a death word
        ("مقتل مدنيين في القصف", None),  # a plural with the same ending: not listed, no count
    ],
)
def test_arabic_duals_count_two(text: str, count: int | None) -> None:
    assert _count(ARABIC_TOLLS, "ar", text) == count


@pytest.mark.unit
def test_an_age_after_a_number_takes_no_room_between_a_victim_and_the_death_word() -> None:
    lexicon = {
        "morphology": {"stemmer": "spanish"},
        "fatalities": {
            "death_words": ["{muerto}"],
            "numbers": {"un niño": 1},
            "age_words": ["{años}"],
            "window": 4,
        },
    }
    assert _count(lexicon, "es", "un niño de 10 años ha muerto") == 1


@pytest.mark.unit
def test_a_bare_strike_yields_to_barrel_bombs_cluster_and_incendiary_weapons() -> None:
    generic = Firing("airstrike", 0, 0.6, 0, 6, True)
    for weapon in ("barrel_bombs", "cluster_munitions", "incendiary_weapons", "drone_strike"):
        assert settle_generic_strikes([generic, Firing(weapon, 1, 0.9, 20, 30)]) == [
            Firing(weapon, 1, 0.9, 20, 30)
        ]
    assert settle_generic_strikes([generic]) == [generic]


@pytest.mark.unit
def test_a_lexicon_may_name_the_tags_a_phrase_yields_to_in_its_sentence() -> None:
    lexicon = {
        "morphology": {"stemmer": "arabic"},
        "tags": {"airstrike": {"yields_in_sentence": {"phrases": ["غارة"], "to": ["barrel_bombs"]}}},
    }
    tagger = EventTagger.from_language(language_from("ar", lexicon, "test"))
    assert tagger.rules.precedence["airstrike"][1] == frozenset({"barrel_bombs"})
    bad = {"tags": {"airstrike": {"yields_in_sentence": {"to": ["barrel_bomb"]}}}}
    with pytest.raises(ValueError, match="unknown tag"):
        EventTagger.from_language(language_from("ar", bad, "test"))


@pytest.mark.unit
def test_a_lexicon_may_give_a_yield_rule_to_a_tag_english_gives_none() -> None:
    lexicon = {
        "morphology": {"stemmer": "russian"},
        "tags": {"shelling": {"yields_in_sentence": {"phrases": ["обстрел"], "to": ["drone_strike"]}}},
    }
    tagger = EventTagger.from_language(language_from("ru", lexicon, "test"))
    assert tagger.rules.precedence["shelling"][1] == frozenset({"drone_strike"})
    bad = {"tags": {"shelling": {"yields_in_sentence": {"phrases": ["обстрел"]}}}}
    with pytest.raises(ValueError, match="must name the tags it yields to"):
        EventTagger.from_language(language_from("ru", bad, "test"))


@pytest.mark.unit
def test_a_force_name_is_its_country_state_force_and_keeps_the_country_inside_it() -> None:
    tagger = EventTagger.from_schemas("ru")
    result = tagger.tag("", "ВСУ обстреляли Донецк из реактивных систем залпового огня.")
    assert "Ukrainian forces" in result.actors
    result = tagger.tag("", "ВС РФ нанесли ракетный удар по Харькову.")
    assert "Russian forces" in result.actors and "RU" in result.countries


@pytest.mark.unit
def test_a_force_name_needs_a_country_code() -> None:
    bad = language_from("fr", {"actors": {"forces": {"FAMa": "Mali"}}}, "test")
    with pytest.raises(ValueError, match="no ISO country code"):
        ActorLexicon.for_language(bad)


@pytest.mark.unit
def test_aliases_of_supplement_places_resolve() -> None:
    gazetteer = Gazetteer.from_schemas(load_language("ar"))
    assert [p.name for p in gazetteer.places["رفح"]] == ["Rafah"]
    assert [p.name for p in gazetteer.places["جنين"]] == ["Jenin"]


@pytest.mark.unit
def test_an_alternate_name_that_is_a_common_word_needs_its_country_in_context() -> None:
    gazetteer = Gazetteer.from_schemas(load_language("ar"))
    # "شهداء" (martyrs) reads as the plural of شهيد in simplemma's dictionary
    common = [name for name in gazetteer.context_only if name in gazetteer.places and not name.isascii()]
    assert common, "no Arabic alternate name was found to be a common word"
    name = common[0]
    country = gazetteer.places[name][0].country
    assert gazetteer.resolve_place(name, set()) is None
    assert gazetteer.resolve_place(name, {country}) is not None


@pytest.mark.unit
def test_a_demonym_written_as_a_word_tells_the_country_of_an_ambiguous_place() -> None:
    gazetteer = Gazetteer.from_schemas(load_language("fr"))
    text = "Paris"
    hit = Hit(0, len(text), "place", "")
    assert gazetteer.locate([hit], text)[0] == []  # Paris needs its country in context
    assert [place["name"] for place in gazetteer.locate([hit], text, {"FR"})[0]] == ["Paris"]
