"""`sitrep events list|show|export` against the real events index."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace

import pytest
from event_reports import report

from connectors.elasticsearch_indices import ensure_indices
from pipelines.events.relink import relink
from sitrep.cli import build_parser
from sitrep.commands import events as events_command

pytestmark = pytest.mark.integration


@pytest.fixture
def config(isolated_settings, es_client, servers):
    _, es = isolated_settings
    ensure_indices(es_client, es)
    relink(
        es_client,
        es.events_index,
        [
            report(places=("Kharkiv",), published="2024-07-08T09:00:00Z", fatalities=12, source="A"),
            report(places=("Dnipro",), published="2024-07-09T09:00:00Z", fatalities=3, source="B"),
        ],
    )
    return replace(servers, elasticsearch=es)


def sitrep_events(config, capsys, *argv: str) -> tuple[int, str]:
    args = build_parser(("events",)).parse_args(["events", *argv])
    code = events_command.run(args, config)
    return code, capsys.readouterr().out


def test_list_prints_one_line_per_event_latest_first(config, capsys):
    code, out = sitrep_events(config, capsys, "list")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 2
    assert "Dnipro, UA  3 killed" in lines[0] and "Kharkiv, UA  12 killed" in lines[1]


def test_show_prints_the_event_with_its_reports(config, capsys):
    _code, out = sitrep_events(config, capsys, "list", "--json", "--min-fatalities", "10")
    event_id = json.loads(out.splitlines()[0])["id"]
    code, shown = sitrep_events(config, capsys, "show", event_id)
    assert code == 0 and "reports:" in shown and "toll: 12 (latest_single_report)" in shown
    assert sitrep_events(config, capsys, "show", "ev-none")[0] == 2


def test_export_writes_acled_columns(config, capsys):
    code, out = sitrep_events(config, capsys, "export", "--format", "acled", "--country", "ua")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and {r["location"] for r in rows} == {"Kharkiv", "Dnipro"}
    assert {r["country"] for r in rows} == {"Ukraine"}


def test_export_writes_geojson_to_a_file(config, capsys, tmp_path):
    target = tmp_path / "events.geojson"
    code, _out = sitrep_events(config, capsys, "export", "--format", "geojson", "--output", str(target))
    assert code == 0 and len(json.loads(target.read_text())["features"]) == 2
