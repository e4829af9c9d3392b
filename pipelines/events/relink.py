"""Relinking a batch: fetch the events near its reports, rebuild them with it, write the change.

Order independence across cycles rests on this: the events near a batch (same countries, or
none, within NEIGHBOURHOOD_DAYS of a report, and again around every event the rebuild
changes) are rebuilt from all their stored reports plus the batch's, by the same canonical
clustering as one big batch would use; events further away cannot interact with the batch
or with what changed (no report is compared with an event more than DAY_TOLERANCE away).
Rebuilt events that did not change are not written; events that no longer exist (their
reports now belong elsewhere) are deleted.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from elasticsearch import Elasticsearch

from connectors.events_store import events_near, write_events
from pipelines.events.linking import DAY_TOLERANCE, cluster_reports
from pipelines.events.records import event_document
from pipelines.events.reports import Report

log = logging.getLogger(__name__)
NEIGHBOURHOOD_DAYS = DAY_TOLERANCE + 1
MAX_PASSES = 6  # searches widening the neighbourhood; a window usually settles in one

Cell = tuple[str, str, tuple[str, ...] | None]


@dataclass
class RelinkResult:
    """What one batch changed in the events index."""

    reports: int
    events_near: int
    events: int
    written: int
    deleted: int
    searches: int


def _merge(spans: Iterable[tuple[date, date]]) -> list[tuple[date, date]]:
    """Overlapping or touching day spans merged into disjoint ones."""
    merged: list[tuple[date, date]] = []
    for lo, hi in sorted(spans):
        if merged and lo <= merged[-1][1] + timedelta(days=1):
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged


def cells(spans: Iterable[tuple[date, date, tuple[str, ...]]]) -> list[Cell]:
    """Search cells: day spans widened by NEIGHBOURHOOD_DAYS, merged per country set."""
    margin = timedelta(days=NEIGHBOURHOOD_DAYS)
    by_countries: dict[tuple[str, ...], list[tuple[date, date]]] = defaultdict(list)
    for lo, hi, countries in spans:
        by_countries[countries].append((lo - margin, hi + margin))
    return [
        (lo.isoformat(), hi.isoformat(), countries or None)
        for countries, found in sorted(by_countries.items())
        for lo, hi in _merge(found)
    ]


def report_span(report: Report) -> tuple[date, date, tuple[str, ...]]:
    """A report's day and every country it names (places' countries included)."""
    countries = {*report.countries, *(p.country for p in report.places if p.country)}
    return report.day, report.day, tuple(sorted(countries))


def event_span(event: dict[str, Any]) -> tuple[date, date, tuple[str, ...]]:
    """A stored event's day range and countries."""
    days = event["date_range"]
    return (
        date.fromisoformat(days["gte"]),
        date.fromisoformat(days["lte"]),
        tuple(event.get("countries") or ()),
    )


def _covered(cell: Cell, searched: list[Cell]) -> bool:
    """Whether earlier searches already fetched every event this cell could match."""
    lo, hi, countries = cell
    around = [s for s in searched if s[0] <= lo and hi <= s[1]]
    if any(s[2] is None for s in around):
        return True
    return countries is not None and all(any(c in s[2] for s in around) for c in countries)


def _rebuild(stored: dict[str, dict[str, Any]], batch: Sequence[Report]) -> dict[str, dict[str, Any]]:
    """The events of the stored ones' reports plus the batch (the batch's version wins)."""
    known = [Report.from_dict(r) for event in stored.values() for r in event["reports"]]
    return {c.id: event_document(c) for c in cluster_reports([*known, *batch])}


def relink(client: Elasticsearch, index: str, batch: Sequence[Report]) -> RelinkResult:
    """Link a batch of reports into the stored events, idempotently.

    The first search fetches the events near the batch; each rebuild that changes an event
    near the edge of what was fetched searches around that event too, until a rebuild
    changes nothing unseen. A window usually needs one search.
    """
    if not batch:
        return RelinkResult(0, 0, 0, 0, 0, 0)
    ids = sorted({r.article_id for r in batch})
    stored: dict[str, dict[str, Any]] = {}
    searched: list[Cell] = []
    wanted = cells(report_span(r) for r in batch)
    documents: dict[str, dict[str, Any]] = {}
    searches = 0
    while wanted and searches < MAX_PASSES:
        found = events_near(client, index, wanted, ids if not searched else ())
        searches, searched = searches + 1, searched + wanted
        stored.update((e["id"], e) for e in found if e["id"] not in stored)
        documents = _rebuild(stored, batch)
        touched = [d for i, d in documents.items() if stored.get(i) != d]
        touched += [e for i, e in stored.items() if documents.get(i) != e]
        spans = [report_span(r) for r in batch] + [event_span(d) for d in touched]
        wanted = [c for c in cells(spans) if not _covered(c, searched)]
    if wanted:
        log.warning("events neighbourhood still growing after %d searches (%d events)", searches, len(stored))
    put = [doc for event_id, doc in sorted(documents.items()) if stored.get(event_id) != doc]
    gone = sorted(set(stored) - set(documents))
    written, deleted = write_events(client, index, put, gone)
    return RelinkResult(len(batch), len(stored), len(documents), written, deleted, searches)
