"""The language of real reporting that the first blind set (blind-1.jsonl) exposed.

Each case is a short sentence of our own for one behaviour: fire crews and politicians
"battle" and "ambush" without a war, truces in trade are no truce, weapons on parade or for
sale are no attack, truces "unravel" and suffer "breaches", gunfights and tanks rolling
into towns are battles, Haiti's gangs are armed actors, and death counts read ranges and
"three of them children" right.
"""

from __future__ import annotations

import pytest

from pipelines.tagger import EventTagger


@pytest.mark.unit
@pytest.mark.parametrize(
    "title, text",
    [
        ("Wildfire near Marseille", "More than 700 firefighters battled the blaze through the night."),
        ("", "The governor fired back, accusing City Hall of ambushing lawmakers in a war of words."),
        ("US and China extend tariff truce", "Negotiators agreed to extend the tariff truce by 90 days."),
        ("", "China showcased new ballistic missiles and drones at a military parade in Beijing."),
        ("", "Iran has supplied Shahed drones to Russia, Western officials said."),
        ("", "Germany will deliver more Taurus cruise missiles under the new package."),
        (
            "Police arrest 14 in drug raids",
            "Officers arrested 14 people in dawn raids on a county lines drug gang.",
        ),
        ("", "A veteran said he still remembered the shelling every night of the battle."),
        (
            "North Korea test-fires new solid-fuel ICBM",
            "The intercontinental ballistic missile flew for 86 minutes.",
        ),
        ("", "Merz said he would send Taurus cruise missiles to Ukraine if elected."),
        (
            "Battlefield 6 sells 7 million copies",
            "Players call in airstrikes and level buildings with tank shells.",
        ),
        (
            "Finland votes to leave landmine treaty",
            "Parliament voted to quit the landmine treaty on Tuesday.",
        ),
        ("", "Swiss Patriot deliveries were delayed as the US prioritised Ukraine's air defence."),
        ("", "Rheinmetall broke ground on an artillery shell plant in Lithuania."),
        ("Gang jailed over prison drones", "The gang used drones to fly drugs and phones into prisons."),
        ("Doctors' strike paralyses hospitals", "Doctors went on a nationwide strike over unpaid wages."),
        ("", "North Korea fired a ballistic missile into the sea off its east coast, Seoul said."),
        ("Australia to buy 200 Tomahawk missiles", "The cruise missiles will arm the navy's destroyers."),
        (
            "Chlorine gas leak at chemical plant",
            "Forty workers were taken to hospital after the chlorine leak.",
        ),
        (
            "India successfully tests Agni-5 missile",
            "The nuclear-capable ballistic missile was launched from Odisha.",
        ),
        ("Floods displace 150,000 in Punjab", "More than 150,000 people fled their homes as rivers burst."),
        ("Thousands evacuated as WWII bomb is defused", "Residents were evacuated from 20 streets."),
        ("", "Police shot dead three suspected robbers in a shootout at a Soweto mall."),
        (
            "",
            "Rheinmetall's profit jumped on soaring demand for 155mm artillery shells from European armies.",
        ),
        (
            "",
            "The museum opened an exhibition on Tuesday about the Somme, where British troops "
            "suffered heavy shelling during the First World War.",
        ),
    ],
)
def test_figurative_commercial_remembered_and_historic_war_words_tag_nothing(
    tagger: EventTagger, title: str, text: str
) -> None:
    result = tagger.tag(title, text)
    assert result.tags == [] and result.event_types == []


