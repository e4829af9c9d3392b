"""Which reports are one event (README "How reports become events")."""

from __future__ import annotations

import random

import pytest
from event_reports import report

from pipelines.events.linking import cluster_reports
from pipelines.events.reports import Report

pytestmark = pytest.mark.unit


def groups(reports: list[Report]) -> list[set[str]]:
    """The grouping as sets of article ids, in a stable order."""
    return sorted(({m.article_id for m in c.members} for c in cluster_reports(reports)), key=min)


def test_two_outlets_on_the_same_strike_are_one_event() -> None:
    a, b = report(source="Outlet A"), report(source="Outlet B", language="uk", tagged_language="uk")
    assert groups([a, b]) == [{a.article_id, b.article_id}]


def test_same_town_two_days_apart_are_two_events() -> None:
    a = report(published="2024-07-08T09:00:00Z")
    b = report(published="2024-07-10T09:00:00Z")
    assert len(groups([a, b])) == 2


def test_same_day_different_towns_are_two_events() -> None:
    assert len(groups([report(places=("Kharkiv",)), report(places=("Dnipro",))])) == 2


def test_a_follow_up_days_later_joins_by_the_day_it_names() -> None:
    first = report(published="2024-07-06T12:00:00Z", fatalities=12)
    later = report(
        published="2024-07-09T08:00:00Z",
        text="The toll from Saturday's missile strike rose to 40 on Tuesday.",
        fatalities=40,
    )
    assert later.event_date == "2024-07-06"
    assert groups([first, later]) == [{first.article_id, later.article_id}]


def test_a_report_naming_only_the_region_joins_the_town_event() -> None:
    town, region = report(places=("Kharkiv",)), report(places=("Kharkiv region",))
    assert len(groups([town, region])) == 1


def test_different_kinds_of_event_stay_apart() -> None:
    strike = report()
    protest = report(event_types=["protest"], tags=["protest"])
    assert len(groups([strike, protest])) == 2


def test_contradicting_actors_split_a_region_level_match() -> None:
    a = report(places=("Kharkiv",), actors=["Russian forces"])
    b = report(places=("Kharkiv region",), actors=["Islamic State"])
    assert len(groups([a, b])) == 2


def test_a_report_with_no_place_joins_only_the_one_event_stating_its_toll() -> None:
    kharkiv, dnipro = report(places=("Kharkiv",), fatalities=12), report(places=("Dnipro",), fatalities=3)
    vague = report(places=(), countries=[], fatalities=12)
    assert {vague.article_id, kharkiv.article_id} in groups([kharkiv, dnipro, vague])


def test_a_country_only_report_is_left_alone_when_two_events_fit() -> None:
    kharkiv, dnipro = report(places=("Kharkiv",), fatalities=12), report(places=("Dnipro",), fatalities=3)
    vague = report(places=(), countries=["UA"], fatalities=None)
    assert {vague.article_id} in groups([kharkiv, dnipro, vague])


def test_near_duplicate_copies_join_whatever_their_places() -> None:
    a = report(places=("Kharkiv",), story_id="s1")
    b = report(places=("Dnipro",), story_id="s1")
    assert len(groups([a, b])) == 1


def test_the_grouping_and_ids_do_not_depend_on_arrival_order() -> None:
    days = ["2024-07-08", "2024-07-09", "2024-07-10", "2024-07-11"]
    reports = [
        report(places=(town,), published=f"{day}T{hour:02d}:00:00Z", fatalities=hour)
        for day in days
        for town in ("Kharkiv", "Dnipro", "Kharkiv region")
        for hour in (6, 18)
    ]
    expected = {c.id: {m.article_id for m in c.members} for c in cluster_reports(reports)}
    for seed in range(20):
        shuffled = reports[:]
        random.Random(seed).shuffle(shuffled)
        assert {c.id: {m.article_id for m in c.members} for c in cluster_reports(shuffled)} == expected


def test_the_event_id_is_derived_from_its_first_report() -> None:
    a, b = report(published="2024-07-10T06:00:00Z"), report(published="2024-07-10T09:00:00Z")
    assert cluster_reports([b, a])[0].id == cluster_reports([a])[0].id


def test_a_later_version_of_an_article_replaces_the_earlier() -> None:
    old = report(fatalities=3)
    new = Report.from_dict({**old.to_dict(), "fatalities": 9})
    (cluster,) = cluster_reports([old, new])
    assert [m.fatalities for m in cluster.members] == [9]
