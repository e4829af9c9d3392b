"""`sitrep tag`: tag JSON-lines articles with conflict events, offline, for checks and backfills.

Reads {"id", "title", "text"} per line (a null or absent title reads as empty) and writes
{"id", ...TagResult} per line. A bad line is reported on stderr with its line number and
skipped; the exit code says whether any was.
Each article is tagged with the rules of its language: the record's own `language` field,
else `--language`, else the language detected in its text (py3langid, as the normaliser
does); output lines then carry `tagged_language` (null: a language the tagger does not read).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from typing import Any, TextIO

from pipelines.tagger import EventTagger, MultilingualTagger

REQUIRED_FIELDS = ("id", "text")


def register(subparsers: Any) -> None:
    """Add the `tag` subcommand to the sitrep CLI."""
    parser = subparsers.add_parser(
        "tag", help="tag JSON-lines articles with conflict events (no servers needed)",
        description="Read {id, title, text} JSON lines and write one tagged JSON line each.")
    parser.add_argument("--input", metavar="FILE", default="-",
                        help="JSON-lines input file (default: stdin)")
    parser.add_argument("--output", metavar="FILE", default="-",
                        help="JSON-lines output file (default: stdout)")
    parser.add_argument("--language", metavar="CODE", default=None,
                        help="language of records without a `language` field (default: detected)")
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
    # feeds and exports often carry no title: null or absent reads as an empty one
    title = "" if record.get("title") is None else record["title"]
    if not (isinstance(title, str) and isinstance(record["text"], str)):
        return None, f"line {number}: title and text must be strings"
    return {**record, "title": title}, None


def article_language(record: dict[str, Any], default: str | None) -> str | None:
    """The record's `language`, else the default (`--language`), else detected in its text."""
    language = record.get("language") or default
    if language:
        return str(language)
    from pipelines.normalise import detect_language  # py3langid (and Beam): only when needed

    return detect_language(record["text"])


def tag_record(
    tagger: EventTagger | MultilingualTagger, record: dict[str, Any], language: str | None
) -> dict[str, Any]:
    """One record's tagger fields: in its own language's rules with a MultilingualTagger."""
    if isinstance(tagger, EventTagger):
        return tagger.tag(record["title"], record["text"]).to_dict()
    return tagger.tag(record["title"], record["text"], article_language(record, language)).to_dict()


def tag_lines(
    tagger: EventTagger | MultilingualTagger,
    lines: Iterable[str],
    out: TextIO,
    err: TextIO,
    language: str | None = None,
) -> int:
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
        result = tag_record(tagger, record, language)
        out.write(json.dumps({"id": record["id"], **result}, ensure_ascii=False) + "\n")
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
    tagger = MultilingualTagger()
    try:
        sink = _open(args.output, "w", sys.stdout)
    except OSError as error:
        print(f"sitrep tag: cannot write {args.output}: {error.strerror}", file=sys.stderr)
        return 1
    try:
        bad = tag_lines(tagger, source, sink, sys.stderr, getattr(args, "language", None))
    finally:
        for stream, default in ((source, sys.stdin), (sink, sys.stdout)):
            if stream is not default:
                stream.close()
    return 1 if bad else 0