@pytest.mark.unit
@pytest.mark.parametrize(
    "text, tag",
    [
        ("The ceasefire with M23 rebels appeared to unravel on Saturday.", "ceasefire_collapse"),
        (
            "Israeli drones struck a car in south Lebanon as breaches of the truce mount.",
            "ceasefire_collapse",
        ),
        ("Two militants were killed in a gunfight with security forces in Kupwara.", "armed_clash"),
        ("Pakistani troops opened small arms fire on Indian army posts overnight.", "armed_clash"),
        ("Israeli tanks rolled back into eastern Khan Younis on Monday.", "ground_offensive"),
        ("Police fired tear gas at opposition supporters marching on the capital.", "protest"),
        ("Security forces rounded up hundreds of opposition party workers across Punjab.", "arrests"),
        ("Gangs stormed the town on Monday and at least 10 residents were killed.", "civilian_casualties"),
        ("Baku accused Armenian troops of firing on its positions near the border.", "armed_clash"),
        ("Gunmen kill aid worker and abduct two colleagues in Jonglei.", "aid_attack"),
        ("Papuan rebels killed 11 gold miners in Yahukimo, police said.", "civilian_casualties"),
        ("Armed men opened fire on a WFP aid convoy near Nyala, killing three drivers.", "aid_attack"),
        ("Residents of Kadugli face starvation as the RSF siege tightens.", "siege"),
        (
            "The Indian army accused Pakistani troops of repeated violations hours after the ceasefire.",
            "ceasefire_collapse",
        ),
        ("Police said four men were arrested after the riot near the mosque.", "arrests"),
        ("Gangs seize the town of Mirebalais and free more than 500 inmates.", "ground_offensive"),
        ("Police were attacked with petrol bombs on a third night of disorder in Ballymena.", "riot"),
        ("Amnesty said the Sudanese army dropped cluster bombs on villages in South Kordofan.", "airstrike"),
        (
            "A Houthi missile struck the bulk carrier, killing three seafarers, US officials said.",
            "civilian_casualties",
        ),
        ("Members of a gang armed with automatic rifles shot residents, killing 115.", "civilian_casualties"),
        ("Four villagers suffered severe burns when incendiary bombs fell on Friday.", "civilian_casualties"),
        (
            "Barrel bombs hit the villages on Sunday. Thousands of residents had fled north "
            "towards the border in the past 48 hours, officials said.",
            "displacement",
        ),
    ],
)
def test_reporting_phrasings_tag(tagger: EventTagger, text: str, tag: str) -> None:
    assert tag in tagger.tag("", text).tags


@pytest.mark.unit
def test_a_truce_only_reported_violated_is_not_also_a_truce(tagger: EventTagger) -> None:
    tags = tagger.tag(
        "Doha truce appears to unravel", "Fighting flared as the truce appeared to unravel."
    ).tags
    assert "ceasefire_collapse" in tags and "ceasefire" not in tags


@pytest.mark.unit
@pytest.mark.parametrize(
    "text, count",
    [
        ("A suicide bomber struck outside the ministry, killing between four and six people.", 6),
        ("Shelling hit the town and at least six people, three of them children, had died.", 6),
        ("An airstrike killed one hundred and five people in the market.", 105),
        ("Seven soldiers were martyred when an IED struck their vehicle in North Waziristan.", 7),
        ("Army airstrikes neutralised more than 40 terrorists near Djibo, the military said.", 40),
    ],
)
def test_death_counts(tagger: EventTagger, text: str, count: int) -> None:
    assert tagger.tag("", text).fatalities == count


@pytest.mark.unit
@pytest.mark.parametrize(
    "title, text",
    [
        (
            "'Warfare' review: an Iraq war film of unbearable tension",
            "A Navy SEAL platoon is pinned down in a house in Ramadi as insurgents close in, and an "
            "IED tears through the street outside.",
        ),
        (
            "Lithuania quits cluster munitions treaty, citing Russian threat",
            "Lawmakers voted to leave the convention banning cluster munitions so the army can "
            "stock them against Russian forces.",
        ),
        (
            "NATO troops hold live-fire drills near the Belarus border",
            "German and Lithuanian troops fired howitzers and launched anti-tank missiles in a mock "
            "assault across a river on Tuesday.",
        ),
    ],
)
def test_a_headline_of_another_genre_without_an_event_keeps_the_body_untagged(
    tagger: EventTagger, title: str, text: str
) -> None:
    assert tagger.tag(title, text).tags == []


@pytest.mark.unit
def test_a_headline_event_keeps_the_article_tagged_whatever_its_genre_words(tagger: EventTagger) -> None:
    title = "Russian missile strike hits Kharkiv museum"
    text = "A ballistic missile struck the city's art museum overnight, killing two guards."
    assert "missile_attack" in tagger.tag(title, text).tags


@pytest.mark.unit
def test_a_comparison_with_history_is_no_history(tagger: EventTagger) -> None:
    text = (
        "Ukrainian troops pushed into Russia's Kursk region on Thursday, the biggest incursion "
        "into Russian territory since World War Two, as heavy fighting raged around Sudzha."
    )
    assert "armed_clash" in tagger.tag("", text).tags
