"""What an `event` rule decides about one event the cycle touched: fire "new", "toll>=N", or not.

The decision compares the event as it is now with the event as it was before this cycle,
rebuilt from its reports that are not among the cycle's articles by the linker's own record
builder. So it needs no state besides the events index, a re-run of the cycle decides the
same, and an event the linker renamed (a late report became its anchor) is still known.

- `new`: the event matches the filters now and did not before the cycle (it did not exist,
  or, say, its toll was under `min_fatalities`).
- `toll>=N`: an event known before the cycle, matching the filters now, whose toll reached N
  this cycle (it was unknown or under N). Of several thresholds crossed at once, the highest.
One notification per event and cycle: `new` wins over a toll threshold crossed at once.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from pipelines.alerting.alerts import ArticleMatch, Candidate
from pipelines.alerting.rules import Rule
from pipelines.events.linking import Cluster
from pipelines.events.records import event_document
from pipelines.events.reports import Report

NEW = "new"
# rule filter -> event field; every filter present must hold, values within one are alternatives
EVENT_FILTERS = {"tags": "tags", "event_types": "event_types", "countries": "countries",
                 "sources": "outlets", "languages": "languages"}
SUMMARY_FIELDS = ("id", "event_type", "sub_event_type", "event_date", "location", "countries", "tags",
                  "actors", "fatalities", "fatalities_basis", "fatalities_min", "fatalities_max",
                  "report_count", "outlets", "languages", "first_seen", "last_seen", "title")


def event_matches(filters: dict[str, Any], event: dict[str, Any] | None) -> bool:
    """Whether the event meets every filter of the rule (None, an event that did not exist: no)."""
    if event is None:
        return False
    for name, field in EVENT_FILTERS.items():
        if name in filters and not set(filters[name]) & set(event.get(field) or ()):
            return False
    toll = event.get("fatalities")
    return "min_fatalities" not in filters or (toll is not None and toll >= filters["min_fatalities"])


def before_cycle(event: dict[str, Any], batch_ids: Collection[str]) -> dict[str, Any] | None:
    """The event as its reports from before this cycle make it; None when all of them are new."""
    earlier = sorted((Report.from_dict(r) for r in event.get("reports") or ()
                      if r["article_id"] not in batch_ids), key=lambda r: r.key)
    return event_document(Cluster(anchor=earlier[0], members=earlier)) if earlier else None


def thresholds(rule: Rule) -> list[int]:
    """The rule's `toll_rises_to` as a sorted list (one number or several)."""
    value = rule.spec.get("toll_rises_to", [])
    return sorted(value if isinstance(value, list) else [value])


def firing(rule: Rule, event: dict[str, Any], before: dict[str, Any] | None) -> str | None:
    """What the rule fires for on this event: "new", "toll>=N", or None."""
    filters = rule.spec.get("filters", {})
    if not event_matches(filters, event):
        return None
    if rule.spec.get("new_events", True) and not event_matches(filters, before):
        return NEW
    if before is None:
        return None
    toll, earlier = event.get("fatalities"), before.get("fatalities")
    if toll is None:
        return None
    crossed = [n for n in thresholds(rule) if toll >= n and (earlier is None or earlier < n)]
    return f"toll>={crossed[-1]}" if crossed else None


def event_summary(event: dict[str, Any], fired: str, before: dict[str, Any] | None) -> dict[str, Any]:
    """What the alert keeps of the event: place, date, type, toll (and its history for a toll
    alert), reports, outlets, languages."""
    summary = {name: event.get(name) for name in SUMMARY_FIELDS}
    summary.update(fired=fired, previous_fatalities=before.get("fatalities") if before else None)
    if fired != NEW:
        summary["fatalities_history"] = event.get("fatalities_history") or []
    return summary


def event_message(summary: dict[str, Any]) -> str:
    """One line: what, where, when, how many dead, how well reported."""
    place = summary.get("location") or {}
    where = ", ".join(p for p in (place.get("name"), place.get("country")) if p) or "unknown place"
    kind = (summary.get("event_type") or "event").replace("_", " ")
    if summary.get("sub_event_type"):
        kind += f" ({summary['sub_event_type']})"
    toll = summary.get("fatalities")
    if summary["fired"] == NEW:
        dead = f"{toll} killed" if toll is not None else "no toll reported"
    else:
        was = summary.get("previous_fatalities")
        dead = f"death toll rose to {toll}" + (f" (was {was})" if was is not None else "")
    reach = (f"{summary.get('report_count', 0)} reports, {len(summary.get('outlets') or [])} outlets, "
             f"{len(summary.get('languages') or [])} languages")
    return f"{kind} in {where} on {summary.get('event_date')}: {dead}; {reach}"


def report_match(report: dict[str, Any], event_id: str) -> ArticleMatch:
    """One of the event's reports as the article a notification links to."""
    return ArticleMatch(
        id=report["article_id"], title=report.get("title") or "", source=report.get("source") or "",
        url=report.get("url") or "", published=report.get("published"), story_id=event_id,
        tags=list(report.get("tags") or []), fatalities=report.get("fatalities"),
        language=report.get("language"),
    )


def event_candidate(rule: Rule, event: dict[str, Any], batch_ids: Collection[str]) -> Candidate | None:
    """The rule's candidate for one touched event, keyed by event id and what fired; or None."""
    before = before_cycle(event, batch_ids)
    fired = firing(rule, event, before)
    if fired is None:
        return None
    summary = event_summary(event, fired, before)
    reports = sorted(event.get("reports") or [], key=lambda r: (r.get("published") or "", r["article_id"]),
                     reverse=True)
    return Candidate(
        rule=rule, key=f"{event['id']}/{fired}", articles=[report_match(r, event["id"]) for r in reports],
        count=int(event.get("report_count") or len(reports)), message=event_message(summary),
        event=summary,
    )
