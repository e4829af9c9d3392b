"""Precision first: war words used about sport, business and entertainment tag nothing."""

from __future__ import annotations

import pytest

from pipelines.tagger import EventTagger


@pytest.mark.unit
@pytest.mark.parametrize(
    "text",
    [
        "Supermarkets are locked in a price war as inflation squeezes shoppers.",
        "The superhero sequel bombed at the box office on its opening weekend.",
        "Sony and Microsoft reached a ceasefire in the console wars.",
        "The band Ceasefire announced a 20-date European tour to promote their new album.",
        "The photographer shot stunning drone footage of the wedding.",
        "Arsenal and City are set for a battle for the championship.",
        "The coach said his team had developed a siege mentality.",
        "The guard shot 40% from the field and scored 22 points.",
        "Rail workers went on strike over pay, cancelling thousands of trains.",
        "The new video game lets players call in airstrikes, and it sold 10 million copies.",
    ],
)
def test_distractor_gets_no_tags(tagger: EventTagger, text: str) -> None:
    result = tagger.tag("", text)
    assert result.tags == [] and result.event_types == [] and result.fatalities is None


@pytest.mark.unit
def test_same_words_tag_in_conflict_reporting(tagger: EventTagger) -> None:
    text = (
        "Russian forces shelled the town overnight and drones struck a power station, "
        "the Ukrainian army said. The town has been under siege since May."
    )
    assert {"shelling", "drone_strike", "siege"} <= set(tagger.tag("", text).tags)


@pytest.mark.unit
def test_tagging_is_deterministic(tagger: EventTagger) -> None:
    text = "Israeli airstrikes killed 12 people in Rafah, the Gaza health ministry said."
    assert tagger.tag("t", text) == tagger.tag("t", text)


@pytest.mark.unit
def test_gazetteer_uses_article_country_context(tagger: EventTagger) -> None:
    lebanon = tagger.tag("", "Clashes erupted in Tripoli, in northern Lebanon, between militias.")
    libya = tagger.tag("", "Clashes erupted in Tripoli, the Libyan capital, between militias.")
    assert [loc["country"] for loc in lebanon.locations if loc["name"] == "Tripoli"] == ["LB"]
    assert [loc["country"] for loc in libya.locations if loc["name"] == "Tripoli"] == ["LY"]


@pytest.mark.unit
def test_alias_spellings_resolve(tagger: EventTagger) -> None:
    result = tagger.tag("", "Russian missiles struck Kiev overnight, Ukraine's air force said.")
    assert [loc["name"] for loc in result.locations] == ["Kyiv"]
    assert "UA" in result.countries


@pytest.mark.unit
def test_a_missile_test_named_sentences_away_is_no_attack(tagger: EventTagger) -> None:
    text = (
        "North Korea fired a short-range ballistic missile on Tuesday, the South Korean military said. "
        "Officials in Seoul and Tokyo were analysing its flight path. "
        "The launch came as the allies held talks in Washington. "
        "Japan's coast guard said the missile had fallen into the sea outside its exclusive economic zone."
    )
    assert "missile_attack" not in tagger.tag("", text).tags


@pytest.mark.unit
def test_a_missile_that_kills_stays_an_attack_beside_a_drill(tagger: EventTagger) -> None:
    text = (
        "A Russian ballistic missile struck an apartment block in Dnipro, killing four people. "
        "Belarus and Russia began joint military drills near the border on the same day."
    )
    assert "missile_attack" in tagger.tag("", text).tags
