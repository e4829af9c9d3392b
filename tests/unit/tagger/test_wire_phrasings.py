"""Reporting language the first lexicon missed or over-read, and the speed-ups' invariants."""

from __future__ import annotations

import random

import pytest

from pipelines.tagger import EventTagger
from pipelines.tagger.fatalities import count_in_sentence, largest_count
from pipelines.tagger.sentences import _BOUNDARY, _boundaries


@pytest.mark.unit
@pytest.mark.parametrize(
    "title, text, expected",
    [
        (
            "",
            "A United Nations convoy came under fire near the humanitarian corridor, the agency said.",
            {"aid_attack"},
        ),
        (
            "",
            "Two people were killed when mortar rounds landed in a village near the border.",
            {"shelling", "civilian_casualties"},
        ),
        (
            "",
            "A drone struck a camp for displaced people, killing at least 40 people, mostly women "
            "and children.",
            {"drone_strike", "civilian_casualties"},
        ),
        ("", "Indian and Pakistani troops exchanged heavy fire along the Line of Control.", {"armed_clash"}),
        (
            "",
            "Insurgents beheaded at least six villagers in the province, aid groups said.",
            {"civilian_casualties"},
        ),
    ],
)
def test_wire_phrasings_tag(tagger: EventTagger, title: str, text: str, expected: set[str]) -> None:
    assert expected <= set(tagger.tag(title, text).tags)


@pytest.mark.unit
@pytest.mark.parametrize(
    "title, text, unwanted",
    [
        (
            "",
            "Israel has carried out strikes in Lebanon since a truce was brokered last November.",
            "ceasefire",
        ),
        (
            "",
            "Iran fired ballistic missiles at Israel, setting off air raid sirens across the country.",
            "airstrike",
        ),
        (
            "",
            "More than 50,000 refugees have crossed into Mauritania, fleeing fighting between the "
            "army and jihadist groups.",
            "armed_clash",
        ),
        (
            "",
            "Gunmen ambushed a convoy of aid trucks, killing one driver and looting food supplies "
            "meant for displaced families.",
            "displacement",
        ),
        ("Strike denial", "Moscow denied carrying out an airstrike on the village.", "airstrike"),
        ("", "Jihadist fighters attacked an army base with explosive-laden drones.", "armed_clash"),
        ("", "Thousands of fans stormed the pitch after the final whistle.", "ground_offensive"),
    ],
)
def test_background_and_explained_mentions_do_not_tag(
    tagger: EventTagger, title: str, text: str, unwanted: str
) -> None:
    assert unwanted not in tagger.tag(title, text).tags


@pytest.mark.unit
def test_vague_verb_is_shelling_only_without_another_weapon(tagger: EventTagger) -> None:
    pounded = "Russian forces pounded the city with guided bombs and rocket fire overnight."
    assert "shelling" not in tagger.tag("Kharkiv pounded overnight", pounded).tags
    assert "shelling" in tagger.tag("", "Russian forces pounded the town overnight.").tags


def _random_texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    alphabet = "aA. !?\n\"'()[]\t9bMr.U.S."
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(count)]


@pytest.mark.unit
def test_sentence_boundaries_are_those_of_the_reference_regex() -> None:
    for text in _random_texts(5000, 3):
        expected = [
            (m.start(1) if m.start(1) >= 0 else m.start(2), m.end()) for m in _BOUNDARY.finditer(text)
        ]
        assert list(_boundaries(text)) == expected, repr(text)


@pytest.mark.unit
def test_pruned_largest_count_equals_the_full_search() -> None:
    sentences = [
        "the strike killed 12 people",
        "twenty nine soldiers were killed",
        "a man was killed",
        "the death toll rose to 1,200",
        "7 died on 12 may 2024",
        "two hundred and five people died",
        "between 40 and 50 people were killed",
    ]
    for size in range(1, len(sentences) + 1):
        chosen = sentences[:size]
        brute = max((v for v in map(count_in_sentence, chosen) if v is not None), default=None)
        assert largest_count(chosen, None) == brute
