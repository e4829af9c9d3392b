"""Stories: exact duplicates collapse, near-duplicates join the earliest article's story."""

from __future__ import annotations

import apache_beam as beam
import pytest
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to

from connectors.story_lookup import StoredHead
from pipelines.minhash import Signer, similarity
from pipelines.settings import PipelineSettings
from pipelines.stories import AssignStories, best_stored_head

pytestmark = pytest.mark.unit
SETTINGS = PipelineSettings()
WIRE = (
    "Rebel-held areas of Aleppo came under heavy bombardment for a second day following an "
    "announcement of a major offensive by the Syrian government. A squadron of five aircraft "
    "was in the skies above the city on Friday morning, with bombing waves targeting the east "
    "of the city, according to the head of the civil defence rescue service."
)
OTHER = (
    "The central bank left interest rates unchanged on Thursday, citing slowing inflation and "
    "a weaker labour market, and signalled that cuts could come later in the year if prices "
    "keep easing across the services sector and wage growth moderates further."
)


def article(id_: str, text: str, published: str, fetched_at: str = "2024-01-01T00:00:00Z") -> dict:
    return {"id": id_, "title": "", "text": text, "published": published, "fetched_at": fetched_at}


def stories(articles: list[dict]) -> beam.PCollection:
    """Run AssignStories without cross-cycle lookup; return (id, story_id, duplicate_of)."""
    p = TestPipeline()
    out = p | beam.Create(articles) | AssignStories(SETTINGS)
    return p, out | beam.Map(lambda a: (a["id"], a["story_id"], a["duplicate_of"]))


def test_a_republished_wire_story_joins_the_earliest_copy() -> None:
    p, out = stories(
        [
            article("b", WIRE + " Reported by Agency.", "2024-01-01T10:00:00Z"),
            article("a", WIRE, "2024-01-01T09:00:00Z"),
        ]
    )
    assert_that(out, equal_to([("a", "a", None), ("b", "a", "a")]))
    p.run()


def test_unrelated_articles_are_their_own_stories() -> None:
    p, out = stories(
        [article("a", WIRE, "2024-01-01T09:00:00Z"), article("c", OTHER, "2024-01-01T08:00:00Z")]
    )
    assert_that(out, equal_to([("a", "a", None), ("c", "c", None)]))
    p.run()


def test_the_same_id_read_twice_is_kept_once() -> None:
    p, out = stories(
        [
            article("a", WIRE, "2024-01-01T09:00:00Z", fetched_at="2024-01-01T10:00:00Z"),
            article("a", WIRE, "2024-01-01T09:00:00Z", fetched_at="2024-01-01T11:00:00Z"),
        ]
    )
    assert_that(out, equal_to([("a", "a", None)]))
    p.run()


def test_similar_texts_share_band_keys_and_score_high() -> None:
    signer = Signer(64, 16, 3)
    a, b = signer.minhash(WIRE), signer.minhash(WIRE + " Reported by Agency.")
    assert similarity(a, b) > 0.8 and set(signer.band_keys(a)) & set(signer.band_keys(b))


def test_unrelated_texts_score_low() -> None:
    signer = Signer(64, 16, 3)
    assert similarity(signer.minhash(WIRE), signer.minhash(OTHER)) < 0.2


def test_a_stored_head_never_matches_the_article_itself() -> None:
    signer = Signer(64, 16, 3)
    sig = signer.minhash(WIRE)
    me = {"id": "a", "minhash": list(sig), "lsh_bands": signer.band_keys(sig)}
    head = StoredHead("a", "a", sig, frozenset(signer.band_keys(sig)))
    assert best_stored_head(me, [head], 0.6) is None


def test_a_stored_head_from_an_earlier_cycle_gives_the_story() -> None:
    signer = Signer(64, 16, 3)
    old, new = signer.minhash(WIRE), signer.minhash(WIRE + " Reported by Agency.")
    me = {"id": "b", "minhash": list(new), "lsh_bands": signer.band_keys(new)}
    head = StoredHead("a", "story-1", old, frozenset(signer.band_keys(old)))
    assert best_stored_head(me, [head], 0.6).story_id == "story-1"
