"""`sitrep events list|show|export`: one record per real-world event, for analysts.

Events are linked from tagged articles by the processing cycle (README "Events"); these
commands read the events index only.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from typing import Any

from elasticsearch import ConnectionError as EsConnectionError

from connectors.elasticsearch_client import make_client
from connectors.events_store import EventStoreError, get_event, list_events
from pipelines.alerting.rules import parse_duration
from pipelines.events.export import FORMATS, export

EXPORT_LIMIT = 10_000


def _filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--tag", action="append", default=[], help="only events with this tag (repeatable)")
    parser.add_argument("--event-type", action="append", default=[], help="only this event type (repeatable)")
    parser.add_argument("--country", action="append", default=[], help="ISO code, e.g. UA (repeatable)")
    parser.add_argument("--since", help="event day from: YYYY-MM-DD, or a duration back from today (7d)")
    parser.add_argument("--until", help="event day up to, inclusive: YYYY-MM-DD")
    parser.add_argument("--min-fatalities", type=int, help="only events with at least this toll")


def register(subparsers: Any) -> None:
    """Add `events` with its actions."""
    parser = subparsers.add_parser(
        "events",
        help="list, show or export linked events",
        description="Events: one record per real-world event, linked across "
        "outlets and languages from the tagged articles.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="events, latest event day first")
    _filters(listing)
    listing.add_argument("--limit", type=int, default=50)
    listing.add_argument("--json", action="store_true", help="one JSON object per line")
    show = actions.add_parser("show", help="one event with its reports and toll history")
    show.add_argument("event_id")
    show.add_argument("--json", action="store_true", help="the stored document as JSON")
    exporting = actions.add_parser("export", help="events as CSV, GeoJSON or ACLED-style CSV")
    _filters(exporting)
    exporting.add_argument("--format", choices=FORMATS, default="csv")
    exporting.add_argument("--output", metavar="FILE", help="write here instead of stdout")
    exporting.add_argument("--limit", type=int, default=EXPORT_LIMIT)
    parser.set_defaults(func=run)


def day_bound(value: str | None) -> str | None:
    """YYYY-MM-DD as given, or a duration (7d) as the day that long before now."""
    if not value:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date().isoformat()
    except ValueError:
        return (datetime.now(UTC) - parse_duration(value)).date().isoformat()


def filters_of(args: argparse.Namespace) -> dict[str, Any]:
    """The store's filters from the command's flags."""
    return {
        "tags": args.tag,
        "event_types": args.event_type,
        "countries": [c.upper() for c in args.country],
        "since": day_bound(args.since),
        "until": day_bound(args.until),
        "min_fatalities": args.min_fatalities,
    }


def run(args: argparse.Namespace, config: Any) -> int:
    """List, show or export; 1 when Elasticsearch is unreachable or a flag is wrong, 2: no such event."""
    client = make_client(config.elasticsearch)
    index = config.elasticsearch.events_index
    try:
        if args.action == "show":
            event = get_event(client, index, args.event_id)
            if event is None:
                print(f"sitrep events: no event {args.event_id}", file=sys.stderr)
                return 2
            print(json.dumps(event, ensure_ascii=False, indent=1) if args.json else describe(event))
            return 0
        full = args.action == "export"
        total, events = list_events(client, index, filters_of(args), limit=args.limit, full=full)
    except (EventStoreError, EsConnectionError, ValueError) as exc:
        print(f"sitrep events: {exc}", file=sys.stderr)
        return 1
    finally:
        client.close()
    if args.action == "export":
        return _write(export(events, args.format), args.output)
    for event in events:
        print(json.dumps(event, ensure_ascii=False) if args.json else line(event))
    if not args.json:
        print(f"{len(events)} of {total} events", file=sys.stderr)
    return 0


def _write(text: str, output: str | None) -> int:
    if output:
        with open(output, "w", encoding="utf-8") as handle:
            handle.write(text)
    else:
        sys.stdout.write(text)
    return 0


def line(event: dict[str, Any]) -> str:
    """One event on one line: day, type, place, toll, reports."""
    place = event.get("location") or {}
    where = ", ".join(p for p in (place.get("name"), place.get("country")) if p) or "?"
    toll = event.get("fatalities")
    killed = f"{toll} killed" if toll is not None else "toll unknown"
    return (
        f"{event['id']}  {event.get('event_date')}  {event.get('event_type')}  {where}  {killed}  "
        f"{event.get('report_count')} reports / {len(event.get('outlets') or [])} outlets "
        f"[{', '.join(event.get('languages') or [])}]  {event.get('title') or ''}"
    )


def describe(event: dict[str, Any]) -> str:
    """An event for reading: the summary line, the toll and its history, the reports."""
    lines = [
        line(event),
        f"  tags: {', '.join(event.get('tags') or [])}",
        f"  actors: {', '.join(event.get('actors') or [])}",
        f"  toll: {event.get('fatalities')} ({event.get('fatalities_basis')}), "
        f"range {event.get('fatalities_min')}-{event.get('fatalities_max')}",
    ]
    lines += [
        f"    {h['published']}  {h['toll']}  {h['source']}" for h in event.get("fatalities_history") or []
    ]
    lines.append("  reports:")
    lines += [
        f"    {r['published']}  [{r.get('language')}] {r.get('source')}: {r.get('title')}  {r.get('url')}"
        for r in event.get("reports") or []
    ]
    lines.append("  evidence:")
    lines += [f"    [{e.get('language')}] {e['sentence']}" for e in event.get("evidence") or []]
    return "\n".join(lines)
