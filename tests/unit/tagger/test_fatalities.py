"""Death tolls: counts of the killed only, never dates, ages, buildings, the wounded or units."""

from __future__ import annotations

import pytest

from pipelines.tagger import EventTagger
from pipelines.tagger.fatalities import count_in_sentence, parse_number

ATTACK = "Russian shelling hit the town, the army said. "


@pytest.mark.unit
@pytest.mark.parametrize(
    "text, expected",
    [
        ("The strike killed 20 people.", 20),
        ("At least 12 dead after the shelling of the market.", 12),
        ("The death toll rose to 40 on Tuesday.", 40),
        ("Between 40 and 50 people were killed in the strikes.", 50),
        ("Twenty-nine soldiers were killed in the ambush.", 29),
        ("The attack killed more than 1,000 people.", 1000),
        ("The bombing killed a dozen civilians.", 12),
        ("One woman was killed when the shell hit her house.", 1),
        ("More than 60 people, including 25 children and 14 women, were killed in the raid.", 60),
        ("Three boys were among five people killed when the shell landed.", 5),
        ("The rocket fire caused the deaths of nine people.", 9),
        ("It killed eight people, the largest toll from one strike since the start of the offensive.", 8),
    ],
)
def test_counts_the_killed(tagger: EventTagger, text: str, expected: int) -> None:
    assert tagger.tag("", ATTACK + text).fatalities == expected


@pytest.mark.unit
@pytest.mark.parametrize(
    "text",
    [
        "The shelling on 9 September destroyed more than 40 buildings.",
        "A 65-year-old woman was among the wounded.",
        "The strike wounded 28 people and damaged 15 vehicles.",
        "Soldiers of the 92nd Brigade repelled the attack.",
        "The artillery fire killed dozens of people.",
        "Shelling has continued since 2014.",
    ],
)
def test_no_count_when_no_one_is_reported_killed(tagger: EventTagger, text: str) -> None:
    assert tagger.tag("", ATTACK + text).fatalities is None


@pytest.mark.unit
def test_wounded_are_not_counted_as_dead() -> None:
    assert count_in_sentence("the strike killed 7 people and wounded 28") == 7
    assert count_in_sentence("28 wounded and 7 killed in the attack") == 7


@pytest.mark.unit
def test_largest_count_wins_over_earlier_tolls(tagger: EventTagger) -> None:
    text = ATTACK + "The strike killed 12 people. The death toll later rose to 31."
    assert tagger.tag("", text).fatalities == 31


@pytest.mark.unit
def test_cumulative_war_tolls_are_not_the_event(tagger: EventTagger) -> None:
    text = ATTACK + (
        "The strike killed 5 people. More than 40,000 people have been killed since the war began."
    )
    assert tagger.tag("", text).fatalities == 5


@pytest.mark.unit
def test_non_conflict_deaths_give_no_count(tagger: EventTagger) -> None:
    assert tagger.tag("", "Floods killed at least 75 people in southern Brazil.").fatalities is None


@pytest.mark.unit
@pytest.mark.parametrize(
    "words, value",
    [
        ("twenty nine", 29),
        ("one hundred and five", 105),
        ("1,200", 1200),
        ("a dozen", 12),
        ("two thousand", 2000),
        ("seven", 7),
    ],
)
def test_number_words(words: str, value: int) -> None:
    assert parse_number(words) == value
