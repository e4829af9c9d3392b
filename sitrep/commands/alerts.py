"""`sitrep alerts list|deliver`: the alert history, and a manual delivery pass for the backlog."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from typing import Any

from elasticsearch import ConnectionError as EsConnectionError

from connectors.alerts_store import AlertStoreError, list_alerts
from connectors.elasticsearch_client import make_client
from pipelines.alerting.delivery import deliver_pending
from pipelines.alerting.queries import iso
from pipelines.alerting.rules import parse_duration


def register(subparsers: Any) -> None:
    """Add `alerts` with its actions."""
    parser = subparsers.add_parser("alerts", help="list fired alerts or deliver pending ones",
                                   description="Alerts live in the alerts index: rule, articles, story, "
                                   "time, delivery status and every delivery attempt.")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="fired alerts, newest first")
    listing.add_argument("--rule", help="only this rule")
    listing.add_argument("--since", help="only alerts fired within this duration, e.g. 24h or 7d")
    listing.add_argument("--status", choices=("pending", "delivered"), help="only this delivery status")
    listing.add_argument("--limit", type=int, default=50)
    listing.add_argument("--json", action="store_true", help="one JSON object per line")
    actions.add_parser("deliver", help="send pending alerts now (the cycle does this too)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, config: Any) -> int:
    """List or deliver; 1 when Elasticsearch is unreachable or a delivery failed."""
    client = make_client(config.elasticsearch)
    try:
        if args.action == "deliver":
            report = deliver_pending(client, config.elasticsearch, config.alerts, datetime.now(UTC))
            print(f"sent {report.sent}, failed {report.failed}, still pending {len(report.pending_alerts)}")
            for error in report.errors:
                print(f"  {error}", file=sys.stderr)
            return 1 if report.failed else 0
        since = iso(datetime.now(UTC) - parse_duration(args.since)) if args.since else None
        alerts = list_alerts(client, config.elasticsearch, rule=args.rule, since=since, status=args.status,
                             limit=args.limit)
    except (AlertStoreError, EsConnectionError, ValueError) as exc:
        print(f"sitrep alerts: {exc}", file=sys.stderr)
        return 1
    finally:
        client.close()
    for alert in alerts:
        print(json.dumps(alert, ensure_ascii=False, default=str) if args.json else _line(alert))
    return 0


def _line(alert: dict[str, Any]) -> str:
    tries = len(alert.get("attempts") or [])
    title = (alert.get("articles") or [{}])[0].get("title") or alert.get("message", "")
    return (f"{alert.get('fired_at')}  {alert.get('rule'):<24} {alert.get('status'):<9} "
            f"attempts={tries:<2} {alert.get('key')}  {title}")
