"""`sitrep rules validate|list|test`: check, show and dry-run the analysts' alert rules.

Exit codes: 0 when all is well, 1 when a rule is invalid or Elasticsearch refuses a query,
2 when a named rule does not exist.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from elasticsearch import ApiError
from elasticsearch import ConnectionError as EsConnectionError

from connectors.elasticsearch_client import make_client
from pipelines.alerting.evaluate import dry_run
from pipelines.alerting.rules import RuleError, load_rules, parse_duration
from pipelines.alerting.sync import query_errors


def register(subparsers: Any) -> None:
    """Add `rules` with its three actions."""
    parser = subparsers.add_parser("rules", help="validate, list or dry-run alert rules",
                                   description="Alert rules are YAML files in the rules directory.")
    parser.add_argument("--dir", type=Path, help="rules directory (default: rules_dir from the config)")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    validate = actions.add_parser("validate", help="check every rule file against the schema and the index")
    validate.add_argument("--offline", action="store_true",
                          help="schema and taxonomy only; do not ask Elasticsearch to parse the queries")
    listing = actions.add_parser("list", help="show the rules")
    listing.add_argument("--all", action="store_true", help="include disabled rules")
    test = actions.add_parser("test", help="what RULE would have fired on the current index (sends nothing)")
    test.add_argument("rule")
    test.add_argument("--since", default="30d", help="how far back to look (default 30d)")
    test.add_argument("--limit", type=int, default=500, help="most matching articles to consider")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, config: Any) -> int:
    """Dispatch to the action; rule errors print file, line, rule and field."""
    rules_dir = args.dir or config.rules_dir
    try:
        rules = load_rules(rules_dir, include_disabled=True)
        if args.action == "list":
            return _list(rules, show_all=args.all)
        if args.action == "validate":
            return _validate(rules, config, offline=args.offline)
        return _test(rules, config, args)
    except RuleError as exc:
        print(f"sitrep rules: {exc}", file=sys.stderr)
        return 1
    except (ApiError, EsConnectionError) as exc:
        print(f"sitrep rules: Elasticsearch at {config.elasticsearch.url}: {exc}", file=sys.stderr)
        return 1


def _list(rules: list, *, show_all: bool) -> int:
    for rule in rules:
        if not (rule.enabled or show_all):
            continue
        channels = ",".join(sorted({next(iter(t)) for t in rule.notify})) or "-"
        state = "" if rule.enabled else "  (disabled)"
        print(f"{rule.name:<28} {rule.type:<10} realert={rule.spec.get('realert', '-'):<5} "
              f"notify={channels:<16} {rule.file}{state}")
    return 0


def _validate(rules: list, config: Any, *, offline: bool) -> int:
    if not offline:
        client = make_client(config.elasticsearch)
        try:
            errors = query_errors(client, config.elasticsearch, [r for r in rules if r.enabled])
        finally:
            client.close()
        for error in errors:
            print(f"sitrep rules: {error}", file=sys.stderr)
        if errors:
            return 1
    files = len({rule.file for rule in rules})
    print(f"ok: {len(rules)} rules in {files} files" + (" (schema only)" if offline else ""))
    return 0


def _test(rules: list, config: Any, args: argparse.Namespace) -> int:
    rule = next((r for r in rules if r.name == args.rule), None)
    if rule is None:
        print(f"sitrep rules test: no rule named {args.rule!r}; known: "
              + ", ".join(r.name for r in rules), file=sys.stderr)
        return 2
    now = datetime.now(UTC)
    client = make_client(config.elasticsearch)
    try:
        found = dry_run(client, config.elasticsearch, rule, now - parse_duration(args.since), now, args.limit)
    finally:
        client.close()
    print(f"{rule.name}: would fire {len(found)} alert(s) over the last {args.since} (dry run, nothing sent)")
    for candidate in found:
        print(f"- [{candidate.key}] {candidate.message}")
        for article in candidate.articles[:5]:
            phrase = f"  matched: {', '.join(article.matched)}" if article.matched else ""
            print(f"    {article.published or '?'}  [{article.language or '?'}]  {article.source}  "
                  f"{article.title}{phrase}")
    return 0
