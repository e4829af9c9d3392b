"""Negation and denial suppress tags; ceasefire wording decides ceasefire vs ceasefire_collapse."""

from __future__ import annotations

import pytest

from pipelines.tagger import EventTagger

FRONT = "Ukrainian troops held the front line near Bakhmut, the army said. "


@pytest.mark.unit
@pytest.mark.parametrize(
    "sentence, tag",
    [
        ("No airstrikes were reported overnight, officials said.", "airstrike"),
        ("The army denied shelling residential areas.", "shelling"),
        ("Inspectors found no evidence that chemical weapons were used.", "chemical_weapons"),
        ("Moscow denied carrying out a drone strike on the village.", "drone_strike"),
        ("There were no reports of cluster munitions being used.", "cluster_munitions"),
    ],
)
def test_negated_triggers_do_not_tag(tagger: EventTagger, sentence: str, tag: str) -> None:
    assert tag not in tagger.tag("", FRONT + sentence).tags


@pytest.mark.unit
def test_negation_does_not_reach_across_clauses(tagger: EventTagger) -> None:
    text = FRONT + "No one was hurt, but the shelling destroyed three houses."
    assert "shelling" in tagger.tag("", text).tags


@pytest.mark.unit
@pytest.mark.parametrize(
    "text",
    [
        "A ceasefire between Israel and Hamas took effect on Sunday.",
        "The warring parties agreed to extend the truce for two months, the U.N. envoy said.",
        "The ceasefire between the army and the rebels held for a second week.",
    ],
)
def test_agreed_or_holding_truce_is_ceasefire(tagger: EventTagger, text: str) -> None:
    tags = tagger.tag("", text).tags
    assert "ceasefire" in tags and "ceasefire_collapse" not in tags


@pytest.mark.unit
@pytest.mark.parametrize(
    "text",
    [
        "A week-long ceasefire between the army and rebels collapsed on Monday.",
        "The truce between the militia and government forces broke down within hours.",
        "Israel resumed airstrikes in Gaza, shattering a two-month ceasefire with Hamas.",
        "Rebels said government troops had violated the ceasefire dozens of times.",
        "The ceasefire fell apart as fighting resumed between the army and the RSF.",
    ],
)
def test_broken_truce_is_ceasefire_collapse(tagger: EventTagger, text: str) -> None:
    tags = tagger.tag("", text).tags
    assert "ceasefire_collapse" in tags and "ceasefire" not in tags


@pytest.mark.unit
def test_proposed_truce_is_peace_talks(tagger: EventTagger) -> None:
    text = "Kyiv said it was ready for a 30-day ceasefire proposed by Washington as the war went on."
    tags = tagger.tag("", text).tags
    assert "peace_talks" in tags and "ceasefire" not in tags
