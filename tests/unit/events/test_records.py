"""The event document: toll rule, place, day, evidence; the same from the same reports."""

from __future__ import annotations

import random

import pytest
from event_reports import report

from pipelines.events.linking import cluster_reports
from pipelines.events.records import event_document, fatalities

pytestmark = pytest.mark.unit


def toll(*stated: tuple[str, str, int | None]) -> dict:
    """The toll fields for reports given as (outlet, published, toll)."""
    return fatalities([report(source=s, published=p, fatalities=n) for s, p, n in stated])


def test_the_toll_is_the_highest_stated_by_two_or_more_outlets() -> None:
    found = toll(
        ("A", "2023-01-15T10:00:00Z", 30),
        ("B", "2023-01-16T10:00:00Z", 40),
        ("C", "2023-01-16T11:00:00Z", 40),
        ("D", "2023-01-17T10:00:00Z", 45),
    )
    assert (found["fatalities"], found["fatalities_basis"]) == (40, "two_or_more_sources")
    assert (found["fatalities_min"], found["fatalities_max"]) == (30, 45)
    assert [h["toll"] for h in found["fatalities_history"]] == [30, 40, 40, 45]


def test_without_corroboration_the_latest_single_report_counts() -> None:
    found = toll(("A", "2023-01-15T10:00:00Z", 30), ("B", "2023-01-16T10:00:00Z", 36))
    assert (found["fatalities"], found["fatalities_basis"]) == (36, "latest_single_report")


def test_an_outlet_counts_once_with_its_latest_figure() -> None:
    found = toll(
        ("A", "2023-01-15T10:00:00Z", 30),
        ("A", "2023-01-16T10:00:00Z", 35),
        ("B", "2023-01-16T12:00:00Z", 30),
    )
    assert (found["fatalities"], found["fatalities_basis"]) == (30, "latest_single_report")


def test_no_stated_toll_leaves_it_unknown() -> None:
    assert toll(("A", "2023-01-15T10:00:00Z", None))["fatalities"] is None


def test_the_event_is_placed_at_the_town_most_reports_name() -> None:
    (cluster,) = cluster_reports([report(places=("Kharkiv",)), report(places=("Kharkiv", "Kharkiv region"))])
    location = event_document(cluster)["location"]
    assert (location["name"], location["country"], location["precision"]) == ("Kharkiv", "UA", "town")
    assert location["geo"] == {"lat": 49.98, "lon": 36.25}


def test_the_document_counts_reports_outlets_and_languages() -> None:
    reports = [report(source="A"), report(source="B", tagged_language="uk"), report(source="B")]
    doc = event_document(cluster_reports(reports)[0])
    assert (doc["report_count"], doc["outlets"], doc["languages"]) == (3, ["A", "B"], ["en", "uk"])
    assert doc["event_type"] == "explosion_remote_violence"
    assert doc["sub_event_type"] == "Shelling/artillery/missile attack"


def test_the_same_reports_in_any_order_give_the_same_document() -> None:
    reports = [report(source=s, fatalities=n) for s, n in (("A", 3), ("B", 5), ("C", 5), ("D", 7))]
    expected = event_document(cluster_reports(reports)[0])
    shuffled = reports[:]
    random.Random(7).shuffle(shuffled)
    assert event_document(cluster_reports(shuffled)[0]) == expected
