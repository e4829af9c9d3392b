"""`sitrep tag`: tag JSON-lines articles with conflict events, offline, for checks and backfills.

Reads {"id", "title", "text"} per line and writes {"id", ...TagResult} per line. A bad line
is reported on stderr with its line number and skipped; the exit code says whether any was.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from typing import Any, TextIO

from pipelines.tagger import EventTagger

REQUIRED_FIELDS = ("id", "title", "text")


def register(subparsers: Any) -> None:
    """Add the `tag` subcommand to the sitrep CLI."""
    parser = subparsers.add_parser(
        "tag", help="tag JSON-lines articles with conflict events (no servers needed)",
        description="Read {id, title, text} JSON lines and write one tagged JSON line each.")
    parser.add_argument("--input", metavar="FILE", default="-",
                        help="JSON-lines input file (default: stdin)")
    parser.add_argument("--output", metavar="FILE", default="-",
                        help="JSON-lines output file (default: stdout)")
    parser.set_defaults(func=run)


def parse_line(line: str, number: int) -> tuple[dict[str, Any] | None, str | None]:
    """An article from one input line, or an error message naming the line."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return None, f"line {number}: not valid JSON ({error.msg})"
    if not isinstance(record, dict):
        return None, f"line {number}: expected a JSON object with id, title and text"
    missing = [name for name in REQUIRED_FIELDS if name not in record]
    if missing:
        return None, f"line {number}: missing field(s) {', '.join(missing)}"
    if not all(isinstance(record[name], str) for name in ("title", "text")):
        return None, f"line {number}: title and text must be strings"
    return record, None


def tag_lines(tagger: EventTagger, lines: Iterable[str], out: TextIO, err: TextIO) -> int:
    """Tag every good line into `out`, report bad ones on `err`; returns the bad-line count."""
    bad = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        record, error = parse_line(line, number)
        if record is None:
            bad += 1
            print(f"sitrep tag: {error}; skipped", file=err)
            continue
        result = tagger.tag(record["title"], record["text"])
        out.write(json.dumps({"id": record["id"], **result.to_dict()}, ensure_ascii=False) + "\n")
    return bad


def _open(path: str, mode: str, default: TextIO) -> TextIO:
    """The named file, or stdin/stdout for "-"."""
    return default if path == "-" else open(path, mode, encoding="utf-8")


def run(args: argparse.Namespace, config: object = None) -> int:
    """Run `sitrep tag`: 0 when every line was tagged, 1 when any line was bad.

    The tagger needs no servers, so the configuration is accepted and not used.
    """
    try:
        source = _open(args.input, "r", sys.stdin)
    except OSError as error:
        print(f"sitrep tag: cannot read {args.input}: {error.strerror}", file=sys.stderr)
        return 1
    tagger = EventTagger.from_schemas()
    try:
        sink = _open(args.output, "w", sys.stdout)
    except OSError as error:
        print(f"sitrep tag: cannot write {args.output}: {error.strerror}", file=sys.stderr)
        return 1
    try:
        bad = tag_lines(tagger, source, sink, sys.stderr)
    finally:
        for stream, default in ((source, sys.stdin), (sink, sys.stdout)):
            if stream is not default:
                stream.close()
    return 1 if bad else 0
