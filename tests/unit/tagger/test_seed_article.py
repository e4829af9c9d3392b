"""The reference article from DESIGN.md must come out with its known tags, toll, place and actors."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.tagger import EventTagger, TagResult


@pytest.fixture(scope="module")
def seed(tagger: EventTagger, fixtures_dir: Path) -> TagResult:
    title, _, body = (fixtures_dir / "seed-article.txt").read_text(encoding="utf-8").partition("\n")
    return tagger.tag(title, body)


@pytest.mark.unit
def test_seed_event_types(seed: TagResult) -> None:
    assert {"explosion_remote_violence", "battle", "strategic_development"} <= set(seed.event_types)


@pytest.mark.unit
def test_seed_tags(seed: TagResult) -> None:
    expected = {
        "airstrike",
        "cluster_munitions",
        "incendiary_weapons",
        "ceasefire_collapse",
        "ground_offensive",
        "siege",
        "aid_attack",
    }
    assert expected <= set(seed.tags)
    assert "ceasefire" not in seed.tags, "the truce collapsed; it is not a ceasefire story"


@pytest.mark.unit
def test_seed_fatalities_are_the_convoy_not_the_buildings(seed: TagResult) -> None:
    assert seed.fatalities == 20


@pytest.mark.unit
def test_seed_locates_aleppo(seed: TagResult) -> None:
    aleppo = [loc for loc in seed.locations if loc["name"] == "Aleppo"]
    assert aleppo and aleppo[0]["country"] == "SY"
    assert aleppo[0]["lat"] == pytest.approx(36.2, abs=0.1)
    assert aleppo[0]["lon"] == pytest.approx(37.16, abs=0.1)
    assert "SY" in seed.countries


@pytest.mark.unit
def test_seed_actors(seed: TagResult) -> None:
    assert {"Russian forces", "Syrian government forces", "rebels"} <= set(seed.actors)


@pytest.mark.unit
def test_seed_evidence_quotes_the_article(seed: TagResult) -> None:
    cluster = [e for e in seed.evidence if e["tag"] == "cluster_munitions"]
    assert cluster and "cluster bombs fell" in cluster[0]["sentence"]
    assert all(0 < e["score"] <= 1 for e in seed.evidence)


@pytest.mark.unit
def test_result_lists_are_sorted_and_serialisable(seed: TagResult) -> None:
    data = seed.to_dict()
    assert list(data) == [
        "event_types",
        "tags",
        "evidence",
        "fatalities",
        "weapons",
        "actors",
        "locations",
        "countries",
    ]
    for key in ("event_types", "tags", "weapons", "actors", "countries"):
        assert data[key] == sorted(set(data[key]))
