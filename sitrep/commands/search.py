"""`sitrep search`: the analysts' full-text search from the terminal.

Prints one row per story with highlighted snippets (or JSON with --json). Exit codes: 0 results
shown (even none), 2 the query or an option is wrong, 3 Elasticsearch could not answer.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
from typing import Any, TextIO

from connectors.elasticsearch_client import make_client
from connectors.search import QueryError, SearchUnavailable
from connectors.search.request import SORTS, SearchRequest
from connectors.search.service import facets, search
from sitrep.config import Config

_MARK = re.compile(r"<mark>(.*?)</mark>", re.DOTALL)
FACET_LINES = 8


def register(subparsers: Any) -> None:
    """Add the `search` subcommand to the sitrep CLI."""
    parser = subparsers.add_parser(
        "search", help="full-text search of the indexed articles",
        description='Query syntax: words, "phrases", AND / OR / NOT (or -word), ( ), prefix*, '
                    "field:value for title, text, source, tag, country, event, lang.")
    parser.add_argument("query", nargs="?", default="", help="the query (empty: everything)")
    for flag, dest, what in (("--tag", "tags", "tag id"), ("--event-type", "event_types", "event type"),
                             ("--country", "countries", "ISO country code"),
                             ("--source", "sources", "source domain"), ("--lang", "languages", "language")):
        parser.add_argument(flag, dest=dest, action="append", default=[], metavar=what.split()[-1].upper(),
                            help=f"only this {what} (repeat for any of several)")
    parser.add_argument("--since", help="7d, 24h, 2w, YYYY-MM-DD or ISO 8601")
    parser.add_argument("--until", help="YYYY-MM-DD (inclusive) or ISO 8601")
    parser.add_argument("--sort", choices=SORTS, default="relevance")
    parser.add_argument("--recency", metavar="AGE",
                        help="favour recent articles: half the score at AGE (e.g. 7d)")
    parser.add_argument("--exact", action="store_true", help="no inflection expansion; stop words kept")
    parser.add_argument("--limit", type=int, default=10, help="rows per page (default 10)")
    parser.add_argument("--page", type=int, default=1, help="page number (shallow paging)")
    parser.add_argument("--cursor", help="the cursor printed with the previous page (deep paging)")
    parser.add_argument("--no-group", dest="group", action="store_false",
                        help="one row per article instead of per story")
    parser.add_argument("--facets", action="store_true", help="also print facet counts")
    parser.add_argument("--json", action="store_true", help="print the JSON answer")
    parser.set_defaults(func=run)


def request_from(args: argparse.Namespace) -> SearchRequest:
    """The search request the command line describes."""
    return SearchRequest(
        query=args.query, tags=tuple(args.tags), event_types=tuple(args.event_types),
        countries=tuple(args.countries), sources=tuple(args.sources), languages=tuple(args.languages),
        since=args.since, until=args.until, sort=args.sort, limit=args.limit, page=args.page,
        cursor=args.cursor, group=args.group, recency=args.recency, exact=args.exact)


def plain(fragment: str, emphasis: tuple[str, str]) -> str:
    """A highlighted fragment for the terminal: marks become ``emphasis``, HTML is unescaped."""
    marked = _MARK.sub(lambda m: f"{emphasis[0]}{m.group(1)}{emphasis[1]}", fragment)
    return " ".join(html.unescape(marked).split())


def print_page(page: dict[str, Any], out: TextIO, emphasis: tuple[str, str]) -> None:
    """Rows as numbered blocks, then totals and the next cursor."""
    for number, row in enumerate(page["results"], start=1):
        title = plain(row["title_html"], emphasis) if row.get("title_html") else row["title"]
        meta = [row.get("source") or "", (row.get("published") or "")[:10]]
        if row.get("more_outlets"):
            meta.append(f"and {row['more_outlets']} more outlet{'s' if row['more_outlets'] > 1 else ''}")
        print(f"{number:>2}. {title}", file=out)
        print(f"    {' · '.join(m for m in meta if m)}", file=out)
        for snippet in row.get("snippets") or []:
            print(f"    …{plain(snippet, emphasis)}…", file=out)
        if row.get("tags"):
            print(f"    tags: {', '.join(row['tags'])}", file=out)
        print(f"    id {row['id']}  story {row.get('story_id')}", file=out)
    shown = "stories" if page["grouped"] else "articles"
    print(f"{len(page['results'])} {shown} shown of {page['total_stories']} stories "
          f"({page['total_articles']} articles)" + (" — partial, timed out" if page["timed_out"] else ""),
          file=out)
    if page["next_cursor"]:
        print(f"next page: --cursor {page['next_cursor']}", file=out)


def print_facets(counts: dict[str, Any], out: TextIO) -> None:
    """Top facet values per field and the per-day histogram."""
    for name in ("tags", "event_types", "countries", "sources", "languages"):
        values = ", ".join(f"{f['value']} {f['count']}" for f in counts[name][:FACET_LINES])
        print(f"{name}: {values or '-'}", file=out)
    print("per day: " + ", ".join(f"{d['day']} {d['count']}" for d in counts["per_day"]), file=out)


def run(args: argparse.Namespace, config: Config) -> int:
    """Search, print, and say clearly what was wrong when nothing could be searched."""
    client = make_client(config.elasticsearch)
    limits = config.api.limits()
    index = config.elasticsearch.articles_alias
    try:
        wanted = request_from(args)
        page = search(client, index, wanted, limits)
        counts = facets(client, index, wanted, limits) if args.facets else None
    except QueryError as exc:
        print(f"sitrep search: {exc.param}: {exc.message}", file=sys.stderr)
        return 2
    except SearchUnavailable as exc:
        print(f"sitrep search: {exc}", file=sys.stderr)
        return 3
    finally:
        client.close()
    if args.json:
        print(json.dumps({**page, "facets": counts} if counts else page, ensure_ascii=False, indent=2))
        return 0
    emphasis = ("\033[1;30;43m", "\033[0m") if sys.stdout.isatty() else ("**", "**")
    print_page(page, sys.stdout, emphasis)
    if counts:
        print_facets(counts, sys.stdout)
    return 0
