"""English wire phrasings the rules missed (issue 16 tuning round): captures of named places,
a defence holding, support from the air, jihadis killing soldiers,
flight "for their lives", "said on X." ending a sentence, tolls counted out of a whole and
one person dying of wounds."""

from __future__ import annotations

import pytest

from pipelines.tagger import EventTagger
from pipelines.tagger.fatalities import count_in_sentence
from pipelines.tagger.sentences import split_sentences


@pytest.mark.unit
@pytest.mark.parametrize(
    ("text", "tag"),
    [
        (
            "Rebel fighters seized Kyauk Pyin town after two days of fighting with the army.",
            "ground_offensive",
        ),
        (
            "Ukraine's army said on Friday it was holding back enemy forces near the village, "
            "where artillery pounded its trenches.",
            "armed_clash",
        ),
        (
            "Gunmen stormed an army post in the north on Tuesday, and aerial support killed "
            "nine attackers as they retreated, the army said.",
            "airstrike",
        ),
        ("Jihadis killed 11 soldiers at a base in the east, the army said on Thursday.", "armed_clash"),
        (
            "Residents of the camp were running for their lives on Sunday as militia shelling "
            "hit the market, aid workers said.",
            "displacement",
        ),
    ],
)
def test_a_wire_phrasing_fires_its_tag(tagger: EventTagger, text: str, tag: str) -> None:
    assert tag in tagger.tag("", text).tags


@pytest.mark.unit
def test_a_capture_plan_is_no_capture(tagger: EventTagger) -> None:
    text = "Soldiers were sent into the town of Karam to capture two men suspected of an ambush."
    assert "ground_offensive" not in tagger.tag("", text).tags


@pytest.mark.unit
def test_said_on_x_ends_its_sentence() -> None:
    text = "Patients fled the clinic, the charity said on X. The region was shelled in 2023."
    assert len(split_sentences(text)) == 2
    assert len(split_sentences("The agency cited George W. Bush's speech.")) == 1


@pytest.mark.unit
def test_a_late_paragraph_dated_early_in_a_month_is_background(tagger: EventTagger) -> None:
    text = (
        "A truce between the two sides took effect at dawn on Wednesday. Both armies said they "
        "would respect it. Residents began to return home. Shops reopened in the town. Aid "
        "lorries crossed the border. The fighting, which escalated in late March, saw both "
        "sides launch a ground offensive, with at least 2,400 people killed."
    )
    result = tagger.tag("Truce takes effect", text)
    assert "ground_offensive" not in result.tags
    assert result.fatalities is None


@pytest.mark.unit
@pytest.mark.parametrize(
    ("sentence", "count"),
    [
        ("at least six out of the family's 9 children were killed, relatives said", 6),
        ("three out of 12 crew members died in the blast", 3),
        ("five soldiers from the allied armed brigade died in the ambush", 5),
        ("the blast left the 40 year old farmer from the village receiving fatal injuries", 1),
        ("a woman was fatally wounded by shrapnel, and two soldiers were injured", 1),
    ],
)
def test_the_killed_not_the_whole_they_were_counted_from(sentence: str, count: int) -> None:
    assert count_in_sentence(sentence) == count
