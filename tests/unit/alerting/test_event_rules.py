"""Event rules: what fires for an event the cycle touched, and rule files that are refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from event_reports import article, report

from pipelines.alerting.alerts import Candidate, to_alert
from pipelines.alerting.render import render
from pipelines.alerting.rule_types import rule_type
from pipelines.alerting.rules import Rule, RuleError, load_rule_file
from pipelines.events.linking import cluster_reports
from pipelines.events.records import event_document
from pipelines.events.reports import Report, report_of

pytestmark = pytest.mark.unit
INVALID = Path(__file__).resolve().parents[2] / "fixtures" / "alerts" / "invalid"
NOW = datetime(2024, 7, 11, 12, 0, tzinfo=UTC)


def rule(**spec) -> Rule:
    return Rule(name="deadly", file="r.yaml", spec={"type": "event", "notify": [], **spec})


def event_of(reports: list[Report]) -> dict:
    """The one event the linker makes of these reports."""
    [event] = [event_document(c) for c in cluster_reports(reports)]
    return event


def toll_reports(*tolls: int) -> list[Report]:
    """One report per toll from a different outlet, an hour apart, of one strike in Kharkiv."""
    return [report(published=f"2024-07-10T{9 + n:02d}:00:00Z", fatalities=toll, source=f"Outlet {n}",
                   url=f"https://outlet{n}.example/strike")
            for n, toll in enumerate(tolls)]


def candidates(spec_rule: Rule, reports: list[Report], new: list[Report]) -> list[Candidate]:
    """What the rule fires for when `new` are this cycle's reports of the event."""
    return rule_type(spec_rule).event_candidates(spec_rule, [event_of(reports)], {r.article_id for r in new})


def fired(spec_rule: Rule, reports: list[Report], new: list[Report]) -> list[str]:
    """What fired ("new", "toll>=N") for each candidate."""
    return [c.key.split("/", 1)[1] for c in candidates(spec_rule, reports, new)]


def test_a_new_matching_event_fires_new():
    reports = toll_reports(12)
    assert fired(rule(filters={"countries": ["UA"], "min_fatalities": 10}), reports, reports) == ["new"]


def test_an_event_outside_the_filters_stays_quiet():
    reports = toll_reports(12)
    assert fired(rule(filters={"countries": ["SY"]}), reports, reports) == []
    assert fired(rule(filters={"tags": ["airstrike"]}), reports, reports) == []


def test_many_reports_of_one_event_fire_once_with_every_report_linked():
    reports = [report_of(article(source=f"Outlet {n}", language=lang, tagged_language=lang))
               for n, lang in enumerate(("en", "uk", "ru", "en"))]
    [candidate] = candidates(rule(), reports, reports)
    assert candidate.count == 4 and len(candidate.articles) == 4
    assert candidate.event["languages"] == ["en", "ru", "uk"]


def test_a_late_report_of_an_event_that_already_matched_fires_nothing():
    reports = toll_reports(12, 12)
    assert fired(rule(filters={"min_fatalities": 10}), reports, reports[1:]) == []


def test_an_event_whose_toll_reaches_min_fatalities_this_cycle_fires_new():
    reports = toll_reports(4, 15)
    assert fired(rule(filters={"min_fatalities": 10}), reports, reports[1:]) == ["new"]


def test_a_toll_rising_past_a_threshold_fires_that_threshold():
    reports = toll_reports(12, 55)
    assert fired(rule(toll_rises_to=50), reports, reports[1:]) == ["toll>=50"]


def test_of_several_thresholds_crossed_at_once_the_highest_fires():
    reports = toll_reports(12, 120)
    assert fired(rule(toll_rises_to=[50, 100, 500]), reports, reports[1:]) == ["toll>=100"]


def test_a_toll_already_past_the_threshold_before_the_cycle_fires_nothing():
    reports = toll_reports(60, 70)
    assert fired(rule(toll_rises_to=50, new_events=False), reports, reports[1:]) == []


def test_a_toll_rule_ignores_an_event_that_is_new_this_cycle():
    reports = toll_reports(60)
    assert fired(rule(toll_rises_to=50, new_events=False), reports, reports) == []


def test_new_wins_over_a_threshold_crossed_in_the_same_cycle():
    reports = toll_reports(4, 60)
    assert fired(rule(filters={"min_fatalities": 10}, toll_rises_to=50), reports, reports[1:]) == ["new"]


def test_the_alert_id_is_rule_event_and_what_fired_whenever_it_is_evaluated():
    reports = toll_reports(12, 55)
    spec_rule = rule(toll_rises_to=50)
    [candidate] = candidates(spec_rule, reports, reports[1:])
    first, weeks_later = to_alert(candidate, NOW), to_alert(candidate, NOW + timedelta(days=30))
    assert first.id == weeks_later.id and first.key == f"{event_of(reports)['id']}/toll>=50"


def test_a_toll_notification_carries_place_date_type_toll_history_reach_and_links():
    reports = toll_reports(12, 55)
    spec_rule = rule(toll_rises_to=50)
    [candidate] = candidates(spec_rule, reports, reports[1:])
    notification = render([{"id": "x", **to_alert(candidate, NOW).document()}])
    assert "death toll rose to 55 (was 12)" in notification.title
    for expected in ("Place: Kharkiv, UA", "Date: 2024-07-10", "explosion_remote_violence", "Toll: 55",
                     "Toll history: 2024-07-10T09:00:00Z: 12 (Outlet 0) → "
                     "2024-07-10T10:00:00Z: 55 (Outlet 1)",
                     "Reports: 2 from 2 outlets", "https://outlet0.example/strike", "https://outlet1.example/strike"):
        assert expected in notification.text
    assert notification.payload["alerts"][0]["event"]["fired"] == "toll>=50"


@pytest.mark.parametrize(("name", "field", "line", "reason"), [
    ("event-with-query.yaml", "query", 5, "event rules match events, which have no text"),
    ("event-with-feeds.yaml", "filters.feeds", 6, "filter by sources (outlets) instead"),
    ("event-fires-on-nothing.yaml", "new_events", 3, "set toll_rises_to, or the rule fires on nothing"),
    ("toll-on-any-rule.yaml", "toll_rises_to", 4, "toll_rises_to is for type: event"),
    ("event-unknown-type.yaml", "filters.event_types[1]", 4, "unknown event type 'bombing'"),
])
def test_invalid_event_rules_name_file_line_rule_and_field(name, field, line, reason):
    with pytest.raises(RuleError) as caught:
        load_rule_file(INVALID / name)
    error = caught.value
    assert (Path(error.file).name, error.line, error.field) == (name, line, field)
    assert error.rule and reason in error.reason
