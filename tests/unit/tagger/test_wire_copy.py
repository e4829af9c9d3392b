"""What real wire copy does that written test sets never did (issue 16, item 5).

Found on published English reporting (tests/fixtures/tagger/real/en-extra-dev.jsonl and the
dev half of en.jsonl). Each case is a short text of our own for one behaviour: a missile or
drone raid called an "assault", a lede that says "attacked a military base" before the next
sentences name the bomb, a war's length ("months of fighting") named as background, the
attackers' getaway, a trend of attacks, "ceasefire talks" revived, a past war, a missile
fired into a named sea.
"""

from __future__ import annotations

import pytest

from pipelines.tagger import EventTagger


@pytest.mark.unit
@pytest.mark.parametrize(
    "title, text, absent",
    [
        # a remote attack is an "assault" in wire copy: the weapon explains it, not a battle
        (
            "",
            "Russian forces fired 30 missiles at Kyiv in a predawn assault, killing two people.",
            "armed_clash",
        ),
        (
            "",
            "A drone attack by the rebels hit a tanker, the latest assault on shipping in the strait.",
            "armed_clash",
        ),
        # the lede names the attack, the sentences after it the weapon
        (
            "Rebels attack army base in Arauca",
            "Three soldiers were killed on Monday when rebels attacked a military base near Saravena. "
            "Nine others were wounded, the army said. "
            "The rebels launched explosive devices from a truck parked outside the perimeter.",
            "armed_clash",
        ),
        # the length of a war is its history, not a battle
        ("", "Leaders meet on Saturday to press for an end to more than a month of fighting.", "armed_clash"),
        ("", "The truce took effect at dawn, ending more than a year of intense fighting.", "armed_clash"),
        ("", "The ceasefire that had paused fighting since January expired on Tuesday.", "armed_clash"),
        ("", "The town has been wrecked by months of shelling, officials said on Monday.", "shelling"),
        # a trend of attacks is context, not an attack
        (
            "",
            "The region has seen an uptick in attacks on troops and civilians in recent weeks.",
            "armed_clash",
        ),
        # the attackers' getaway and victims shot as they ran are not displacement
        ("", "Gunmen attacked a police checkpoint, killing two officers before fleeing.", "displacement"),
        ("", "The assailants fled the scene after police returned fire at the post.", "displacement"),
        ("", "Militants fired on villagers as they fled, killing six, residents said.", "displacement"),
        # talks about a truce are talks, whatever the verb before them
        (
            "Egypt hosts delegation to revive ceasefire talks",
            "Mediators met both delegations in Cairo.",
            "ceasefire_collapse",
        ),
        (
            "",
            "Delegations arrived on Sunday, raising hopes that a ceasefire agreement could be reached.",
            "ceasefire",
        ),
        # a past war named as background, an offensive named to date other news
        (
            "",
            "Israel captured the territory in the 1967 Mideast war and troops raided a camp on Monday.",
            "ground_offensive",
        ),
        (
            "",
            "The air strike killed nine, the deadliest since the start of a three-day offensive in Gaza.",
            "ground_offensive",
        ),
        # missiles fired into a named sea are tests
        (
            "N. Korea fires ballistic missile toward Sea of Japan",
            "Seoul's military confirmed the launch.",
            "missile_attack",
        ),
        # a barrage of gunfire is not artillery
        ("", "Militants opened a barrage of gunfire on the checkpoint before dawn.", "shelling"),
    ],
)
def test_wire_copy_phrasings_do_not_fire(tagger: EventTagger, title: str, text: str, absent: str) -> None:
    assert absent not in tagger.tag(title, text).tags


@pytest.mark.unit
@pytest.mark.parametrize(
    "text, tag",
    [
        # a ground attack with no weapon of remote violence nearby is still a battle
        ("Militants attacked an army base in the north on Sunday, killing four soldiers.", "armed_clash"),
        ("Militants attacked a security check post on Tuesday, killing three policemen.", "armed_clash"),
        ("Rebels launched an assault on the garrison at dawn and fighting lasted four hours.", "armed_clash"),
        # a few days of fighting is the news, not a war's length
        ("The rebels captured the outpost after four days of fighting.", "armed_clash"),
        # the missile itself still fires when it hits something
        ("A Houthi missile struck a cargo ship in the Red Sea on Friday, the UKMTO said.", "missile_attack"),
        # people forced from their homes still are displaced
        (
            "Fighting between the army and rebels has forced nearly 3,000 residents to flee their homes.",
            "displacement",
        ),
    ],
)
def test_the_events_beside_them_still_fire(tagger: EventTagger, text: str, tag: str) -> None:
    assert tag in tagger.tag("", text).tags
