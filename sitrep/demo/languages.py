"""What `make run` shows of the six demo languages: one tag found in every language, and the
alerts that articles not in English fired.

Both read what the cycle just wrote (the articles alias and the alerts index), so the demo
shows the pipeline's own findings: the tag comes from each language's tagger rules, not from
translating a query.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from elasticsearch import Elasticsearch

from connectors.search.errors import SearchNotFound
from connectors.search.request import SearchRequest
from connectors.search.service import get_article, search

CROSS_LANGUAGE_TAG = "ceasefire_collapse"
ENGLISH = "en"


def result_line(row: dict[str, Any]) -> str:
    """One article as a line: its language first, so a mixed list reads at a glance."""
    day = (row.get("published") or "")[:10]
    return f"  [{row.get('language') or '??'}] {row.get('title') or '(no title)'}  ({day})"


def tag_across_languages(client: Elasticsearch, alias: str, tag: str, limit: int = 20) -> list[str]:
    """Every article carrying ``tag``, newest first, one line each, then which languages they span."""
    page = search(client, alias, SearchRequest(tags=(tag,), group=False, sort="newest", limit=limit))
    rows = page["results"]
    languages = sorted({row.get("language") or "??" for row in rows})
    return [*map(result_line, rows),
            f"  {page['total_articles']} articles in {len(languages)} languages: {', '.join(languages)}"]


def indexed_language(client: Elasticsearch, alias: str, article_id: str) -> str | None:
    """An article's language as the index has it (for alerts that did not record it)."""
    try:
        return get_article(client, alias, article_id).get("language")
    except SearchNotFound:
        return None


def non_english_alerts(alerts: Iterable[dict[str, Any]],
                       lookup: Callable[[str], str | None] = lambda _id: None) -> list[str]:
    """The alerts fired by articles whose language is not English, one line per article; the
    language is the one the alert recorded, else ``lookup(article id)``."""
    lines = []
    for alert in alerts:
        for article in alert.get("articles") or []:
            language = article.get("language") or lookup(article.get("id", ""))
            if language and language != ENGLISH:
                lines.append(f"  {alert.get('rule', '?'):<20} [{language}] {article.get('title', '')}")
    return lines
