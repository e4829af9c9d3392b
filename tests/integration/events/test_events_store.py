"""Events in the real Elasticsearch: order-independent, idempotent, healed after a crash."""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest
from elasticsearch import Elasticsearch
from event_reports import report

from connectors.elasticsearch_indices import ensure_indices
from connectors.events_store import ensure_events_index, get_event, list_events, write_events
from connectors.settings import ElasticsearchSettings
from pipelines.events.linking import cluster_reports
from pipelines.events.records import event_document
from pipelines.events.relink import relink
from pipelines.events.reports import Report

pytestmark = pytest.mark.integration
TOWNS = ("Kharkiv", "Dnipro", "Kharkiv region")


@pytest.fixture
def events_index(
    isolated_settings: tuple[object, ElasticsearchSettings], es_client: Elasticsearch
) -> Callable[[], str]:
    """Fresh events indices for this test, created by `sitrep init`'s code."""
    _kafka, es = isolated_settings
    ensure_indices(es_client, es)
    names = iter(range(100))

    def fresh() -> str:
        name = f"{es.events_index}-{next(names)}"
        es_client.indices.create(
            index=name,
            mappings=es_client.indices.get_mapping(index=es.events_index)[es.events_index]["mappings"],
        )
        return name

    return fresh


def reports_over_four_days() -> list[Report]:
    """Two reports a day per place, three places, four days, rising tolls."""
    return [
        report(
            places=(town,),
            published=f"2024-07-{day:02d}T{hour:02d}:00:00Z",
            fatalities=day + hour,
            source=f"Outlet {hour}",
        )
        for day in (8, 9, 10, 11)
        for town in TOWNS
        for hour in (6, 18)
    ]


def stored(client: Elasticsearch, index: str) -> dict[str, dict]:
    """Every event document by id."""
    hits = client.search(index=index, size=1000, query={"match_all": {}})["hits"]["hits"]
    return {hit["_id"]: hit["_source"] for hit in hits}


def link_in_batches(client: Elasticsearch, index: str, reports: list[Report], size: int) -> None:
    for start in range(0, len(reports), size):
        relink(client, index, reports[start : start + size])


def test_batches_in_any_order_give_the_events_of_one_big_batch(es_client, events_index) -> None:
    reports = reports_over_four_days()
    whole = events_index()
    relink(es_client, whole, reports)
    expected = stored(es_client, whole)
    assert expected == {c.id: event_document(c) for c in cluster_reports(reports)}
    for seed, size in ((1, 5), (2, 3), (3, 7)):
        shuffled = reports[:]
        random.Random(seed).shuffle(shuffled)
        index = events_index()
        link_in_batches(es_client, index, shuffled, size)
        assert stored(es_client, index) == expected, f"seed {seed}, batches of {size}"


def test_replaying_a_batch_changes_nothing(es_client, events_index) -> None:
    index, reports = events_index(), reports_over_four_days()
    relink(es_client, index, reports)
    before = stored(es_client, index)
    again = relink(es_client, index, reports[:6])
    assert (again.written, again.deleted) == (0, 0) and stored(es_client, index) == before


def test_a_crash_between_writing_and_deleting_heals_on_the_rerun(es_client, events_index) -> None:
    reports = reports_over_four_days()
    late_first = [r for r in reports if r.published.endswith("18:00:00Z")]
    early = [r for r in reports if r.published.endswith("06:00:00Z")]
    clean, crashed = events_index(), events_index()
    for index in (clean, crashed):
        relink(es_client, index, late_first)
    relink(es_client, clean, early)
    # the crashed cycle wrote the rebuilt events but died before deleting the replaced ones
    rebuilt = {c.id: event_document(c) for c in cluster_reports(reports)}
    write_events(es_client, crashed, rebuilt.values(), [])
    assert len(stored(es_client, crashed)) > len(rebuilt)
    relink(es_client, crashed, early)  # the rerun of the same offsets
    assert stored(es_client, crashed) == stored(es_client, clean) == rebuilt


def test_a_batch_looks_its_neighbourhood_up_in_few_searches(es_client, events_index) -> None:
    index, reports = events_index(), reports_over_four_days()
    relink(es_client, index, reports[:12])
    result = relink(es_client, index, reports[12:])
    assert result.searches <= 2 and result.reports == 12


def test_events_are_listed_and_fetched_with_their_reports(es_client, events_index) -> None:
    index, reports = events_index(), reports_over_four_days()
    relink(es_client, index, reports)
    recent = {c.id for c in cluster_reports(reports) if event_document(c)["event_date"] >= "2024-07-10"}
    total, listed = list_events(es_client, index, {"countries": ["UA"], "since": "2024-07-10"}, limit=1)
    assert total == len(recent) >= 2 and len(listed) == 1 and listed[0]["id"] in recent
    assert "reports" not in listed[0]
    full = get_event(es_client, index, listed[0]["id"])
    assert full is not None and full["reports"] and get_event(es_client, index, "ev-none") is None


def test_the_cycle_creates_a_missing_events_index_with_its_mapping(es_client, isolated_settings) -> None:
    index = isolated_settings[1].events_index + "-missing"
    assert ensure_events_index(es_client, index) is True
    assert ensure_events_index(es_client, index) is False
    mapping = es_client.indices.get_mapping(index=index)[index]["mappings"]
    assert (
        mapping["dynamic"] == "strict"
        and mapping["properties"]["location"]["properties"]["geo"]["type"] == "geo_point"
    )
