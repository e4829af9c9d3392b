"""Enriched articles for the events tests: a tagged airstrike report, changed per test."""

from __future__ import annotations

import itertools
from typing import Any

from pipelines.events.reports import Report, report_of

_ids = itertools.count()
PLACES = {
    "Kharkiv": {"name": "Kharkiv", "country": "UA", "lat": 49.98, "lon": 36.25},
    "Dnipro": {"name": "Dnipro", "country": "UA", "lat": 48.45, "lon": 34.98},
    "Kharkiv region": {"name": "Kharkiv region", "country": "UA", "lat": 49.99, "lon": 36.23},
    "Rafah": {"name": "Rafah", "country": "PS", "lat": 31.30, "lon": 34.25},
    "Khan Younis": {"name": "Khan Younis", "country": "PS", "lat": 31.34, "lon": 34.31},
}


def article(
    places: tuple[str, ...] = ("Kharkiv",),
    published: str = "2024-07-10T09:00:00Z",
    text: str = "A missile hit a residential building.",
    **fields: Any,
) -> dict[str, Any]:
    """A tagged article as the index holds it; ``fields`` override any field."""
    locations = [PLACES[name] for name in places]
    doc = {
        "id": f"a{next(_ids):04d}",
        "url": "https://example.org/report",
        "source": "Outlet A",
        "title": "Missile strike",
        "text": text,
        "published": published,
        "language": "en",
        "tagged_language": "en",
        "event_types": ["explosion_remote_violence"],
        "tags": ["missile_attack", "civilian_casualties"],
        "actors": ["Russian forces"],
        "countries": sorted({p["country"] for p in locations}),
        "locations": locations,
        "fatalities": 5,
        "evidence": [{"tag": "missile_attack", "sentence": text, "score": 0.9}],
        "story_id": None,
    }
    doc.update(fields)
    return doc


def report(**kwargs: Any) -> Report:
    """The linker's view of ``article(**kwargs)``."""
    return report_of(article(**kwargs))
