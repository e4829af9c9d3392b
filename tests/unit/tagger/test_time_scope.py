"""Which death counts are the news: a cumulative cue dates its own clause, not its sentence,
and a toll of another day than the event's (an earlier attack recalled) yields to the day's."""

from __future__ import annotations

import pytest

from pipelines.tagger import MultilingualTagger


@pytest.fixture(scope="module")
def multilingual() -> MultilingualTagger:
    """One tagger for the module; each language is built on its first case."""
    return MultilingualTagger()


@pytest.mark.unit
@pytest.mark.parametrize(
    ("code", "text", "count"),
    [
        (
            "en",
            "Artillery shelling hit the market in the town. The shelling killed 9 people on Tuesday, "
            "bringing the death toll since the start of the war to 12,000, officials said.",
            9,
        ),
        (
            "en",
            "Artillery shelling hit the market in the town. Since the start of the war, 12,000 people "
            "have been killed, officials said. The shelling killed 9 people.",
            9,
        ),
        (
            "fr",
            "Un bombardement a frappé le marché de la ville. Le bombardement a tué 6 personnes mardi, "
            "portant le bilan depuis le début de la guerre à 3 000 morts.",
            6,
        ),
        (
            "ru",
            "Обстрел рынка в городе. В результате обстрела погибли 7 человек, а всего с начала войны "
            "погибли 900 человек.",
            7,
        ),
    ],
)
def test_a_cumulative_cue_dates_its_clause_not_the_fresh_count_before_it(
    multilingual: MultilingualTagger, code: str, text: str, count: int
) -> None:
    assert multilingual.tag("", text, code).result.fatalities == count


@pytest.mark.unit
@pytest.mark.parametrize(
    ("code", "title", "text", "count"),
    [
        (
            "en",
            "Missile strike on the city kills 4",
            "A missile strike on the city killed four people on Thursday, officials said. Rescuers "
            "searched the rubble. The strike came days after a drone attack on Sunday killed 17 "
            "people in the same district.",
            4,
        ),
        (
            "fr",
            "Une frappe de missile tue 3 personnes",
            "Une frappe de missile a tué trois personnes jeudi dans la ville. Les secours fouillaient "
            "les décombres. Dimanche, une attaque de drones avait tué 15 personnes dans le même "
            "quartier.",
            3,
        ),
    ],
)
def test_an_earlier_days_toll_yields_to_the_days_toll(
    multilingual: MultilingualTagger, code: str, title: str, text: str, count: int
) -> None:
    assert multilingual.tag(title, text, code).result.fatalities == count


@pytest.mark.unit
def test_a_toll_of_another_day_still_counts_when_it_is_the_only_one(multilingual: MultilingualTagger) -> None:
    text = (
        "A missile strike hit the city on Thursday, officials said. Rescuers searched the rubble. "
        "The strike came days after a drone attack on Sunday killed 17 people in the same district."
    )
    assert multilingual.tag("", text, "en").result.fatalities == 17
