"""A report: what the linker needs of one tagged article, language-independent.

Event types, tags, resolved places (name, country, point, precision), actors, the toll and the
event day: the fields every language's tagger fills the same way. Reports are stored inside
their event (so a later cycle can relink without reading the articles index) and rebuilt from
that stored form exactly.
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from functools import cache
from typing import Any

from pipelines.events.dates import event_date
from schemas import load_yaml

PLACES_FILE = "events/places.yaml"
LEAD_CHARS = 600  # the lead is where reports date their event; deeper text is background
EVIDENCE_KEPT = 3


@dataclass(frozen=True)
class Place:
    """A resolved place: a town (a point) or a region (an area around a point)."""

    name: str
    country: str | None
    lat: float | None
    lon: float | None
    precision: str  # town | region

    def km_to(self, other: Place) -> float | None:
        """Great-circle distance in km, None when either has no point."""
        if None in (self.lat, self.lon, other.lat, other.lon):
            return None
        lat1, lon1, lat2, lon2 = map(math.radians, (self.lat, self.lon, other.lat, other.lon))
        h = (
            math.sin((lat2 - lat1) / 2) ** 2
            + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
        )
        return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


@dataclass(frozen=True)
class Report:
    """One article as the linker sees it; ``key`` orders reports canonically."""

    article_id: str
    published: str
    event_date: str
    date_basis: str
    event_types: tuple[str, ...]
    tags: tuple[str, ...]
    actors: tuple[str, ...]
    places: tuple[Place, ...]
    countries: tuple[str, ...]
    fatalities: int | None
    source: str | None = None
    language: str | None = None
    url: str | None = None
    title: str | None = None
    story_id: str | None = None
    evidence: tuple[tuple[str, str, float], ...] = field(default=())

    @property
    def key(self) -> tuple[str, str, str]:
        """Canonical order: event day, then publication, then id; the same whatever the arrival."""
        return (self.event_date, self.published, self.article_id)

    @property
    def day(self) -> date:
        """The event day as a date."""
        return date.fromisoformat(self.event_date)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON data (lists, not tuples), exactly as stored inside the event document."""
        return _plain(asdict(self))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Report:
        """The report back from its stored form."""
        return cls(
            **{
                **data,
                "event_types": tuple(data.get("event_types") or ()),
                "tags": tuple(data.get("tags") or ()),
                "actors": tuple(data.get("actors") or ()),
                "countries": tuple(data.get("countries") or ()),
                "places": tuple(Place(**p) for p in data.get("places") or ()),
                "evidence": tuple(tuple(e) for e in data.get("evidence") or ()),
            }
        )


def _plain(value: Any) -> Any:
    """Tuples as lists, all the way down, so a stored event compares equal to a rebuilt one."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


@cache
def _place_rules() -> tuple[frozenset[str], re.Pattern[str]]:
    data = load_yaml(PLACES_FILE)
    words = "|".join(re.escape(w) for w in data["region_words"])
    return frozenset(data["regions"]), re.compile(rf"\b(?:{words})\b", re.IGNORECASE)


@cache
def distances() -> tuple[float, float]:
    """(same-town km, region radius km), from the data file."""
    data = load_yaml(PLACES_FILE)
    return float(data["same_town_km"]), float(data["region_radius_km"])


def place_of(location: dict[str, Any]) -> Place:
    """An index location ({name, country, geo}) or tagger location ({name, country, lat, lon})."""
    geo = location.get("geo") or {}
    lat = location.get("lat", geo.get("lat"))
    lon = location.get("lon", geo.get("lon"))
    regions, region_word = _place_rules()
    name = location["name"]
    precision = "region" if name in regions or region_word.search(name) else "town"
    return Place(name, location.get("country"), lat, lon, precision)


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        return None


def is_linkable(article: dict[str, Any]) -> bool:
    """Articles with a conflict event type and a publication day take part in events."""
    return (
        bool(article.get("event_types"))
        and _day(article.get("published") or article.get("fetched_at")) is not None
    )


def report_of(article: dict[str, Any]) -> Report:
    """The linker's view of an enriched article (call only when ``is_linkable``)."""
    published = article.get("published") or article.get("fetched_at")
    language = article.get("tagged_language") or article.get("language")
    evidence = sorted(article.get("evidence") or [], key=lambda e: -float(e.get("score") or 0))
    passages = [article.get("title") or "", (article.get("text") or "")[:LEAD_CHARS]]
    passages += [e["sentence"] for e in evidence if e.get("sentence")]
    day, basis = event_date(passages, language, _day(published))
    return Report(
        article_id=article["id"],
        published=published,
        event_date=day.isoformat(),
        date_basis=basis,
        event_types=tuple(sorted(set(article.get("event_types") or ()))),
        tags=tuple(sorted(set(article.get("tags") or ()))),
        actors=tuple(sorted(set(article.get("actors") or ()))),
        places=tuple(place_of(loc) for loc in article.get("locations") or ()),
        countries=tuple(sorted(set(article.get("countries") or ()))),
        fatalities=article.get("fatalities"),
        source=article.get("source"),
        language=language,
        url=article.get("url"),
        title=article.get("title"),
        story_id=article.get("story_id"),
        evidence=tuple(
            (e["tag"], e["sentence"], float(e.get("score") or 0)) for e in evidence[:EVIDENCE_KEPT]
        ),
    )
