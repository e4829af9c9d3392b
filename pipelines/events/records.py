"""An event's document for `sitrep-events`: what happened, where, when, who, how many killed.

Everything here is a function of the event's reports alone (no clock, no arrival order), so a
rebuild from the same reports writes the same document, byte for byte.

Fatalities rule: each outlet's latest stated toll counts once; the event's toll is the highest
toll that two or more outlets state; when no toll is stated by two outlets, it is the latest
single report's (ties: the highest). The range and the whole history are kept beside it.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from pipelines.events.linking import Cluster
from pipelines.events.reports import Place, Report

EVIDENCE_PER_EVENT = 5
ACTORS_PER_EVENT = 8
# ACLED's sub-event types for our tags, most specific first
SUB_EVENT_TYPES = (
    ("chemical_weapons", "Chemical weapon"),
    ("airstrike", "Air/drone strike"),
    ("drone_strike", "Air/drone strike"),
    ("barrel_bombs", "Air/drone strike"),
    ("missile_attack", "Shelling/artillery/missile attack"),
    ("shelling", "Shelling/artillery/missile attack"),
    ("cluster_munitions", "Shelling/artillery/missile attack"),
    ("ied_bombing", "Remote explosive/landmine/IED"),
    ("ground_offensive", "Armed clash"),
    ("armed_clash", "Armed clash"),
    ("siege", "Armed clash"),
    ("aid_attack", "Attack"),
    ("riot", "Violent demonstration"),
    ("protest", "Peaceful protest"),
    ("arrests", "Arrests"),
    ("ceasefire_collapse", "Agreement"),
    ("ceasefire", "Agreement"),
    ("peace_talks", "Agreement"),
    ("displacement", "Other"),
)
TYPE_ORDER = (
    "explosion_remote_violence",
    "battle",
    "violence_against_civilians",
    "riot",
    "protest",
    "strategic_development",
)


def fatalities(reports: list[Report]) -> dict[str, Any]:
    """The toll by the stated rule, with its range, basis and history."""
    stated = sorted(
        (r for r in reports if r.fatalities is not None), key=lambda r: (r.published, r.article_id)
    )
    history = [
        {"published": r.published, "toll": r.fatalities, "source": r.source, "article_id": r.article_id}
        for r in stated
    ]
    if not stated:
        return {
            "fatalities": None,
            "fatalities_basis": None,
            "fatalities_min": None,
            "fatalities_max": None,
            "fatalities_history": [],
        }
    latest_by_outlet = {r.source or r.article_id: r.fatalities for r in stated}
    outlets_per_toll = Counter(latest_by_outlet.values())
    corroborated = [toll for toll, n in outlets_per_toll.items() if n >= 2]
    if corroborated:
        toll, basis = max(corroborated), "two_or_more_sources"
    else:
        last = stated[-1].published
        toll, basis = max(r.fatalities for r in stated if r.published == last), "latest_single_report"
    tolls = [r.fatalities for r in stated]
    return {
        "fatalities": toll,
        "fatalities_basis": basis,
        "fatalities_min": min(tolls),
        "fatalities_max": max(tolls),
        "fatalities_history": history,
    }


def _ranked(values: list[str], order: tuple[str, ...] = ()) -> list[str]:
    """Most frequent first; ties by the given order, then alphabetically."""
    counts = Counter(values)
    rank = {v: i for i, v in enumerate(order)}
    return sorted(counts, key=lambda v: (-counts[v], rank.get(v, len(rank)), v))


def location(cluster: Cluster) -> dict[str, Any]:
    """The place most reports name, towns before areas; the country alone when none is named."""
    counts: Counter[str] = Counter()
    places: dict[str, Place] = {}
    for report in cluster.members:
        for place in {p.name: p for p in report.places}.values():
            counts[place.name] += 1
            places.setdefault(place.name, place)
    if counts:
        best = min(places.values(), key=lambda p: (p.precision != "town", -counts[p.name], p.name))
        geo = {"lat": best.lat, "lon": best.lon} if best.lat is not None and best.lon is not None else None
        return {"name": best.name, "country": best.country, "geo": geo, "precision": best.precision}
    countries = _ranked([c for r in cluster.members for c in r.countries])
    return {
        "name": None,
        "country": countries[0] if countries else None,
        "geo": None,
        "precision": "country" if countries else "unknown",
    }


def evidence(reports: list[Report]) -> list[dict[str, Any]]:
    """The best sentences, one per language and tag first, so every language is heard."""
    candidates = sorted(
        (
            (score, r.language or "", tag, sentence, r.article_id)
            for r in reports
            for tag, sentence, score in r.evidence
        ),
        key=lambda c: (-c[0], c[1], c[2], c[4], c[3]),
    )
    chosen: list[dict[str, Any]] = []
    sentences: set[str] = set()
    heard: set[tuple[str, str]] = set()
    for strict in (True, False):
        for score, language, tag, sentence, article_id in candidates:
            if len(chosen) == EVIDENCE_PER_EVENT:
                return chosen
            if sentence in sentences or (strict and (language, tag) in heard):
                continue
            sentences.add(sentence)
            heard.add((language, tag))
            chosen.append(
                {
                    "tag": tag,
                    "sentence": sentence,
                    "score": score,
                    "language": language or None,
                    "article_id": article_id,
                }
            )
    return chosen


def event_day(reports: list[Report]) -> str:
    """The day most reports give; ties go to the earliest."""
    counts = Counter(r.event_date for r in reports)
    return min(counts, key=lambda day: (-counts[day], day))


def sub_event_type(tags: set[str]) -> str | None:
    """ACLED's sub-event type for the most specific tag present."""
    return next((label for tag, label in SUB_EVENT_TYPES if tag in tags), None)


def event_document(cluster: Cluster) -> dict[str, Any]:
    """The event's document, from its reports alone."""
    reports = sorted(cluster.members, key=lambda r: r.key)
    types = _ranked([t for r in reports for t in r.event_types], TYPE_ORDER)
    violent = [t for t in types if t != "strategic_development"]
    tags = _ranked([t for r in reports for t in r.tags])
    return {
        "id": cluster.id,
        "event_type": (violent or types)[0],
        "event_types": sorted(types),
        "sub_event_type": sub_event_type(set(tags)),
        "tags": tags,
        "event_date": event_day(reports),
        "date_range": {"gte": reports[0].event_date, "lte": reports[-1].event_date},
        "location": location(cluster),
        "countries": sorted(
            {c for r in reports for c in (*r.countries, *(p.country for p in r.places)) if c}
        ),
        "actors": _ranked([a for r in reports for a in r.actors])[:ACTORS_PER_EVENT],
        **fatalities(reports),
        "report_count": len(reports),
        "outlets": sorted({r.source for r in reports if r.source}),
        "languages": sorted({r.language for r in reports if r.language}),
        "article_ids": [r.article_id for r in reports],
        "first_seen": min(r.published for r in reports),
        "last_seen": max(r.published for r in reports),
        "evidence": evidence(reports),
        "title": reports[0].title,
        "reports": [r.to_dict() for r in reports],
    }
