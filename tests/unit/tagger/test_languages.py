"""One engine, six languages: stem views, lexicon loading, death tolls, names in their scripts."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pipelines.tagger import EventTagger, MultilingualTagger
from pipelines.tagger.death_counts import LexiconTolls
from pipelines.tagger.gazetteer import Gazetteer
from pipelines.tagger.languages import (
    Language,
    available_languages,
    language_from,
    language_taxonomy,
    lexicon_codes,
    load_language,
)
from pipelines.tagger.lexicon import FILLER, PhraseMatcher, normalise
from pipelines.tagger.morphology import morphology_for
from pipelines.tagger.multilingual import language_code
from pipelines.tagger.taxonomy import TAG_IDS

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "tagger"
FRENCH = FIXTURES / "lexicons" / "fr.yaml"
DEATH_COUNTS = yaml.safe_load((FIXTURES / "death-counts.yaml").read_text(encoding="utf-8"))

VIEW_TEXTS = [
    ("french", "fr", "Des frappes aériennes ont tué 12 civils à Alep."),
    ("spanish", "es", "Los bombardeos dejaron 30 muertos en Jartum."),
    ("russian", "ru", "Российские войска обстреляли Харьков: погибли семеро."),
    ("simplemma", "uk", "Обстріли Харкова: загинули п'ятеро людей."),
    ("arabic", "ar", "قُتل ٢٠ شخصاً بالقصف والغارات على حلب."),
]


@pytest.fixture(scope="module")
def french() -> EventTagger:
    """A tagger built from the tiny French fixture lexicon."""
    return EventTagger.from_language(load_language("fr", FRENCH))


@pytest.mark.unit
@pytest.mark.parametrize(("stemmer", "code", "text"), VIEW_TEXTS, ids=[c for _, c, _ in VIEW_TEXTS])
def test_the_stem_view_keeps_every_offset(stemmer: str, code: str, text: str) -> None:
    morphology = morphology_for(stemmer, code)
    norm = normalise(text)
    view = morphology.view(norm)
    assert len(view) == len(norm)
    for i, (before, after) in enumerate(zip(norm, view, strict=True)):
        if not (before.isalnum() or before in "\u064f\u064b\u0651"):  # punctuation and spaces stay
            assert after == before, (i, before, after)
    assert view != norm  # something was stemmed


@pytest.mark.unit
def test_arabic_clitics_are_blanked_and_digits_read_as_ascii() -> None:
    arabic = morphology_for("arabic", "ar")
    view = arabic.view("والقصف بالغارات للقصف ٢٠")
    assert view.startswith(FILLER * 3 + "قصف")
    assert view.replace(FILLER, "").split() == ["قصف", "غار", "قصف", "20"]
    assert {arabic.stem_phrase(word) for word in ("قصف", "والقصف", "بالقصف", "للقصف")} == {"قصف"}
    assert arabic.proper_view("وحلب") == FILLER + "حلب"


@pytest.mark.unit
def test_arabic_letters_of_a_known_word_are_no_clitics() -> None:
    arabic = morphology_for("arabic", "ar")
    # "فتاة" (a girl) is no ف + "تاة", "فلسطينيين" no ف + ل + "سطينيين": with real clitics or
    # the article, each still reads as the word alone
    assert not arabic.view("فتاة").startswith(FILLER)
    assert len({arabic.stem_phrase(word) for word in ("فتاة", "والفتاة", "بفتاة")}) == 1
    assert len({arabic.stem_phrase(word) for word in ("فلسطينيين", "الفلسطينيين", "وفلسطينيين")}) == 1
    assert arabic.proper_view("بفرنسا") == FILLER + "فرنسا"
    # a word no dictionary knows loses every clitic its letters allow
    assert arabic.proper_view("وبالزرقوب") == FILLER * 4 + "زرقوب"


@pytest.mark.unit
def test_a_phrase_matches_whatever_each_of_its_words_was_inflected_to() -> None:
    french = morphology_for("french", "fr")
    matcher = PhraseMatcher()
    matcher.add([french.stem_phrase("frappe aérienne")], "strong", "airstrike")
    matcher.compile()
    text = "Deux frappes aériennes, puis une frappe aérienne."
    view = french.view(normalise(text))
    hits = matcher.find_all(view)
    # a hit starts at its first word and ends with its last stem, inside the original words
    assert [text[h.start : h.end] for h in hits] == ["frappes aérien", "frappe aérien"]
    [first, second] = matcher.scan(view, [23, len(text)])
    assert list(first) == ["strong"] and list(second) == ["strong"]


@pytest.mark.unit
def test_keys_a_lexicon_leaves_out_are_empty_never_english() -> None:
    taxonomy = language_taxonomy(load_language("fr", FRENCH))
    assert taxonomy.tags["airstrike"].strong == ("frapp aérien", "raid aérien", "avion de combat")
    assert taxonomy.tags["airstrike"].generic == () and taxonomy.tags["ceasefire"].weak == ()
    assert taxonomy.context["domain"] == () and taxonomy.weapons["drones"] == ()
    assert taxonomy.tags["aid_attack"].rules and all(
        group == () for rule in taxonomy.tags["aid_attack"].rules for group in rule.all
    )
    assert taxonomy.negation["window"] == 6  # options stay taxonomy.yaml's


@pytest.mark.unit
def test_an_unknown_tag_id_fails_naming_the_file_and_the_tag() -> None:
    bad = FIXTURES / "lexicons" / "bad-tag.yaml"
    with pytest.raises(ValueError, match=r"bad-tag\.yaml: unknown tags id\(s\) air_strike"):
        language_taxonomy(load_language("bad-tag", bad))


@pytest.mark.unit
def test_a_lexicon_for_another_language_than_its_file_name_fails() -> None:
    with pytest.raises(ValueError, match="differs from the file name"):
        load_language("es", FRENCH)


@pytest.mark.unit
def test_every_lexicon_file_loads_and_names_only_known_tags() -> None:
    codes = lexicon_codes()
    assert available_languages() == ("en", *codes)
    for code in codes:
        language = load_language(code)
        assert language.lexicon.get("language", code) == code
        assert set(language.lexicon.get("tags") or {}) <= set(TAG_IDS), code
        taxonomy = language_taxonomy(language)
        assert any(tag.strong or tag.weak for tag in taxonomy.tags.values()), code


@pytest.mark.unit
def test_a_french_article_gets_french_rules(french: EventTagger) -> None:
    result = french.tag(
        "Syrie : frappes aériennes sur Alep",
        "Des avions de combat russes ont frappé Alep mardi. Au moins douze civils ont été tués "
        "et vingt autres blessés, selon l'armée.",
    )
    assert result.tags == ["airstrike"] and result.fatalities == 12
    assert result.actors == ["Russian forces"] and result.weapons == ["aircraft"]
    assert [(place["name"], place["country"]) for place in result.locations] == [("Aleppo", "SY")]
    assert result.evidence[0]["sentence"] == "Syrie : frappes aériennes sur Alep"


@pytest.mark.unit
def test_negation_reads_the_lexicon_cues(french: EventTagger) -> None:
    assert french.tag("", "L'armée a démenti toute frappe aérienne sur la ville.").tags == []


@pytest.mark.unit
@pytest.mark.parametrize("language", ["pt", "", None, "xx-YY"])
def test_a_language_not_read_gets_no_tags_and_no_tagged_language(language: str | None) -> None:
    built: list[str] = []

    def build(code: str) -> EventTagger:
        built.append(code)
        raise AssertionError("no tagger should be built")

    tagged = MultilingualTagger(("en", "fr"), build).tag("Airstrike", "An airstrike killed 12.", language)
    assert tagged.tagged_language is None and tagged.result.tags == [] and built == []
    assert tagged.to_dict()["tagged_language"] is None and tagged.to_dict()["event_types"] == []


@pytest.mark.unit
def test_each_language_is_built_once_and_names_the_rules_that_ran(french: EventTagger) -> None:
    built: list[str] = []

    def build(code: str) -> EventTagger:
        built.append(code)
        return french

    multilingual = MultilingualTagger(("en", "fr"), build)
    for language in ("fr", "fr-FR", "FR"):
        assert multilingual.tag("", "Une frappe aérienne a tué 3 rebelles.", language).tagged_language == "fr"
    assert built == ["fr"]
    assert language_code("pt_BR") == "pt"


@pytest.mark.unit
@pytest.mark.parametrize("case", DEATH_COUNTS["cases"], ids=lambda case: case["text"][:40])
def test_death_counts_read_from_the_lexicon(case: dict) -> None:
    code = case["language"]
    language = language_from(code, DEATH_COUNTS["lexicons"][code], "death-counts.yaml")
    counter = LexiconTolls(language)
    surface = normalise(case["text"])
    assert counter.count(language.morphology.view(surface), surface) == case["count"]


@pytest.mark.unit
@pytest.mark.parametrize(
    ("code", "stemmer", "sample", "name"),
    [
        ("ru", "russian", "обстрел", "Алеппо"),
        ("uk", "simplemma", "обстріл", "Харків"),
        ("ar", "arabic", "قصف", "حلب"),
    ],
)
def test_cities_resolve_in_their_own_script(code: str, stemmer: str, sample: str, name: str) -> None:
    language = language_from(
        code, {"morphology": {"stemmer": stemmer}, "context": {"conflict": [sample]}}, code
    )
    gazetteer = Gazetteer.from_schemas(language)
    expected = {"Алеппо": "Aleppo", "Харків": "Kharkiv", "حلب": "Aleppo"}[name]
    place = gazetteer.resolve_place(language.morphology.proper_name(name), set())
    assert place is not None and place.name == expected and place.lat and place.lon
    assert gazetteer.resolve_place("Ал", set()) is None  # under three letters: never a place


@pytest.mark.unit
def test_an_arabic_city_with_a_clitic_is_found() -> None:
    language = language_from(
        "ar", {"morphology": {"stemmer": "arabic"}, "context": {"conflict": ["قصف"]}}, "ar"
    )
    tagger = EventTagger.from_language(language)
    assert [p["name"] for p in tagger.tag("", "وقع انفجار في حلب وبحلب.").locations] == ["Aleppo"]


@pytest.mark.unit
def test_english_has_no_lexicon_file() -> None:
    english = load_language("en")
    assert (english.code, english.lexicon, english.morphology.view("Shelled")) == ("en", {}, "Shelled")
    assert english == Language("en", morphology=english.morphology)
