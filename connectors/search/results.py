"""Shaping Elasticsearch answers into what analysts read: rows, stories and facet counts."""

from __future__ import annotations

import math
from typing import Any

from connectors.language_analysis import language_field

FACET_FIELDS = {"tags": "tags", "event_types": "event_types", "countries": "countries",
                "sources": "source", "languages": "language"}
FACET_SIZE = 40
TIMELINE_TAGS = 6
MAP_PLACES = 150


def article_row(hit: dict[str, Any]) -> dict[str, Any]:
    """One result row: the article's fields, highlighted title and snippets, and its score."""
    source = hit.get("_source", {})
    lights = hit.get("highlight", {})
    title_html = (_best_highlight(lights, "title", source.get("language")) or [None])[0]
    snippets = _best_highlight(lights, "text", source.get("language"))
    score = hit.get("_score")
    return {
        **source,
        "title_html": title_html,
        "snippets": snippets,
        "score": None if score is None or math.isnan(score) else round(score, 4),
        "sort": hit.get("sort"),
    }


def _best_highlight(lights: dict[str, list[str]], field: str, language: str | None) -> list[str]:
    """The best fragments of ``field``: exact first, then the article's own language's field
    (its inflected forms marked), then the neutral field."""
    own = language_field(field, language) if language else None
    for name in (f"{field}.exact", own, field):
        if name and lights.get(name):
            return lights[name]
    return []


def story_counts(aggs: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Per story id: how many matching articles and outlets it has, and which outlets."""
    counts: dict[str, dict[str, Any]] = {}
    for bucket in aggs.get("stories", {}).get("buckets", []):
        counts[bucket["key"]] = {
            "articles": bucket["doc_count"],
            "outlets": bucket["outlets"]["value"],
            "outlet_names": [b["key"] for b in bucket["names"]["buckets"]],
        }
    return counts


def with_story_counts(rows: list[dict[str, Any]], counts: dict[str, dict[str, Any]]) -> None:
    """Add "and N more outlets" to each grouped row, in place."""
    for row in rows:
        found = counts.get(row.get("story_id") or "", {})
        names = [name for name in found.get("outlet_names", []) if name != row.get("source")]
        row["story_articles"] = found.get("articles", 1)
        row["more_outlets"] = max(found.get("outlets", 1) - 1, 0)
        row["other_outlets"] = names[:3]


def story_counts_aggs(story_ids: list[str]) -> dict[str, Any]:
    """Aggregations counting articles and distinct outlets of the given stories."""
    return {"stories": {
        "terms": {"field": "story_id", "size": max(len(story_ids), 1)},
        "aggs": {"outlets": {"cardinality": {"field": "source"}},
                 "names": {"terms": {"field": "source", "size": 4}}},
    }}


def facets_aggs() -> dict[str, Any]:
    """Facet counts, the per-day histogram, the per-tag timeline and the map's places."""
    day = {"field": "published", "calendar_interval": "day", "format": "yyyy-MM-dd", "min_doc_count": 1}
    aggs: dict[str, Any] = {
        name: {"terms": {"field": index_field, "size": FACET_SIZE}}
        for name, index_field in FACET_FIELDS.items()
    }
    aggs["per_day"] = {"date_histogram": day}
    aggs["timeline"] = {"terms": {"field": "tags", "size": TIMELINE_TAGS},
                        "aggs": {"per_day": {"date_histogram": day}}}
    aggs["places"] = {"terms": {"field": "locations.name", "size": MAP_PLACES},
                      "aggs": {"sample": {"top_hits": {"size": 1, "_source": ["locations"]}}}}
    aggs["stories"] = {"cardinality": {"field": "story_id"}}
    return aggs


def _counts(agg: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"value": b["key"], "count": b["doc_count"]} for b in agg.get("buckets", [])]


def _days(agg: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"day": b["key_as_string"], "count": b["doc_count"]} for b in agg.get("buckets", [])]


def _point(location: dict[str, Any]) -> tuple[float, float] | None:
    """(lat, lon) from a stored location, whichever geo_point form it was written in."""
    geo = location.get("geo")
    if geo is None and "lat" in location:
        geo = {"lat": location["lat"], "lon": location["lon"]}
    try:
        if isinstance(geo, dict):
            return float(geo["lat"]), float(geo["lon"])
        if isinstance(geo, list | tuple) and len(geo) == 2:
            return float(geo[1]), float(geo[0])
        if isinstance(geo, str) and "," in geo:
            lat, lon = geo.split(",", 1)
            return float(lat), float(lon)
    except (KeyError, TypeError, ValueError):
        return None
    return None


def _places(agg: dict[str, Any]) -> list[dict[str, Any]]:
    places = []
    for bucket in agg.get("buckets", []):
        hits = bucket["sample"]["hits"]["hits"]
        locations = hits[0]["_source"].get("locations", []) if hits else []
        match = next((loc for loc in locations if loc.get("name") == bucket["key"]), None)
        point = _point(match) if match else None
        if point:
            places.append({"name": bucket["key"], "country": match.get("country"),
                           "lat": point[0], "lon": point[1], "count": bucket["doc_count"]})
    return places


def facets_from(aggs: dict[str, Any], total: int) -> dict[str, Any]:
    """The facet answer: counts per value, per day, per tag per day, and per place."""
    facets: dict[str, Any] = {name: _counts(aggs[name]) for name in FACET_FIELDS}
    facets["per_day"] = _days(aggs["per_day"])
    facets["timeline"] = {b["key"]: _days(b["per_day"]) for b in aggs["timeline"]["buckets"]}
    facets["places"] = _places(aggs["places"])
    facets["total_articles"] = total
    facets["total_stories"] = aggs["stories"]["value"]
    return facets


def story_from(story_id: str, hits: list[dict[str, Any]], total: int) -> dict[str, Any]:
    """A story: its articles oldest first, its outlets, tags and time span."""
    articles = [hit["_source"] for hit in hits]
    published = [a["published"] for a in articles if a.get("published")]
    return {
        "story_id": story_id,
        "total_articles": total,
        "sources": sorted({a["source"] for a in articles if a.get("source")}),
        "tags": sorted({tag for a in articles for tag in a.get("tags") or []}),
        "first_published": min(published) if published else None,
        "last_published": max(published) if published else None,
        "articles": articles,
    }
