"""Events out as CSV, GeoJSON and ACLED's columns."""

from __future__ import annotations

import csv
import io
import json

import pytest
from event_reports import report

from pipelines.events.export import ACLED_COLUMNS, export
from pipelines.events.linking import cluster_reports
from pipelines.events.records import event_document

pytestmark = pytest.mark.unit


@pytest.fixture
def events() -> list[dict]:
    """One placed event (Kharkiv) and one with only a country."""
    placed = event_document(cluster_reports([report(fatalities=12)])[0])
    vague = event_document(cluster_reports([report(places=(), countries=["UA"], fatalities=None)])[0])
    return [placed, vague]


def test_acled_export_uses_acled_column_names_and_values(events: list[dict]) -> None:
    rows = list(csv.DictReader(io.StringIO(export(events, "acled"))))
    assert tuple(rows[0]) == ACLED_COLUMNS
    first = rows[0]
    assert (first["event_type"], first["country"], first["location"]) == (
        "Explosions/Remote violence",
        "Ukraine",
        "Kharkiv",
    )
    assert (first["latitude"], first["geo_precision"], first["fatalities"]) == ("49.98", "1", "12")
    assert (rows[1]["geo_precision"], rows[1]["latitude"]) == ("3", "")


def test_geojson_export_is_a_feature_collection_with_points(events: list[dict]) -> None:
    collection = json.loads(export(events, "geojson"))
    assert collection["type"] == "FeatureCollection"
    assert collection["features"][0]["geometry"] == {"type": "Point", "coordinates": [36.25, 49.98]}
    assert collection["features"][1]["geometry"] is None


def test_csv_export_has_one_row_per_event(events: list[dict]) -> None:
    rows = list(csv.DictReader(io.StringIO(export(events, "csv"))))
    assert [r["id"] for r in rows] == [e["id"] for e in events]


def test_an_unknown_format_is_refused(events: list[dict]) -> None:
    with pytest.raises(ValueError, match="unknown format"):
        export(events, "xlsx")
