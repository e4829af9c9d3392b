"""The processing cycle links tagged articles into events: the demo's reference stories."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from process_fixtures import raw_article

pytestmark = pytest.mark.integration
DEMO = Path(__file__).resolve().parents[3] / "seeds" / "demo"
KABKABIYA = ("wire", "gazette", "chronicle", "observer")


def demo_article(page: str, outlet: str) -> dict:
    """A raw article for a demo page, with its outlet, title and date from expected.yaml."""
    expected = yaml.safe_load((DEMO / "expected.yaml").read_text(encoding="utf-8"))["pages"][page]
    url = f"http://127.0.0.1:8765/{outlet}/pages/{page}"
    html = (DEMO / "pages" / page).read_text(encoding="utf-8")
    return raw_article(
        url, html=html, source=outlet, title=expected["title"], published=expected["published"]
    )


def events(stage) -> list[dict]:
    stage.client.indices.refresh(index=stage.es.events_index)
    hits = stage.client.search(index=stage.es.events_index, size=100)["hits"]["hits"]
    return [hit["_source"] for hit in hits]


@pytest.fixture(scope="module")
def demo_raw() -> list[dict]:
    """The reference Aleppo article and the Kabkabiya drone strike as four outlets ran it."""
    seed = raw_article("https://news.example.org/world/aleppo-bombardment")
    copies = [demo_article(f"sudan-kabkabiya-market-drone-{outlet}.html", outlet) for outlet in KABKABIYA]
    return [seed, *copies]


def test_the_reference_stories_become_one_event_each_with_their_tolls(stage, demo_raw) -> None:
    stage.produce(demo_raw)
    assert stage.run().ok
    found = {e["location"]["country"]: e for e in events(stage)}
    aleppo, kabkabiya = found["SY"], found["SD"]
    assert (aleppo["location"]["name"], aleppo["fatalities"], aleppo["report_count"]) == ("Aleppo", 20, 1)
    assert (kabkabiya["report_count"], kabkabiya["outlets"]) == (4, sorted(KABKABIYA))
    assert (kabkabiya["fatalities"], kabkabiya["fatalities_basis"]) == (27, "two_or_more_sources")
    assert len(found) == 2


def test_a_second_reader_of_the_same_offsets_leaves_the_events_as_they_were(
    stage, make_stage, demo_raw
) -> None:
    stage.produce(demo_raw)
    stage.run()
    before = events(stage)
    make_stage(stage.kafka.consumer_group + "-again").run()
    assert sorted(events(stage), key=lambda e: e["id"]) == sorted(before, key=lambda e: e["id"])
