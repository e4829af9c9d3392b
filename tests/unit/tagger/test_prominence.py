"""Full-length reports: the headline and lead carry the news, late paragraphs the background.

Each test builds a wire-style article (headline, lead about a strike, neutral elaboration)
and adds one late paragraph; README "Lead and late paragraphs" and "Background sentences".
"""

from __future__ import annotations

import pytest

from pipelines.tagger import EventTagger

HEADLINE = "Missile strike on Kharkiv apartment block kills seven"
LEAD = [
    "A Russian ballistic missile struck an apartment block in Kharkiv on Tuesday, killing seven "
    "people and wounding 40, regional officials said.",
    "Rescue teams were still searching the rubble for survivors late into the evening.",
    "The regional governor said the dead included a 12-year-old boy.",
    "Photographs released by the emergency service showed a gaping hole in the building.",
    "The city's mayor declared a day of mourning.",
]
MIDDLE = [
    "Residents of neighbouring buildings were moved to temporary accommodation.",
    "Officials said repair crews would start work on the heating network within days.",
]


def _tags(tagger: EventTagger, *late: str, headline: str = HEADLINE) -> set[str]:
    return set(tagger.tag(headline, "\n\n".join([*LEAD, *MIDDLE, *late])).tags)


@pytest.mark.unit
def test_the_lead_event_is_tagged(tagger: EventTagger) -> None:
    assert {"missile_attack", "civilian_casualties"} <= _tags(tagger)


@pytest.mark.unit
def test_a_weak_mention_in_a_late_paragraph_is_background(tagger: EventTagger) -> None:
    late = "Kyiv and Moscow held direct talks in Istanbul this year that produced a prisoner swap."
    assert "peace_talks" not in _tags(tagger, late)


@pytest.mark.unit
def test_a_subject_the_late_paragraphs_keep_returning_to_is_tagged(tagger: EventTagger) -> None:
    late = [
        "Ukraine's foreign minister said peace talks in Istanbul would go ahead.",
        "Mediators said the negotiations would focus on a prisoner exchange.",
    ]
    assert "peace_talks" in _tags(tagger, *late)


@pytest.mark.unit
def test_a_late_mention_dated_to_the_event_is_tagged(tagger: EventTagger) -> None:
    late = "Heavy fighting also broke out on Tuesday near Kupiansk, the general staff said."
    assert "armed_clash" in _tags(tagger, late)


@pytest.mark.unit
def test_a_strong_trigger_in_a_late_paragraph_is_tagged(tagger: EventTagger) -> None:
    late = "Investigators said fragments of cluster munitions were found at the site."
    assert "cluster_munitions" in _tags(tagger, late)


@pytest.mark.unit
def test_a_truce_violation_late_in_a_truce_story_is_tagged(tagger: EventTagger) -> None:
    headline = "Missile strike on Kharkiv kills seven as ceasefire talks stall"
    late = "Each side has accused the other of violating the truce."
    assert "ceasefire_collapse" in _tags(tagger, late, headline=headline)


@pytest.mark.unit
def test_a_siege_is_a_lasting_state(tagger: EventTagger) -> None:
    late = "The frontline town of Vovchansk has been under siege by Russian forces since May."
    assert "siege" in _tags(tagger, late)


@pytest.mark.unit
def test_habitual_action_past_the_lead_is_background(tagger: EventTagger) -> None:
    late = "Russia has repeatedly used guided aerial bombs against the city in recent months."
    assert "airstrike" not in _tags(tagger, late)


@pytest.mark.unit
@pytest.mark.parametrize(
    "text, unwanted",
    [
        (
            "Russia and Ukraine agreed a 30-day halt to strikes on energy sites after talks in Istanbul.",
            "airstrike",
        ),
        (
            "An Israeli airstrike on a school sheltering displaced families killed 15 people on "
            "Thursday, medics said.",
            "displacement",
        ),
        (
            "A drone strike killed 22 people at a market on Sunday, in the deadliest attack since "
            "fighting between the army and the militia began in 2023.",
            "armed_clash",
        ),
    ],
)
def test_halted_strikes_sheltered_people_and_dated_wars_are_not_news(
    tagger: EventTagger, text: str, unwanted: str
) -> None:
    assert unwanted not in tagger.tag("", text).tags


@pytest.mark.unit
def test_a_dated_clause_does_not_erase_the_news_before_it(tagger: EventTagger) -> None:
    text = (
        "A suicide bomber killed at least 18 people at a crowded market in northeastern "
        "Nigeria, where Boko Haram has waged an insurgency since 2009, police said."
    )
    result = tagger.tag("", text)
    assert {"ied_bombing", "civilian_casualties"} <= set(result.tags)
    assert result.fatalities == 18


@pytest.mark.unit
def test_a_dated_sentence_is_history(tagger: EventTagger) -> None:
    late = "In January 2023, a Russian missile hit an apartment block in Dnipro, killing 46 people."
    assert tagger.tag(HEADLINE, "\n\n".join([*LEAD, late])).fatalities == 7


@pytest.mark.unit
def test_a_late_aside_does_not_explain_away_the_headline_strike(tagger: EventTagger) -> None:
    headline = "Israeli strikes kill 12 in Gaza City, health officials say"
    lead = [
        "Israeli strikes on two houses in Gaza City killed 12 people overnight, health officials said.",
        *LEAD[1:],
        *MIDDLE,
        "The military said separately that its air defences had intercepted two drones near the border.",
    ]
    assert "airstrike" in set(tagger.tag(headline, "\n\n".join(lead)).tags)
