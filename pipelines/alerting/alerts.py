"""Alerts: what a rule fired, for which story or key, with the articles that made it fire.

An alert's id is a hash of (rule, key, realert bucket), so evaluating the same batch twice
(a cycle re-run after a crash) produces the same id and Elasticsearch refuses the copy. An
event rule's id has no bucket: its key (event id + "new" or "toll>=N") fires once, ever.
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from pipelines.alerting.queries import HIGHLIGHT_POST, HIGHLIGHT_PRE, iso
from pipelines.alerting.rules import Rule

MAX_ARTICLES_PER_ALERT = 20
MARKED = re.compile(re.escape(HIGHLIGHT_PRE) + r"(.*?)" + re.escape(HIGHLIGHT_POST))
ADJACENT = re.compile(re.escape(HIGHLIGHT_POST) + r"(\s+)" + re.escape(HIGHLIGHT_PRE))


@dataclass(frozen=True)
class ArticleMatch:
    """One article a rule matched: what a notification shows about it."""

    id: str
    title: str
    source: str
    url: str
    published: str | None
    story_id: str
    tags: list[str] = field(default_factory=list)
    fatalities: int | None = None
    highlight: str | None = None
    matched: list[str] = field(default_factory=list)
    keys: dict[str, list[str]] = field(default_factory=dict)
    language: str | None = None


@dataclass(frozen=True)
class Candidate:
    """A rule that would fire for one key, before throttling decides whether it may."""

    rule: Rule
    key: str
    articles: list[ArticleMatch]
    count: int
    message: str
    story_id: str | None = None
    event: dict[str, Any] | None = None  # event rules: the event as notified, id fixed per firing


@dataclass(frozen=True)
class Alert:
    """A fired, throttled, recorded alert, as stored in the alerts index."""

    id: str
    rule: str
    rule_type: str
    key: str
    story_id: str | None
    article_ids: list[str]
    articles: list[dict[str, Any]]
    matched: list[str]
    count: int
    message: str
    fired_at: str
    deliver_after: str
    notify: list[dict[str, Any]]
    template: dict[str, str] | None
    status: str = "pending"
    event: dict[str, Any] | None = None

    def document(self) -> dict[str, Any]:
        """The alerts-index document (the id travels separately)."""
        doc = asdict(self)
        doc.pop("id")
        doc.update(attempts=[], delivered_targets=[], delivered_at=None)
        return doc


def article_match(hit: dict[str, Any], key_fields: tuple[str, ...] = ()) -> ArticleMatch:
    """An ArticleMatch from a search hit, with its best highlight and the marked phrases."""
    src = hit.get("_source", {})
    fragments = [frag for frags in hit.get("highlight", {}).values() for frag in frags]
    fragment = ADJACENT.sub(r"\1", fragments[0]) if fragments else None
    joined = [ADJACENT.sub(r"\1", f) for f in fragments]
    matched = sorted({html.unescape(m).lower() for f in joined for m in MARKED.findall(f)})
    keys = {name: _values(src, name) for name in key_fields}
    return ArticleMatch(
        id=str(src.get("id") or hit["_id"]), title=str(src.get("title") or ""),
        source=str(src.get("source") or ""), url=str(src.get("url") or ""),
        published=src.get("published"), story_id=str(src.get("story_id") or src.get("id") or hit["_id"]),
        tags=list(src.get("tags") or []), fatalities=src.get("fatalities"),
        highlight=fragment, matched=matched, keys=keys, language=src.get("language"),
    )


def _values(source: dict[str, Any], dotted: str) -> list[str]:
    """Values of a possibly dotted, possibly multi-valued field (`locations.country`)."""
    values: list[Any] = [source]
    for part in dotted.split("."):
        nxt: list[Any] = []
        for value in values:
            item = value.get(part) if isinstance(value, dict) else None
            nxt.extend(item if isinstance(item, list) else [item] if item is not None else [])
        values = nxt
    return [str(v) for v in values]


def alert_id(rule: str, key: str, now: datetime, realert: timedelta, once: bool = False) -> str:
    """Deterministic id: the same rule, key and realert bucket always give the same id.

    `once` leaves the bucket out: an event rule's key (event id + what fired) fires once ever.
    """
    bucket = "once" if once else int(now.timestamp() // max(realert.total_seconds(), 1))
    return hashlib.sha256(f"{rule}\x1f{key}\x1f{bucket}".encode()).hexdigest()[:32]


def digest_time(now: datetime, window: timedelta | None) -> datetime:
    """When an alert may be sent: now, or the end of its aggregation window."""
    if window is None:
        return now
    seconds = window.total_seconds()
    return datetime.fromtimestamp((now.timestamp() // seconds + 1) * seconds, tz=UTC)


def to_alert(candidate: Candidate, now: datetime) -> Alert:
    """The recorded form of a candidate that throttling let through."""
    rule = candidate.rule
    articles = candidate.articles[:MAX_ARTICLES_PER_ALERT]
    matched = sorted({phrase for article in articles for phrase in article.matched})
    return Alert(
        id=alert_id(rule.name, candidate.key, now, rule.realert, once=candidate.event is not None),
        rule=rule.name, rule_type=rule.type,
        key=candidate.key, story_id=candidate.story_id, article_ids=[a.id for a in articles],
        articles=[_article_doc(a) for a in articles], matched=matched, count=candidate.count,
        message=candidate.message, fired_at=iso(now), deliver_after=iso(digest_time(now, rule.aggregate)),
        notify=rule.notify, template=rule.spec.get("template"), event=candidate.event,
    )


def _article_doc(article: ArticleMatch) -> dict[str, Any]:
    doc = asdict(article)
    doc.pop("keys")
    return doc
